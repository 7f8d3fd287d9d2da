package dev.citadel.boot.bl2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.citadel.hal.flash.FaultPlan;
import dev.citadel.hal.flash.PowerCut;
import dev.citadel.hal.nv.NvCounterId;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cuts power at every program and erase of a test upgrade, of its revert and of a permanent upgrade of both images
 * (image 1 large enough that its swap moves the trailer's sectors), clean and torn with a few seeds; after each cut
 * a new BL2 over the same flash boots until done. It must end with both images verified, the old or the new ones as
 * the decision table says, and the other image whole in the secondary slot (swap modes).
 * {@code -Dbl2.campaign.seeds=N} sets the torn seeds per cut point (default 2).
 */
class PowerCutCampaignTest {
    private static final int SEEDS = Integer.getInteger("bl2.campaign.seeds", 2);

    private final byte[][] OLD = new byte[2][];
    private final byte[][] NEW = new byte[2][];

    /**
     * Image 1's new version is as large as the strategy allows: with swap using scratch it reaches the trailer's
     * sector, so that region's status goes through the scratch trailer.
     */
    private void makeImages(UpgradeStrategy strategy) throws Exception {
        OLD[0] = BootRig.image("1.0.0", 1, 3000, 1);
        OLD[1] = BootRig.image("1.0.0", 1, 12000, 2);
        NEW[0] = BootRig.image("1.1.0", 2, 3500, 3);
        NEW[1] = BootRig.image("1.1.0", 3, strategy == UpgradeStrategy.SWAP_USING_MOVE ? 13400 : 14800, 4);
    }

    private enum Phase { TEST_UPGRADE, REVERT, PERM_UPGRADE }

    @ParameterizedTest
    @EnumSource(UpgradeStrategy.class)
    void everyCutOfEveryPhaseEndsInAVerifiedImageAndLosesNone(UpgradeStrategy strategy) throws Exception {
        makeImages(strategy);
        long cuts = 0;
        for (Phase phase : Phase.values()) {
            if (phase == Phase.REVERT && strategy == UpgradeStrategy.OVERWRITE_ONLY) {
                continue; // overwrite-only has no trial boot to revert
            }
            BootRig rig = new BootRig(Bl2Config.defaults().withStrategy(strategy));
            prepare(rig, phase);
            byte[][] start = rig.snapshot();
            rig.rail.arm(FaultPlan.never());
            check(rig, phase, strategy, rig.boot(), false);
            long ops = rig.rail.operations();
            assertThat(ops).isPositive();
            for (long n = 1; n <= ops; n++) {
                for (int seed = 0; seed <= SEEDS; seed++) {
                    rig.restore(start);
                    rig.rail.arm(seed == 0 ? FaultPlan.cutAfter(n) : FaultPlan.tornAt(n, seed * 7919L + n));
                    try {
                        rig.boot();
                        fail("no cut at operation " + n + " of " + ops);
                    } catch (PowerCut expected) {
                        // the boot was interrupted here
                    }
                    rig.rail.reboot();
                    String at = strategy + " " + phase + " cut at " + n + "/" + ops + (seed == 0 ? "" : " torn " + seed);
                    try {
                        // A cut after the very last step of a trial swap leaves it complete but not yet run: the
                        // table then reverts both images, as MCUboot does after any reset before confirmation.
                        check(rig, phase, strategy, rig.boot(), phase == Phase.TEST_UPGRADE && n == ops);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(at + ": " + e.getMessage(), e);
                    }
                    cuts++;
                }
            }
        }
        System.out.printf("BL2 power-cut campaign %s: %d cut points covered (%d torn seeds each)%n", strategy, cuts,
                SEEDS);
    }

    /** The state before the boot under test. */
    private void prepare(BootRig rig, Phase phase) throws Exception {
        for (int i = 0; i < 2; i++) {
            rig.install(rig.primary(i), OLD[i]);
        }
        assertThat(rig.boot().allVerified()).isTrue(); // the factory image's first boot stores its counters
        for (int i = 0; i < 2; i++) {
            rig.install(rig.secondary(i), NEW[i]);
            rig.bl2().trailer().setPending(rig.secondary(i), i, phase == Phase.PERM_UPGRADE);
        }
        if (phase == Phase.REVERT) {
            BootResult trial = rig.boot(); // the trial boot; nobody confirms the new images
            assertThat(trial.allVerified()).isTrue();
        }
    }

    private void check(BootRig rig, Phase phase, UpgradeStrategy strategy, BootResult r, boolean revertAllowed)
            throws Exception {
        assertThat(r.allVerified()).as("%s", r.log()).isTrue();
        if (revertAllowed && Arrays.equals(((ImageBoot.Verified) r.image(0)).bytes(), OLD[0])) {
            phase = Phase.REVERT;
        }
        boolean upgraded = phase != Phase.REVERT;
        for (int i = 0; i < 2; i++) {
            byte[] running = upgraded ? NEW[i] : OLD[i];
            byte[] other = upgraded ? OLD[i] : NEW[i];
            assertThat(Arrays.equals(((ImageBoot.Verified) r.image(i)).bytes(), running)).as("image %d runs the %s "
                    + "version: %s", i, upgraded ? "new" : "old", r.log()).isTrue();
            assertThat(rig.holds(rig.primary(i), running)).isTrue();
            if (strategy != UpgradeStrategy.OVERWRITE_ONLY) {
                assertThat(rig.holds(rig.secondary(i), other)).as("image %d's other version is kept", i).isTrue();
            }
            SwapState p = rig.bl2().trailer().read(rig.primary(i));
            SwapState s = rig.bl2().trailer().read(rig.secondary(i));
            assertThat(s.magic()).as("no upgrade left pending").isEqualTo(BootMagic.UNSET);
            if (strategy != UpgradeStrategy.OVERWRITE_ONLY) {
                assertThat(p.magic()).isEqualTo(BootMagic.GOOD);
                assertThat(p.copyDone()).isEqualTo(BootFlag.SET);
                assertThat(p.imageOk()).isEqualTo(phase == Phase.TEST_UPGRADE ? BootFlag.UNSET : BootFlag.SET);
            }
        }
        long expected0 = phase == Phase.PERM_UPGRADE || strategy == UpgradeStrategy.OVERWRITE_ONLY ? 2 : 1;
        long expected1 = phase == Phase.PERM_UPGRADE || strategy == UpgradeStrategy.OVERWRITE_ONLY ? 3 : 1;
        assertThat(rig.counters().read(NvCounterId.BL2_0)).isEqualTo(expected0);
        assertThat(rig.counters().read(NvCounterId.BL2_1)).isEqualTo(expected1);
    }
}
