package dev.citadel.spe.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.citadel.hal.flash.FaultInjectingFlash;
import dev.citadel.hal.flash.FaultPlan;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerRail;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cuts power at every program and erase of each kind of update, clean and torn, reboots, and checks that the
 * touched asset is entirely old or entirely new, every other asset is intact and the store keeps working.
 * {@code -Dits.campaign.seeds=N} sets the torn seeds per cut point (default 16).
 */
class ItsPowerCutCampaignTest {
    private static final FlashGeometry GEOMETRY = new FlashGeometry(512, 16, 16);
    private static final ItsConfig CONFIG = new ItsConfig(0, 16, 2, 600, 8);
    private static final int SEEDS = Integer.getInteger("its.campaign.seeds", 16);
    private static final ItsFileId TOUCHED = new ItsFileId(-1, 7);

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

    /** Other assets, laid out so the touched one shares a block with some of them. */
    static Map<ItsFileId, byte[]> others(int layout) {
        Map<ItsFileId, byte[]> m = new LinkedHashMap<>();
        int[][] sizes = {{400, 500, 0, 100}, {1, 600, 300, 450}, {200, 200, 200, 200}};
        for (int i = 0; i < 4; i++) {
            m.put(new ItsFileId(i % 2 == 0 ? -1 : -2, 100 + i), ItsFlashFsTest.bytes(sizes[layout][i], 10 * layout + i));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(Update.class)
    void everyCutLeavesOldOrNew(Update update) throws Exception {
        long cuts = 0;
        for (int layout = 0; layout < 3; layout++) {
            Map<ItsFileId, byte[]> others = others(layout);
            byte[] oldValue = update.before == null ? null : ItsFlashFsTest.bytes(update.before, 1);
            byte[] newValue = update.after == null ? null : ItsFlashFsTest.bytes(update.after, 2);
            byte[] start = startImage(others, oldValue);
            PowerRail rail = new PowerRail();
            long ops = run(start, rail, FaultPlan.never(), update, newValue);
            assertTrue(ops > 0);
            for (long n = 1; n <= ops; n++) {
                for (int seed = -1; seed < SEEDS; seed++) {
                    FaultPlan plan = seed < 0 ? FaultPlan.cutAfter(n) : FaultPlan.tornAt(n, seed * 7919L + n);
                    FlashDevice medium = restore(start);
                    FaultInjectingFlash flash = new FaultInjectingFlash(medium, rail);
                    rail.arm(plan);
                    try {
                        apply(ItsFlashFs.mount(flash, CONFIG), update, newValue);
                        fail("no cut at " + plan);
                    } catch (ItsException expected) {
                        assertTrue(rail.isDown(), () -> "failed without a cut: " + expected);
                    }
                    rail.reboot();
                    check(ItsFlashFs.mount(flash, CONFIG), others, oldValue, newValue, plan);
                    cuts++;
                }
            }
        }
        System.out.printf("ITS power-cut campaign %s: %d cut points covered (%d torn seeds each)%n",
                update, cuts, SEEDS);
    }

    private static void check(ItsFlashFs fs, Map<ItsFileId, byte[]> others, byte[] oldValue, byte[] newValue,
            FaultPlan plan) throws Exception {
        Optional<ItsFileInfo> info = fs.info(TOUCHED);
        byte[] now = info.isEmpty() ? null : fs.read(TOUCHED, 0, info.get().size());
        assertTrue(Arrays.equals(now, oldValue) || Arrays.equals(now, newValue), () -> "torn asset after " + plan);
        for (Map.Entry<ItsFileId, byte[]> e : others.entrySet()) {
            assertArrayEquals(e.getValue(), fs.read(e.getKey(), 0, e.getValue().length), () -> "other asset " + plan);
        }
        // The store keeps working: a further update and a remove succeed.
        ItsFileId probe = new ItsFileId(-3, 99);
        fs.write(probe, ItsFlashFsTest.bytes(50, 5), 0);
        assertArrayEquals(ItsFlashFsTest.bytes(50, 5), fs.read(probe, 0, 50));
        fs.remove(probe);
        assertEquals(others.size() + (now == null ? 0 : 1), fs.list().size());
    }

    private static byte[] startImage(Map<ItsFileId, byte[]> others, byte[] touched) throws Exception {
        FlashDevice flash = FlashDevice.inMemory(GEOMETRY);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        List<ItsFileId> ids = List.copyOf(others.keySet());
        fs.write(ids.get(0), others.get(ids.get(0)), 0);
        if (touched != null) {
            fs.write(TOUCHED, touched, 0);
        }
        for (ItsFileId id : ids.subList(1, ids.size())) {
            fs.write(id, others.get(id), 0);
        }
        return flash.read(0, GEOMETRY.size());
    }

    private static FlashDevice restore(byte[] image) throws Exception {
        FlashDevice flash = FlashDevice.inMemory(GEOMETRY);
        flash.program(0, image);
        return flash;
    }

    private static long run(byte[] start, PowerRail rail, FaultPlan plan, Update update, byte[] value)
            throws Exception {
        FaultInjectingFlash flash = new FaultInjectingFlash(restore(start), rail);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        rail.arm(plan);
        apply(fs, update, value);
        return rail.operations();
    }

    private static void apply(ItsFlashFs fs, Update update, byte[] value) throws ItsException {
        if (value == null) {
            fs.remove(TOUCHED);
        } else {
            fs.write(TOUCHED, value, 0);
        }
    }
}
