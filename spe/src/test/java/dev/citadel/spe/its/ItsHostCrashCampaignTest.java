package dev.citadel.spe.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.spe.its.HostCrashFlash.Fate;
import dev.citadel.spe.its.ItsPowerCutCampaignTest.Update;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crashes the host at every operation of each kind of update (before each program, erase and sync, and after the
 * last), lets the OS keep a chosen subset of the writes since the last sync (none, all, each one alone, all but each
 * one, and random subsets with torn writes), remounts, and checks that the touched asset is entirely old or entirely
 * new, every other asset is intact and the store keeps working. {@code -Dits.crash.seeds=N} sets the random subsets
 * per crash point (default 32).
 */
class ItsHostCrashCampaignTest {
    private static final FlashGeometry GEOMETRY = new FlashGeometry(512, 16, 16);
    private static final ItsConfig CONFIG = new ItsConfig(0, 16, 2, 600, 8);
    private static final int SEEDS = Integer.getInteger("its.crash.seeds", 32);
    private static final ItsFileId TOUCHED = new ItsFileId(-1, 7);

    @ParameterizedTest
    @EnumSource(Update.class)
    void everyCrashStateMountsOldOrNew(Update update) throws Exception {
        long states = 0;
        long points = 0;
        long fallbacks = 0;
        long newSeen = 0;
        Set<String> images = new HashSet<>();
        for (int layout = 0; layout < 3; layout++) {
            Map<ItsFileId, byte[]> others = ItsPowerCutCampaignTest.others(layout);
            byte[] oldValue = update.before == null ? null : ItsFlashFsTest.bytes(update.before, 1);
            byte[] newValue = update.after == null ? null : ItsFlashFsTest.bytes(update.after, 2);
            HostCrashFlash start = startState(others, oldValue);
            HostCrashFlash dry = start.copy();
            long before = dry.operations();
            apply(ItsFlashFs.mount(dry, CONFIG), newValue);
            long ops = dry.operations() - before;
            assertTrue(ops > 0);
            // Crash point n: operation n does not complete; n = ops + 1 is a crash after the update returned.
            for (long n = 1; n <= ops + 1; n++) {
                HostCrashFlash flash = start.copy();
                ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
                flash.crashAt(n);
                try {
                    apply(fs, newValue);
                    assertEquals(ops + 1, n, "update finished despite a crash at " + n);
                } catch (ItsException expected) {
                    assertTrue(flash.crashed(), () -> "failed without a crash: " + expected);
                }
                points++;
                for (Fate[] fates : fateSets(flash.pendingWrites())) {
                    for (int seed = 0; seed < (isRandom(fates) ? SEEDS : 1); seed++) {
                        Fate[] chosen = isRandom(fates) ? randomFates(flash.pendingWrites(), new Random(seed * 31L + n)) : fates;
                        byte[] image = flash.crashImage(chosen, new Random(seed * 7919L + n));
                        images.add(digest(image));
                        String where = update + " layout " + layout + " crash " + n + " fates " + Arrays.toString(chosen);
                        FlashDevice medium = HostCrashFlash.imageFlash(GEOMETRY, image);
                        ItsFlashFs again = ItsFlashFs.mount(medium, CONFIG);
                        fallbacks += again.mountedPreviousCommit() ? 1 : 0;
                        boolean isNew = check(again, medium, others, oldValue, newValue, where);
                        // Once the update has returned, its sync is behind it: no crash may lose it.
                        assertTrue(isNew || n <= ops, () -> "acknowledged update lost after " + where);
                        newSeen += isNew ? 1 : 0;
                        states++;
                    }
                }
            }
        }
        System.out.printf("ITS host-crash campaign %s: %d crash points, %d crash states (%d distinct media, %d mounts"
                + " fell back to the previous commit, %d showed the new value; %d random subsets per point)%n",
                update, points, states, images.size(), fallbacks, newSeen, SEEDS);
        // The crash states include headers that landed without their copy: the mount's fallback must have been used.
        assertTrue(fallbacks > 0, "no crash state exercised the fallback to the previous commit");
    }

    /** The fate sets tried at a crash point; a null marks "random, per seed". */
    private static List<Fate[]> fateSets(int k) {
        List<Fate[]> sets = new ArrayList<>();
        sets.add(filled(k, Fate.LOST));
        sets.add(filled(k, Fate.LANDED));
        for (int i = 0; i < k; i++) {
            Fate[] only = filled(k, Fate.LOST);
            only[i] = Fate.LANDED;
            Fate[] allBut = filled(k, Fate.LANDED);
            allBut[i] = Fate.LOST;
            sets.add(only);
            sets.add(allBut);
        }
        if (k > 0) {
            sets.add(new Fate[] {null});
        }
        return sets;
    }

    private static boolean isRandom(Fate[] fates) {
        return fates.length == 1 && fates[0] == null;
    }

    private static Fate[] randomFates(int k, Random r) {
        Fate[] f = new Fate[k];
        for (int i = 0; i < k; i++) {
            f[i] = Fate.values()[r.nextInt(3)];
        }
        return f;
    }

    private static Fate[] filled(int k, Fate fate) {
        Fate[] f = new Fate[k];
        Arrays.fill(f, fate);
        return f;
    }

    /** Checks the mounted store; true if the touched asset holds its new value. */
    private static boolean check(ItsFlashFs fs, FlashDevice medium, Map<ItsFileId, byte[]> others, byte[] oldValue, byte[] newValue,
            String where) throws Exception {
        Optional<ItsFileInfo> info = fs.info(TOUCHED);
        byte[] now = info.isEmpty() ? null : fs.read(TOUCHED, 0, info.get().size());
        assertTrue(Arrays.equals(now, oldValue) || Arrays.equals(now, newValue), () -> "torn asset after " + where);
        assertOthers(fs, others, where);
        // The store keeps working, and what it commits now wins over whatever the crash left.
        ItsFileId probe = new ItsFileId(-3, 99);
        fs.write(probe, ItsFlashFsTest.bytes(50, 5), 0);
        fs.write(TOUCHED, ItsFlashFsTest.bytes(30, 9), 0);
        fs.remove(TOUCHED);
        ItsFlashFs after = ItsFlashFs.mount(medium, CONFIG);
        assertFalse(after.mountedPreviousCommit(), () -> "a clean commit was passed over after " + where);
        assertArrayEquals(ItsFlashFsTest.bytes(50, 5), after.read(probe, 0, 50), () -> "probe after " + where);
        assertTrue(after.info(TOUCHED).isEmpty(), () -> "removed asset back after " + where);
        assertOthers(after, others, where);
        assertEquals(others.size() + 1, after.list().size(), () -> "file count after " + where);
        return Arrays.equals(now, newValue);
    }

    private static void assertOthers(ItsFlashFs fs, Map<ItsFileId, byte[]> others, String where) throws Exception {
        for (Map.Entry<ItsFileId, byte[]> e : others.entrySet()) {
            assertArrayEquals(e.getValue(), fs.read(e.getKey(), 0, e.getValue().length), () -> "other asset " + where);
        }
    }

    /** The store with the other assets and the touched one's old value, its last post-commit erase not yet synced. */
    private static HostCrashFlash startState(Map<ItsFileId, byte[]> others, byte[] touched) throws Exception {
        HostCrashFlash flash = HostCrashFlash.erased(GEOMETRY);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        List<ItsFileId> ids = List.copyOf(others.keySet());
        fs.write(ids.get(0), others.get(ids.get(0)), 0);
        if (touched != null) {
            fs.write(TOUCHED, touched, 0);
        }
        for (ItsFileId id : ids.subList(1, ids.size())) {
            fs.write(id, others.get(id), 0);
        }
        return flash;
    }

    private static void apply(ItsFlashFs fs, byte[] value) throws ItsException {
        if (value == null) {
            fs.remove(TOUCHED);
        } else {
            fs.write(TOUCHED, value, 0);
        }
    }

    private static String digest(byte[] image) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    }
}
