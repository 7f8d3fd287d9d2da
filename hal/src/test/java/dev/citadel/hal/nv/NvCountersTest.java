package dev.citadel.hal.nv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.flash.FaultInjectingFlash;
import dev.citadel.hal.flash.FaultPlan;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.PowerCut;
import dev.citadel.hal.flash.PowerRail;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvCountersTest {
    @TempDir
    Path tmp;

    @Test
    void aBlankStoreReadsZeroEverywhere() throws Exception {
        NvCounters c = NvCounters.open(FlashDevice.inMemory(NvCounters.GEOMETRY));

        for (NvCounterId id : NvCounterId.values()) {
            assertThat(c.read(id)).isZero();
        }
    }

    @Test
    void incrementAddsOneToThatCounterOnly() throws Exception {
        NvCounters c = NvCounters.open(FlashDevice.inMemory(NvCounters.GEOMETRY));

        c.increment(NvCounterId.PS_1);
        c.increment(NvCounterId.PS_1);

        assertThat(c.read(NvCounterId.PS_1)).isEqualTo(2);
        assertThat(c.read(NvCounterId.PS_0)).isZero();
    }

    @Test
    void setCanRaiseButNeverLower() throws Exception {
        NvCounters c = NvCounters.open(FlashDevice.inMemory(NvCounters.GEOMETRY));
        c.set(NvCounterId.BL2_0, 7);

        assertThatThrownBy(() -> c.set(NvCounterId.BL2_0, 6))
                .isInstanceOf(NvCounterException.class)
                .hasMessageContaining("cannot go down");
        c.set(NvCounterId.BL2_0, 7);
        assertThat(c.read(NvCounterId.BL2_0)).isEqualTo(7);
    }

    @Test
    void aCounterAtItsMaximumRefusesToWrapAround() throws Exception {
        NvCounters c = NvCounters.open(FlashDevice.inMemory(NvCounters.GEOMETRY));
        c.set(NvCounterId.NS_0, NvCounters.MAX_VALUE);

        assertThatThrownBy(() -> c.increment(NvCounterId.NS_0)).isInstanceOf(NvCounterException.class);
        assertThatThrownBy(() -> c.set(NvCounterId.NS_0, NvCounters.MAX_VALUE + 1))
                .isInstanceOf(NvCounterException.class);
        assertThat(c.read(NvCounterId.NS_0)).isEqualTo(NvCounters.MAX_VALUE);
    }

    @Test
    void countersSurviveReopeningTheirFile() throws Exception {
        Path file = tmp.resolve("nv.bin");
        try (FlashDevice f = FlashDevice.openFile(file, NvCounters.GEOMETRY)) {
            NvCounters c = NvCounters.open(f);
            for (int i = 0; i < 5; i++) {
                c.increment(NvCounterId.PS_2);
            }
            c.increment(NvCounterId.NS_2);
        }

        try (FlashDevice f = FlashDevice.openFile(file, NvCounters.GEOMETRY)) {
            NvCounters c = NvCounters.open(f);
            assertThat(c.read(NvCounterId.PS_2)).isEqualTo(5);
            assertThat(c.read(NvCounterId.NS_2)).isEqualTo(1);
        }
    }

    @Test
    void aStoreWithNoValidRecordIsReportedNotReset() throws Exception {
        FlashDevice f = FlashDevice.inMemory(NvCounters.GEOMETRY);
        NvCounters c = NvCounters.open(f);
        c.increment(NvCounterId.PS_0);
        c.increment(NvCounterId.PS_0);
        f.program(0, new byte[4]);
        f.program(256, new byte[4]);

        assertThatThrownBy(() -> NvCounters.open(f))
                .isInstanceOf(NvCounterException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void anyFlippedByteOfTheNewestRecordFallsBackToThePreviousValue() throws Exception {
        FlashDevice f = FlashDevice.inMemory(NvCounters.GEOMETRY);
        NvCounters c = NvCounters.open(f);
        c.increment(NvCounterId.PS_0); // record 1 in sector 0
        c.increment(NvCounterId.PS_0); // record 2 in sector 1
        byte[] sector1 = f.read(256, 256);

        for (int i = 0; i < 64; i++) {
            f.erase(1);
            byte[] damaged = sector1.clone();
            damaged[i] ^= 0x01;
            f.program(256, damaged);

            assertThat(NvCounters.open(f).read(NvCounterId.PS_0)).as("flip at %d", i).isEqualTo(1);
        }
    }

    /**
     * Cuts power at every program and erase of a run of increments, clean and torn with several seeds
     * ({@code -Dnv.campaign.seeds=N}, default 32).
     */
    @Test
    void aCutInsideAnIncrementLeavesTheOldOrTheNewValueAtEveryPoint() throws Exception {
        FlashDevice medium = FlashDevice.inMemory(NvCounters.GEOMETRY);
        PowerRail rail = new PowerRail();
        FlashDevice flash = new FaultInjectingFlash(medium, rail);
        // Thirty increments, so the records go round both sectors many times: every counter, PS's in its save order.
        NvCounterId[] script = new NvCounterId[30];
        NvCounterId[] ids = NvCounterId.values();
        for (int i = 0; i < script.length; i++) {
            script[i] = i % 3 == 0 ? ids[(i / 3) % ids.length] : i % 3 == 1 ? NvCounterId.PS_0 : NvCounterId.PS_1;
        }
        int seeds = Integer.getInteger("nv.campaign.seeds", 32);

        rail.arm(FaultPlan.never());
        runScript(NvCounters.open(flash), script);
        long total = rail.operations();

        int covered = 0;
        for (long n = 1; n <= total; n++) {
            for (long seed = -1; seed < seeds; seed++) {
                medium.erase(0);
                medium.erase(1);
                rail.arm(seed < 0 ? FaultPlan.cutAfter(n) : FaultPlan.tornAt(n, seed));
                long[] before = new long[NvCounterId.values().length];
                NvCounterId inFlight = null;
                NvCounters c = NvCounters.open(flash);
                try {
                    for (NvCounterId id : script) {
                        snapshot(c, before);
                        inFlight = id;
                        c.increment(id);
                    }
                    throw new AssertionError("no cut at " + n);
                } catch (PowerCut expected) {
                    // the point of the test
                }
                rail.reboot();

                NvCounters after = NvCounters.open(flash);
                for (NvCounterId id : NvCounterId.values()) {
                    long was = before[id.ordinal()];
                    if (id == inFlight) {
                        assertThat(after.read(id)).as("cut %d seed %d", n, seed).isIn(was, was + 1);
                    } else {
                        assertThat(after.read(id)).as("cut %d seed %d", n, seed).isEqualTo(was);
                    }
                }
                long next = after.read(NvCounterId.BL1_0) + 1;
                after.increment(NvCounterId.BL1_0);
                assertThat(NvCounters.open(flash).read(NvCounterId.BL1_0)).isEqualTo(next);
                covered++;
            }
        }
        System.out.printf("NV counter power-cut campaign: %d operations, %d cut points covered (clean and %d torn"
                + " seeds each)%n", total, covered, seeds);
        assertThat(covered).isEqualTo(total * (seeds + 1));
    }

    private static void runScript(NvCounters c, NvCounterId[] script) throws Exception {
        for (NvCounterId id : script) {
            c.increment(id);
        }
    }

    private static void snapshot(NvCounters c, long[] into) {
        for (NvCounterId id : NvCounterId.values()) {
            into[id.ordinal()] = c.read(id);
        }
    }

    @Test
    void idsAreTfmsNumbers() {
        assertThat(NvCounterId.PS_0.id()).isZero();
        assertThat(NvCounterId.BL2_0.id()).isEqualTo(3);
        assertThat(NvCounterId.BL1_0.id()).isEqualTo(7);
        assertThat(NvCounterId.of(10)).isEqualTo(NvCounterId.NS_2);
        assertThatThrownBy(() -> NvCounterId.of(11)).isInstanceOf(IllegalArgumentException.class);
    }
}
