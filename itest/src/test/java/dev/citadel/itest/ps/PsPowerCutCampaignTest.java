package dev.citadel.itest.ps;

import static dev.citadel.itest.ps.PsTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.flash.FaultInjectingFlash;
import dev.citadel.hal.flash.FaultPlan;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerRail;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.ps.PsConfig;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cuts power at every program and erase of each kind of PS update, on the external flash and the NV counters alike
 * (one {@link PowerRail}), clean and torn, reboots the SPE, and checks that the touched asset is entirely old or
 * entirely new, every other asset is intact and the store keeps working. {@code -Dps.campaign.seeds=N} sets the torn
 * seeds per cut point (default 32).
 */
class PsPowerCutCampaignTest {
    private static final FlashGeometry GEOMETRY = new FlashGeometry(4096, 16, 1);
    private static final PsConfig CONFIG = new PsConfig(0, 16, 1, 600, 8);
    private static final int SEEDS = Integer.getInteger("ps.campaign.seeds", 32);
    private static final long TOUCHED = 7;
    private static final int[] OTHER_CLIENTS = {-1, -2, -1};
    private static final int[] OTHER_SIZES = {400, 1, 590};

    enum Update {
        NEW(null, 200),
        OVERWRITE(300, 300),
        GROW(100, 580),
        SHRINK(590, 20),
        REMOVE(250, null);

        final Integer before;
        final Integer after;

        Update(Integer before, Integer after) {
            this.before = before;
            this.after = after;
        }
    }

    @ParameterizedTest
    @EnumSource(Update.class)
    void everyCutLeavesOldOrNew(Update update) throws Exception {
        byte[] oldValue = update.before == null ? null : bytes(update.before, 1);
        byte[] newValue = update.after == null ? null : bytes(update.after, 2);
        FlashDevice external = FlashDevice.inMemory(GEOMETRY);
        FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
        try (StorageSpe spe = new StorageSpe(external, CONFIG, nv)) {
            Dispatcher d = spe.open(Door.FUNCTION_CALL);
            new PsaPs(d.asClient(-1)).set(100, bytes(OTHER_SIZES[0], 10), 0);
            if (oldValue != null) {
                new PsaPs(d.asClient(-1)).set(TOUCHED, oldValue, 0);
            }
            for (int i = 1; i < OTHER_SIZES.length; i++) {
                new PsaPs(d.asClient(OTHER_CLIENTS[i])).set(100 + i, bytes(OTHER_SIZES[i], 10 + i), 0);
            }
        }
        byte[] extImage = external.read(0, GEOMETRY.size());
        byte[] nvImage = nv.read(0, NvCounters.GEOMETRY.size());
        PowerRail rail = new PowerRail();
        long ops = run(extImage, nvImage, rail, FaultPlan.never(), newValue);
        assertThat(ops).isPositive();
        long cuts = 0;
        for (long n = 1; n <= ops; n++) {
            for (int seed = -1; seed < SEEDS; seed++) {
                FaultPlan plan = seed < 0 ? FaultPlan.cutAfter(n) : FaultPlan.tornAt(n, seed * 7919L + n);
                FaultInjectingFlash ext = new FaultInjectingFlash(restore(GEOMETRY, extImage), rail);
                FaultInjectingFlash nvc = new FaultInjectingFlash(restore(NvCounters.GEOMETRY, nvImage), rail);
                rail.reboot();
                try (StorageSpe spe = new StorageSpe(ext, CONFIG, nvc)) {
                    rail.arm(plan);
                    try {
                        apply(new PsaPs(spe.open(Door.FUNCTION_CALL).asClient(-1)), newValue);
                    } catch (PsaException expected) {
                        // the cut surfaced as a status
                    }
                    assertThat(rail.isDown()).as("no cut at %s", plan).isTrue();
                }
                rail.reboot();
                try (StorageSpe spe = new StorageSpe(ext, CONFIG, nvc)) {
                    check(spe.open(Door.FUNCTION_CALL), oldValue, newValue, plan);
                }
                cuts++;
            }
        }
        System.out.printf("PS power-cut campaign %s: %d cut points covered over %d operations (%d torn seeds each)%n",
                update, cuts, ops, SEEDS);
    }

    private static void check(Dispatcher d, byte[] oldValue, byte[] newValue, FaultPlan plan) throws Exception {
        PsaPs owner = new PsaPs(d.asClient(-1));
        byte[] now;
        try {
            now = owner.get(TOUCHED, 0, 4096);
        } catch (PsaException e) {
            assertThat(e.psaStatus()).as("touched asset after %s", plan).isEqualTo(PsaStatus.DOES_NOT_EXIST);
            now = null;
        }
        assertThat(Arrays.equals(now, oldValue) || Arrays.equals(now, newValue)).as("torn asset after %s", plan)
                .isTrue();
        for (int i = 0; i < OTHER_SIZES.length; i++) {
            assertThat(new PsaPs(d.asClient(OTHER_CLIENTS[i])).get(100 + i, 0, 4096)).as("other asset after %s", plan)
                    .isEqualTo(bytes(OTHER_SIZES[i], 10 + i));
        }
        PsaPs probe = new PsaPs(d.asClient(-3));
        probe.set(99, bytes(50, 5), 0);
        assertThat(probe.get(99, 0, 50)).isEqualTo(bytes(50, 5));
        probe.remove(99);
    }

    private static long run(byte[] extImage, byte[] nvImage, PowerRail rail, FaultPlan plan, byte[] value)
            throws Exception {
        FaultInjectingFlash ext = new FaultInjectingFlash(restore(GEOMETRY, extImage), rail);
        FaultInjectingFlash nvc = new FaultInjectingFlash(restore(NvCounters.GEOMETRY, nvImage), rail);
        rail.reboot();
        try (StorageSpe spe = new StorageSpe(ext, CONFIG, nvc)) {
            rail.arm(plan);
            apply(new PsaPs(spe.open(Door.FUNCTION_CALL).asClient(-1)), value);
            return rail.operations();
        }
    }

    private static void apply(PsaPs ps, byte[] value) throws PsaException {
        if (value == null) {
            ps.remove(TOUCHED);
        } else {
            ps.set(TOUCHED, value, 0);
        }
    }

    private static FlashDevice restore(FlashGeometry g, byte[] image) throws Exception {
        FlashDevice flash = FlashDevice.inMemory(g);
        flash.program(0, image);
        return flash;
    }
}
