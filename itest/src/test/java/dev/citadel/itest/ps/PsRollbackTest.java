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
import dev.citadel.spe.ps.PsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TF-M's PS rollback-protection behaviours ({@code TFM_S_PS_TEST_3001-3009}): the three PS counters are put in each
 * state (counters only go up, so a state is built by choosing which to raise above the value the table was signed
 * with), the SPE is rebooted over the same flash, and set/get must succeed or fail as TF-M's acceptance rule says.
 * Where TF-M's prepare fails with {@code GENERIC_ERROR} (and then wipes), Citadel keeps the bytes and every call
 * answers {@code DATA_CORRUPT}.
 */
class PsRollbackTest {
    private final FlashDevice external = FlashDevice.inMemory(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
    private final FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
    private StorageSpe spe;
    private long signedWith;

    private PsaPs boot(Door door) {
        if (spe != null) {
            spe.close();
        }
        spe = new StorageSpe(external, PsConfig.defaults(), nv);
        return new PsaPs(spe.open(door));
    }

    @BeforeEach
    void storeOneAsset() throws Exception {
        PsaPs ps = boot(Door.FUNCTION_CALL);
        ps.set(1, bytes(32, 1), 0);
        ps.set(2, bytes(32, 2), 0);
        signedWith = spe.counters.read(NvCounterId.PS_0);
        assertThat(spe.counters.read(NvCounterId.PS_1)).isEqualTo(signedWith);
        assertThat(spe.counters.read(NvCounterId.PS_2)).isEqualTo(signedWith);
        spe.close();
        spe = null;
    }

    @AfterEach
    void close() {
        if (spe != null) {
            spe.close();
        }
    }

    /** Raises NVC1..3 by the given amounts over the value the active table was signed with. */
    private void raise(long d1, long d2, long d3) throws Exception {
        NvCounters c = NvCounters.open(nv);
        c.set(NvCounterId.PS_0, signedWith + d1);
        c.set(NvCounterId.PS_1, signedWith + d2);
        c.set(NvCounterId.PS_2, signedWith + d3);
    }

    private static void works(PsaPs ps) throws Exception {
        assertThat(ps.get(1, 0, 32)).isEqualTo(bytes(32, 1));
        ps.set(3, bytes(16, 3), 0);
        assertThat(ps.get(3, 0, 16)).isEqualTo(bytes(16, 3));
    }

    private static void refused(PsaPs ps) {
        assertStatus(() -> ps.get(1, 0, 32), PsaStatus.DATA_CORRUPT);
        assertStatus(() -> ps.getInfo(2), PsaStatus.DATA_CORRUPT);
        assertStatus(() -> ps.set(3, bytes(16, 3), 0), PsaStatus.DATA_CORRUPT);
        assertStatus(() -> ps.remove(2), PsaStatus.DATA_CORRUPT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3001AllCountersEqualToTheTableBootsAndWorks(Door door) throws Exception {
        works(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3002AllCountersAdvancedPastTheTableIsRefusedAndNothingIsWiped(Door door) throws Exception {
        raise(1, 1, 1);
        byte[] before = external.read(0, DeviceDirectory.DEFAULT_EXTERNAL_FLASH.size());
        refused(boot(door));
        assertThat(external.read(0, before.length)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3003Nvc1EqualsNvc2AndTheTableMatchesThemBoots(Door door) throws Exception {
        raise(0, 0, 1);
        works(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3004Nvc2EqualsNvc3AndTheTableMatchesThemBoots(Door door) throws Exception {
        raise(1, 0, 0); // a power cut after the NVC1 increment
        works(boot(door));
        // The next save re-aligned the counters: the store keeps booting.
        PsaPs again = boot(door);
        assertThat(again.get(3, 0, 16)).isEqualTo(bytes(16, 3));
        assertThat(spe.counters.read(NvCounterId.PS_1)).isEqualTo(spe.counters.read(NvCounterId.PS_0));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3005Nvc2EqualsNvc3ButTheTableMatchesNvc1Boots(Door door) throws Exception {
        raise(0, 1, 1);
        works(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3006AllDifferentAndTheTableMatchesNvc1Boots(Door door) throws Exception {
        raise(0, 1, 2);
        works(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3007AllDifferentAndTheTableMatchesNvc2IsRefused(Door door) throws Exception {
        raise(1, 0, 2);
        refused(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3008AllDifferentAndTheTableMatchesNvc3IsRefused(Door door) throws Exception {
        raise(1, 2, 0);
        refused(boot(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void test3009Nvc1AtItsMaximumMakesSetAGenericErrorButGetsWork(Door door) throws Exception {
        NvCounters.open(nv).set(NvCounterId.PS_0, NvCounters.MAX_VALUE);
        PsaPs ps = boot(door);
        assertThat(ps.get(1, 0, 32)).isEqualTo(bytes(32, 1));
        assertStatus(() -> ps.set(3, bytes(16, 3), 0), PsaStatus.GENERIC_ERROR);
        assertStatus(() -> ps.remove(2), PsaStatus.GENERIC_ERROR);
        assertThat(ps.get(2, 0, 32)).isEqualTo(bytes(32, 2));
        assertStatus(() -> ps.get(3, 0, 16), PsaStatus.DOES_NOT_EXIST);
    }
}
