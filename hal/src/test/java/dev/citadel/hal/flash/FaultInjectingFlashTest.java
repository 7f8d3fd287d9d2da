package dev.citadel.hal.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultInjectingFlashTest {
    static final FlashGeometry G = new FlashGeometry(64, 4, 4);

    final FlashDevice medium = FlashDevice.inMemory(G);
    final PowerRail rail = new PowerRail();
    final FaultInjectingFlash flash = new FaultInjectingFlash(medium, rail);

    static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void programsAndErasesAreCountedButReadsAndSyncsAreNot() throws Exception {
        flash.program(0, fill(4, 0));
        flash.erase(0);
        flash.read(0, 4);
        flash.sync();

        assertThat(rail.operations()).isEqualTo(2);
    }

    @Test
    void aCleanCutAppliesTheNthOperationThenRefusesEverything() throws Exception {
        rail.arm(FaultPlan.cutAfter(2));
        flash.program(0, fill(4, 0x11));

        assertThatThrownBy(() -> flash.program(4, fill(4, 0x22))).isInstanceOf(PowerCut.class);
        assertThat(medium.read(4, 4)).containsOnly((byte) 0x22);
        assertThatThrownBy(() -> flash.read(0, 4)).isInstanceOf(PowerCut.class);
        assertThatThrownBy(() -> flash.erase(1)).isInstanceOf(PowerCut.class);
        assertThatThrownBy(flash::sync).isInstanceOf(PowerCut.class);
        assertThat(medium.read(64, 64)).containsOnly((byte) 0xFF);
    }

    @Test
    void rebootRestoresServiceWithTheMediumAsLeft() throws Exception {
        rail.arm(FaultPlan.cutAfter(1));
        assertThatThrownBy(() -> flash.program(0, fill(4, 0x33))).isInstanceOf(PowerCut.class);

        rail.reboot();

        assertThat(flash.read(0, 4)).containsOnly((byte) 0x33);
        flash.program(4, fill(4, 0));
        assertThat(rail.operations()).isEqualTo(1);
    }

    @Test
    void aRefusedProgramDoesNotUseUpTheCut() throws Exception {
        flash.program(0, fill(4, 0));
        rail.arm(FaultPlan.cutAfter(1));

        assertThatThrownBy(() -> flash.program(0, fill(4, 1))).isNotInstanceOf(PowerCut.class);
        assertThat(rail.operations()).isZero();
        assertThat(rail.isDown()).isFalse();
    }

    @Test
    void tornProgramsOnlyClearBitsTheyWouldHaveClearedForEverySeed() throws Exception {
        byte[] old = new byte[64];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) (0xF0 | i);
        }
        byte[] target = new byte[64];
        for (int i = 0; i < target.length; i++) {
            target[i] = (byte) (old[i] & 0x3C);
        }
        int torn = 0;
        for (long seed = 0; seed < 200; seed++) {
            medium.erase(0);
            medium.program(0, old);
            rail.arm(FaultPlan.tornAt(1, seed));

            assertThatThrownBy(() -> flash.program(0, target)).isInstanceOf(PowerCut.class);

            byte[] after = medium.read(0, 64);
            for (int i = 0; i < 64; i++) {
                assertThat(after[i] & ~old[i] & 0xFF).as("no bit set at %d", i).isZero();
                assertThat(~after[i] & target[i] & 0xFF).as("no bit cleared beyond the target at %d", i).isZero();
            }
            if (!Arrays.equals(after, old) && !Arrays.equals(after, target)) {
                torn++;
            }
            rail.reboot();
        }
        assertThat(torn).as("seeds that left a partial program").isPositive();
    }

    @Test
    void tornErasesLeaveEachByteBetweenOldAndErasedAndTouchOnlyTheirSector() throws Exception {
        byte[] old = fill(64, 0x00);
        old[5] = 0x42;
        int partial = 0;
        for (long seed = 0; seed < 200; seed++) {
            medium.erase(1);
            medium.erase(2);
            medium.program(64, old);
            medium.program(128, fill(64, 0x77));
            rail.arm(FaultPlan.tornAt(1, seed));

            assertThatThrownBy(() -> flash.erase(1)).isInstanceOf(PowerCut.class);

            byte[] after = medium.read(64, 64);
            for (int i = 0; i < 64; i++) {
                assertThat(~after[i] & old[i] & 0xFF).as("only bits set at %d", i).isZero();
            }
            assertThat(medium.read(128, 64)).containsOnly((byte) 0x77);
            if (!Arrays.equals(after, old) && !Arrays.equals(after, fill(64, 0xFF))) {
                partial++;
            }
            rail.reboot();
        }
        assertThat(partial).as("seeds that left a partial erase").isPositive();
    }

    @Test
    void theSameSeedTearsTheSameWay() throws Exception {
        byte[][] results = new byte[2][];
        for (int run = 0; run < 2; run++) {
            medium.erase(0);
            rail.arm(FaultPlan.tornAt(1, 1234));
            assertThatThrownBy(() -> flash.program(0, fill(64, 0))).isInstanceOf(PowerCut.class);
            results[run] = medium.read(0, 64);
            rail.reboot();
        }

        assertThat(results[0]).isEqualTo(results[1]);
    }

    @Test
    void devicesOnOneRailShareTheCountAndTheCut() throws Exception {
        FlashDevice otherMedium = FlashDevice.inMemory(G);
        FaultInjectingFlash other = new FaultInjectingFlash(otherMedium, rail);
        rail.arm(FaultPlan.cutAfter(2));

        flash.program(0, fill(4, 0));
        assertThatThrownBy(() -> other.program(0, fill(4, 0))).isInstanceOf(PowerCut.class);

        assertThatThrownBy(() -> flash.read(0, 4)).isInstanceOf(PowerCut.class);
    }

    @Test
    void aCampaignCutsAtEveryOperationOfAScenario() throws Exception {
        rail.arm(FaultPlan.never());
        scenario();
        long total = rail.operations();
        int cuts = 0;
        for (long n = 1; n <= total; n++) {
            for (int s = 0; s < 4; s++) {
                medium.erase(s);
            }
            rail.arm(FaultPlan.cutAfter(n));
            assertThatThrownBy(this::scenario).isInstanceOf(PowerCut.class);
            assertThat(rail.operations()).isEqualTo(n);
            cuts++;
            rail.reboot();
        }

        assertThat(cuts).isEqualTo(total).isEqualTo(5);
    }

    private void scenario() throws FlashException {
        flash.program(0, fill(4, 1));
        flash.program(4, fill(4, 2));
        flash.erase(1);
        flash.program(64, fill(8, 3));
        flash.erase(0);
    }
}
