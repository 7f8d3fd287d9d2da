package dev.citadel.itest.fwu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.bl2.BootResult;
import dev.citadel.hal.flash.FaultPlan;
import dev.citadel.hal.flash.PowerCut;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.fwu.FwuWire;
import org.junit.jupiter.api.Test;

/**
 * Power cuts across a whole update of the non-secure image: at every program and erase of {@code psa_fwu_start},
 * the writes, {@code finish} and {@code install}, and of the trial swap at the following boot, each cut after the
 * operation and torn in its middle ({@code -Dfwu.campaign.seeds=N} torn seeds, raised by {@code -Pcampaign}). After
 * each cut BL2 runs on what the flash holds: both images verify, the secure image is v1 and the non-secure one v1
 * or v2 and whole, and a further boot still boots one of them. There is no cut after which neither boots.
 */
class FwuPowerCutTest {
    private static final int SEEDS = Integer.getInteger("fwu.campaign.seeds", 1);
    private static final byte[][] V1 = FwuStateMachineTest.V1;
    private static final byte[] V2 = FwuStateMachineTest.V2[1];

    /** The update up to the reboot's swap; stops at the first status that shows the power went. */
    private static void update(FwuRig rig) throws Exception {
        PsaFwu f = rig.fwu(Door.FUNCTION_CALL);
        if (f.start(1, null) != 0) {
            return;
        }
        for (int off = 0; off < V2.length; off += FwuWire.MAX_WRITE_SIZE) {
            if (f.write(1, off, V2, off, Math.min(FwuWire.MAX_WRITE_SIZE, V2.length - off)) != 0) {
                return;
            }
        }
        if (f.finish(1) != 0 || f.install() != PsaStatus.SUCCESS_REBOOT.value()) {
            return;
        }
        rig.boot(); // BL2's trial swap
    }

    @Test
    void everyCutOfAnUpdateAndItsSwapLeavesADeviceThatBootsAVerifiedImage() throws Exception {
        try (FwuRig rig = FwuRig.factory(V1[0], V1[1])) {
            rig.restartSpeOnly();
            byte[][] start = rig.snapshot();
            rig.rail.arm(FaultPlan.never());
            update(rig);
            long ops = rig.rail.operations();
            BootResult done = rig.bl2().boot();
            assertThat(FwuRig.booted(done, 1)).as("the uncut update reverts at the next boot").isEqualTo(V1[1]);
            assertThat(ops).isGreaterThan(20);
            long cuts = 0;
            int sawV2 = 0;
            for (long n = 1; n <= ops; n++) {
                for (int seed = 0; seed <= SEEDS; seed++) {
                    rig.stopSpe();
                    rig.restore(start);
                    rig.rail.arm(seed == 0 ? FaultPlan.cutAfter(n) : FaultPlan.tornAt(n, seed * 7919L + n));
                    try {
                        rig.restartSpeOnly();
                        update(rig);
                    } catch (PowerCut expected) {
                        // BL2 or the SPE's start was cut; the FWU calls report it as a status
                    }
                    assertThat(rig.rail.isDown()).as("cut %d/%d", n, ops).isTrue();
                    rig.stopSpe();
                    rig.rail.reboot();
                    String at = "cut at " + n + "/" + ops + (seed == 0 ? "" : " torn " + seed);
                    BootResult r = rig.bl2().boot();
                    assertThat(r.allVerified()).as(at + ": " + r.log()).isTrue();
                    assertThat(FwuRig.booted(r, 0)).as(at).isEqualTo(V1[0]);
                    byte[] ns = FwuRig.booted(r, 1);
                    assertThat(ns).as(at).satisfiesAnyOf(b -> assertThat(b).isEqualTo(V1[1]),
                            b -> assertThat(b).isEqualTo(V2));
                    if (ns.length == V2.length && java.util.Arrays.equals(ns, V2)) {
                        sawV2++;
                    }
                    BootResult again = rig.bl2().boot();
                    assertThat(again.allVerified()).as(at + " (next boot): " + again.log()).isTrue();
                    assertThat(FwuRig.booted(again, 1)).as(at).satisfiesAnyOf(b -> assertThat(b).isEqualTo(V1[1]),
                            b -> assertThat(b).isEqualTo(V2));
                    cuts++;
                }
            }
            assertThat(sawV2).as("cuts inside the swap's last steps boot the trial image").isPositive();
            System.out.printf("FWU power-cut campaign: %d cut points over %d operations (update and its swap), "
                    + "%d torn seeds each; v2 booted after %d of them%n", cuts, ops, SEEDS, sawV2);
        }
    }
}
