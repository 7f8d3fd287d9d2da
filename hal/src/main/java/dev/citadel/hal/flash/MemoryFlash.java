package dev.citadel.hal.flash;

import java.util.Arrays;

/** Flash in a byte array: fast, volatile. */
final class MemoryFlash extends NorFlash {
    private final byte[] cells;

    MemoryFlash(FlashGeometry geometry) {
        super(geometry);
        cells = new byte[geometry.size()];
        Arrays.fill(cells, (byte) 0xFF);
    }

    @Override
    void readMedium(long offset, byte[] dst) {
        System.arraycopy(cells, (int) offset, dst, 0, dst.length);
    }

    @Override
    void writeMedium(long offset, byte[] src) {
        System.arraycopy(src, 0, cells, (int) offset, src.length);
    }

    @Override
    public void sync() {
        // nothing outlives the JVM here
    }
}
