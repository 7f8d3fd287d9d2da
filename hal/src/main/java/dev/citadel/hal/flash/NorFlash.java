package dev.citadel.hal.flash;

import java.util.Arrays;

/** The NOR rules, once, over a medium that can read and overwrite bytes. */
abstract class NorFlash implements FlashDevice {
    final FlashGeometry geometry;
    private boolean closed;

    NorFlash(FlashGeometry geometry) {
        this.geometry = geometry;
    }

    abstract void readMedium(long offset, byte[] dst) throws FlashException;

    abstract void writeMedium(long offset, byte[] src) throws FlashException;

    @Override
    public final FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public final byte[] read(long offset, int length) throws FlashException {
        checkOpen();
        geometry.checkRange(offset, length);
        byte[] out = new byte[length];
        readMedium(offset, out);
        return out;
    }

    @Override
    public final void erase(int sector) throws FlashException {
        checkOpen();
        geometry.checkSector(sector);
        byte[] ff = new byte[geometry.sectorSize()];
        Arrays.fill(ff, (byte) 0xFF);
        writeMedium(geometry.sectorOffset(sector), ff);
    }

    @Override
    public final void program(long offset, byte[] data) throws FlashException {
        checkOpen();
        geometry.checkProgram(offset, data.length);
        byte[] current = new byte[data.length];
        readMedium(offset, current);
        checkOnlyClears(offset, current, data);
        writeMedium(offset, data.clone());
    }

    /** Refuses {@code next} if it would set any bit that {@code current} has cleared. */
    static void checkOnlyClears(long offset, byte[] current, byte[] next) throws FlashException {
        for (int i = 0; i < next.length; i++) {
            if ((next[i] & ~current[i] & 0xFF) != 0) {
                throw new FlashException(String.format(
                        "program at %d would set bits 0->1 (byte 0x%02x over 0x%02x); erase first",
                        offset + i, next[i] & 0xFF, current[i] & 0xFF));
            }
        }
    }

    @Override
    public void close() throws FlashException {
        closed = true;
    }

    private void checkOpen() throws FlashException {
        if (closed) {
            throw new FlashException("flash is closed");
        }
    }
}
