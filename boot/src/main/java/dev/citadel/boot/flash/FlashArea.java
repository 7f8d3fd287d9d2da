package dev.citadel.boot.flash;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import java.util.Arrays;

/**
 * A window over a {@link FlashDevice}, as MCUboot's {@code struct flash_area}: offsets are relative to the area's
 * start, erases cover whole sectors of the device, writes whole program units ({@link #align()}).
 * Both ends are sector-aligned, so an erase never reaches a neighbouring area.
 */
public final class FlashArea {
    /** NOR flash reads 0xFF where erased ({@code flash_area_erased_val}). */
    public static final int ERASED_VAL = 0xFF;

    private final String name;
    private final FlashDevice device;
    private final long offset;
    private final int size;

    public FlashArea(String name, FlashDevice device, long offset, int size) {
        int sector = device.geometry().sectorSize();
        if (offset < 0 || size <= 0 || offset % sector != 0 || size % sector != 0
                || offset + size > device.geometry().size()) {
            throw new IllegalArgumentException(String.format("area %s [0x%x, +0x%x) is not whole sectors of %d "
                    + "bytes inside a flash of 0x%x bytes", name, offset, size, sector, device.geometry().size()));
        }
        this.name = name;
        this.device = device;
        this.offset = offset;
        this.size = size;
    }

    public String name() {
        return name;
    }

    /** Start on the device. */
    public long offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** {@code flash_area_align}: the device's program unit. */
    public int align() {
        return device.geometry().programUnit();
    }

    public int sectorSize() {
        return device.geometry().sectorSize();
    }

    public int sectorCount() {
        return size / sectorSize();
    }

    public byte[] read(long off, int length) throws FlashException {
        check(off, length);
        return device.read(offset + off, length);
    }

    /** {@code flash_area_write}: programs whole units; the caller pads with {@link #ERASED_VAL}. */
    public void write(long off, byte[] data) throws FlashException {
        check(off, data.length);
        device.program(offset + off, data);
    }

    /** Erases the sectors of {@code [off, off + length)}, lowest first; both ends must be sector-aligned. */
    public void erase(long off, long length) throws FlashException {
        checkSectors(off, length);
        for (long o = off; o < off + length; o += sectorSize()) {
            device.erase((int) ((offset + o) / sectorSize()));
        }
    }

    /**
     * Erases the sectors of {@code [off, off + length)}, highest first, as MCUboot scrambles trailers: the end of
     * a region, where a trailer's magic lives, goes before the data it describes.
     */
    public void eraseBackwards(long off, long length) throws FlashException {
        checkSectors(off, length);
        for (long o = off + length - sectorSize(); o >= off; o -= sectorSize()) {
            device.erase((int) ((offset + o) / sectorSize()));
        }
    }

    /** Whether every byte of {@code data} is the erased value. */
    public static boolean isErased(byte[] data) {
        for (byte b : data) {
            if ((b & 0xFF) != ERASED_VAL) {
                return false;
            }
        }
        return true;
    }

    /** {@code data} followed by erased bytes up to a whole number of program units. */
    public byte[] padded(byte[] data) {
        int a = align();
        byte[] out = Arrays.copyOf(data, Math.max(a, (data.length + a - 1) / a * a));
        Arrays.fill(out, data.length, out.length, (byte) ERASED_VAL);
        return out;
    }

    private void check(long off, long length) {
        if (off < 0 || length < 0 || off + length > size) {
            throw new IllegalArgumentException(String.format("access [0x%x, +0x%x) outside area %s of 0x%x bytes",
                    off, length, name, size));
        }
    }

    private void checkSectors(long off, long length) {
        check(off, length);
        if (off % sectorSize() != 0 || length % sectorSize() != 0) {
            throw new IllegalArgumentException(String.format("erase [0x%x, +0x%x) of area %s is not whole sectors",
                    off, length, name));
        }
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, +0x%x)", name, offset, size);
    }
}
