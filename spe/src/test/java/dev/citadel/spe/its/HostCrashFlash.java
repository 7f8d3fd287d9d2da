package dev.citadel.spe.its;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerCut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A flash file on a host that may crash: what the OS page cache holds (and reads return) is separate from what is
 * on stable storage. Programs and erases since the last {@link #sync()} are buffered; a sync makes them durable. At a
 * crash the OS may have written back any subset of the buffered writes, each whole, torn, or not at all, so
 * {@link #crashImage} builds the medium from the durable image plus a chosen subset, applied in issue order as raw
 * file writes (a program that lands without the erase before it overwrites the old bytes, as a file write does).
 *
 * <p>Program, erase and sync each count as one operation; {@link #crashAt} makes the n-th one from now crash: it
 * throws {@link PowerCut} instead of completing (a program or erase that crashes is buffered, as it may have
 * partly reached the OS), and every later operation throws too.
 */
final class HostCrashFlash implements FlashDevice {
    /** What happens to one buffered write at a crash. */
    enum Fate {
        LOST,
        LANDED,
        TORN
    }

    private record Write(long offset, byte[] bytes) {}

    private final FlashGeometry geometry;
    private final FlashDevice cache;
    private final byte[] durable;
    private final List<Write> pending = new ArrayList<>();
    private long operations;
    private long crashAt = Long.MAX_VALUE;
    private boolean crashed;

    private HostCrashFlash(FlashGeometry geometry, byte[] durable, byte[] cached, List<Write> pending)
            throws FlashException {
        this.geometry = geometry;
        this.durable = durable.clone();
        this.cache = imageFlash(geometry, cached);
        this.pending.addAll(pending);
    }

    /** An erased flash file, all durable. */
    static HostCrashFlash erased(FlashGeometry geometry) throws FlashException {
        byte[] ff = new byte[geometry.size()];
        Arrays.fill(ff, (byte) 0xFF);
        return new HostCrashFlash(geometry, ff, ff, List.of());
    }

    /** An independent copy of this host's state (cache, durable image and buffered writes); not crashed. */
    HostCrashFlash copy() throws FlashException {
        return new HostCrashFlash(geometry, durable, cache.read(0, geometry.size()), pending);
    }

    /** A volatile flash holding {@code image}. */
    static FlashDevice imageFlash(FlashGeometry geometry, byte[] image) throws FlashException {
        FlashDevice f = FlashDevice.inMemory(geometry);
        f.program(0, image); // erased cells accept any bytes
        return f;
    }

    /** The {@code n}-th operation from now (1-based) crashes. */
    void crashAt(long n) {
        crashAt = operations + n;
    }

    long operations() {
        return operations;
    }

    boolean crashed() {
        return crashed;
    }

    /** Writes buffered since the last sync. */
    int pendingWrites() {
        return pending.size();
    }

    /**
     * The medium after a crash: the durable image plus each buffered write according to {@code fates} (one per
     * buffered write, in issue order); a torn write lands a random subset of its bytes, drawn from {@code random}.
     */
    byte[] crashImage(Fate[] fates, Random random) {
        if (fates.length != pending.size()) {
            throw new IllegalArgumentException(fates.length + " fates for " + pending.size() + " writes");
        }
        byte[] image = durable.clone();
        for (int i = 0; i < fates.length; i++) {
            Write w = pending.get(i);
            switch (fates[i]) {
                case LOST -> { }
                case LANDED -> System.arraycopy(w.bytes(), 0, image, (int) w.offset(), w.bytes().length);
                case TORN -> {
                    // Contiguous runs, as disk sectors or pages of a write land or not; each run kept or dropped.
                    int at = 0;
                    while (at < w.bytes().length) {
                        int run = 1 + random.nextInt(Math.min(64, w.bytes().length - at));
                        if (random.nextBoolean()) {
                            System.arraycopy(w.bytes(), at, image, (int) w.offset() + at, run);
                        }
                        at += run;
                    }
                }
            }
        }
        return image;
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public byte[] read(long offset, int length) throws FlashException {
        checkUp();
        return cache.read(offset, length);
    }

    @Override
    public void erase(int sector) throws FlashException {
        checkUp();
        byte[] ff = new byte[geometry.sectorSize()];
        Arrays.fill(ff, (byte) 0xFF);
        Write w = new Write(geometry.sectorOffset(sector), ff);
        count(w);
        cache.erase(sector);
        pending.add(w);
    }

    @Override
    public void program(long offset, byte[] data) throws FlashException {
        checkUp();
        Write w = new Write(offset, data.clone());
        count(w);
        cache.program(offset, data);
        pending.add(w);
    }

    @Override
    public void sync() throws FlashException {
        checkUp();
        count(null);
        for (Write w : pending) {
            System.arraycopy(w.bytes(), 0, durable, (int) w.offset(), w.bytes().length);
        }
        pending.clear();
    }

    @Override
    public void close() {
        // nothing held
    }

    private void count(Write w) throws PowerCut {
        if (++operations == crashAt) {
            crashed = true;
            if (w != null) {
                pending.add(w);
            }
            throw new PowerCut("host crash at operation " + operations);
        }
    }

    private void checkUp() throws PowerCut {
        if (crashed) {
            throw new PowerCut("host is down");
        }
    }
}
