package dev.citadel.itest.ps;

import static dev.citadel.itest.ps.PsTest.assertStatus;
import static dev.citadel.itest.ps.PsTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.ps.FormatRequest;
import dev.citadel.spe.ps.PsConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PS area with no files: a new store on a fresh device or after a first save that was cut short; a rollback to the
 * erased state once a save has completed (the counters stay ahead of the area), unless the user formatted it.
 */
class PsEmptyAreaTest {
    private final FlashDevice external = FlashDevice.inMemory(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
    private final FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);

    private void counters(long nvc1, long nvc2, long nvc3) throws Exception {
        NvCounters c = NvCounters.open(nv);
        c.set(NvCounterId.PS_0, nvc1);
        c.set(NvCounterId.PS_1, nvc2);
        c.set(NvCounterId.PS_2, nvc3);
    }

    private static void works(PsaPs ps) throws Exception {
        assertStatus(() -> ps.get(1, 0, 8), PsaStatus.DOES_NOT_EXIST);
        ps.set(1, bytes(8, 1), 0);
        assertThat(ps.get(1, 0, 8)).isEqualTo(bytes(8, 1));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aFreshDeviceStartsAnEmptyStore(Door door) throws Exception {
        try (StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv)) {
            works(new PsaPs(spe.open(door)));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aFirstSaveCutAfterTheNvc1IncrementLeavesAWorkingEmptyStore(Door door) throws Exception {
        counters(1, 0, 0);
        try (StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv)) {
            works(new PsaPs(spe.open(door)));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anEmptyAreaAfterACompletedSaveIsARollback(Door door) throws Exception {
        counters(5, 5, 5);
        try (StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv)) {
            PsaPs ps = new PsaPs(spe.open(door));
            assertStatus(() -> ps.get(1, 0, 8), PsaStatus.DATA_CORRUPT);
            assertStatus(() -> ps.set(1, bytes(8, 1), 0), PsaStatus.DATA_CORRUPT);
            assertThat(spe.counters.read(NvCounterId.PS_0)).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anExplicitFormatIsHonouredOnce(Door door) throws Exception {
        counters(5, 5, 5);
        AtomicInteger consumed = new AtomicInteger();
        try (StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv,
                new FormatRequest(true, consumed::incrementAndGet))) {
            works(new PsaPs(spe.open(door)));
        }
        assertThat(consumed).hasValue(1);
        // The next boot finds the table the formatted store saved, so no request is needed any more.
        try (StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv)) {
            assertThat(new PsaPs(spe.open(door)).get(1, 0, 8)).isEqualTo(bytes(8, 1));
        }
    }
}
