package dev.citadel.boot.bl2;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.image.TrailerLayout;
import dev.citadel.hal.flash.FlashException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MCUboot's image trailer at the end of a slot (and the shorter one of the scratch area), read and written field by
 * field. From the end: the magic (16 bytes, after erased padding up to {@code ALIGN_UP(16, A)}), then one
 * {@code A}-wide field each for image_ok, copy_done, swap_info and swap_size, then the swap status records, one
 * {@code W}-wide record per step. {@code A} is BOOT_MAX_ALIGN, {@code W} the flash's write size.
 *
 * <p>Every write is one program of whole write units: the value, then the erased value. A flag is written at most
 * once per erase of its sector, as NOR flash requires.
 *
 * @param writeSize W, the flash's program unit
 * @param maxAlign A, BOOT_MAX_ALIGN (8, 16 or 32, at least W)
 * @param maxSectors BOOT_MAX_IMG_SECTORS: status records are reserved for this many sectors
 * @param stateCount status records per sector (3 for swap-using-scratch and swap-using-move)
 * @param overwriteOnly overwrite-only's trailer: no status records, no swap fields written
 */
public record ImageTrailer(int writeSize, int maxAlign, int maxSectors, int stateCount, boolean overwriteOnly) {
    static final int MAGIC_SIZE = TrailerLayout.MAGIC_SIZE;
    static final int FLAG_SET = 0x01;

    public ImageTrailer {
        if (Integer.bitCount(writeSize) != 1 || writeSize > maxAlign) {
            throw new IllegalArgumentException("write size " + writeSize + " must be a power of two <= max align "
                    + maxAlign);
        }
        new TrailerLayout(writeSize, maxAlign, maxSectors, overwriteOnly); // validates the rest
        if (stateCount < 1) {
            throw new IllegalArgumentException("state count must be positive");
        }
    }

    /** The trailer for a flash of write size {@code w}: A = max(8, w), as imgtool's default. */
    public static ImageTrailer forFlash(int w, int maxSectors, boolean overwriteOnly) {
        return new ImageTrailer(w, Math.max(8, w), maxSectors, 3, overwriteOnly);
    }

    private TrailerLayout layout() {
        return new TrailerLayout(writeSize, maxAlign, maxSectors, overwriteOnly);
    }

    /** The 16 magic bytes for this BOOT_MAX_ALIGN (the A = 8 form, or u16 A followed by the other form's tail). */
    public byte[] magic() {
        return layout().magic();
    }

    private int magicAlignSize() {
        return (MAGIC_SIZE + maxAlign - 1) / maxAlign * maxAlign;
    }

    /** Bytes reserved at the end of a slot ({@code boot_trailer_sz}); same as imgtool's for these parameters. */
    public int size() {
        return layout().size();
    }

    /** Bytes reserved at the end of the scratch area: room for one sector's status ({@code boot_scratch_trailer_sz}). */
    public int scratchSize() {
        return stateCount * writeSize + 4 * maxAlign + magicAlignSize();
    }

    /** Offset of image_ok from the area start. */
    long imageOkOff(FlashArea a) {
        return a.size() - magicAlignSize() - maxAlign;
    }

    long copyDoneOff(FlashArea a) {
        return imageOkOff(a) - maxAlign;
    }

    long swapInfoOff(FlashArea a) {
        return copyDoneOff(a) - maxAlign;
    }

    long swapSizeOff(FlashArea a) {
        return swapInfoOff(a) - maxAlign;
    }

    /** Where the status records start: {@code boot_status_off}. */
    long statusOff(FlashArea a, boolean scratch) {
        return a.size() - (scratch ? scratchSize() : size());
    }

    /** Status records the area holds ({@code boot_status_entries}). */
    int statusEntries(boolean scratch) {
        return scratch ? stateCount : maxSectors * stateCount;
    }

    /** {@code boot_read_swap_state}. */
    public SwapState read(FlashArea a) throws FlashException {
        byte[] m = a.read(a.size() - MAGIC_SIZE, MAGIC_SIZE);
        BootMagic magic = FlashArea.isErased(m) ? BootMagic.UNSET
                : java.security.MessageDigest.isEqual(m, magic()) ? BootMagic.GOOD : BootMagic.BAD;
        BootFlag copyDone = flag(a.read(copyDoneOff(a), 1)[0]);
        BootFlag imageOk = flag(a.read(imageOkOff(a), 1)[0]);
        if (overwriteOnly) {
            return new SwapState(magic, SwapType.NONE, 0, copyDone, imageOk);
        }
        int info = a.read(swapInfoOff(a), 1)[0] & 0xFF;
        SwapType type = info == FlashArea.ERASED_VAL ? SwapType.NONE : SwapType.fromStored(info & 0x0F);
        int image = info == FlashArea.ERASED_VAL || type == SwapType.NONE ? 0 : info >>> 4;
        return new SwapState(magic, type, image, copyDone, imageOk);
    }

    private static BootFlag flag(byte b) {
        int v = b & 0xFF;
        return v == FlashArea.ERASED_VAL ? BootFlag.UNSET : v == FLAG_SET ? BootFlag.SET : BootFlag.BAD;
    }

    /** {@code boot_write_magic}: erased padding, then the magic, in one program. */
    void writeMagic(FlashArea a) throws FlashException {
        int block = magicAlignSize();
        byte[] b = new byte[block];
        java.util.Arrays.fill(b, (byte) FlashArea.ERASED_VAL);
        System.arraycopy(magic(), 0, b, block - MAGIC_SIZE, MAGIC_SIZE);
        a.write(a.size() - block, b);
    }

    void writeImageOk(FlashArea a) throws FlashException {
        a.write(imageOkOff(a), a.padded(new byte[] {FLAG_SET}));
    }

    void writeCopyDone(FlashArea a) throws FlashException {
        a.write(copyDoneOff(a), a.padded(new byte[] {FLAG_SET}));
    }

    /** {@code boot_write_swap_info}: type in the low nibble, image number in the high one. */
    void writeSwapInfo(FlashArea a, SwapType type, int image) throws FlashException {
        a.write(swapInfoOff(a), a.padded(new byte[] {(byte) ((image & 0x0F) << 4 | type.code() & 0x0F)}));
    }

    void writeSwapSize(FlashArea a, long size) throws FlashException {
        a.write(swapSizeOff(a), a.padded(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) size).array()));
    }

    /** The swap size, or -1 when erased. */
    long readSwapSize(FlashArea a) throws FlashException {
        byte[] b = a.read(swapSizeOff(a), 4);
        return FlashArea.isErased(b) ? -1 : Integer.toUnsignedLong(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
    }

    /** Writes status record {@code entry} with {@code value} ({@code boot_write_status}). */
    void writeStatus(FlashArea a, boolean scratch, int entry, int value) throws FlashException {
        a.write(statusOff(a, scratch) + (long) entry * writeSize, a.padded(new byte[] {(byte) value}));
    }

    /** The first byte of every status record; a record counts as written when it is not erased. */
    boolean[] readStatus(FlashArea a, boolean scratch) throws FlashException {
        int n = statusEntries(scratch);
        byte[] raw = a.read(statusOff(a, scratch), n * writeSize);
        boolean[] written = new boolean[n];
        for (int i = 0; i < n; i++) {
            written[i] = (raw[i * writeSize] & 0xFF) != FlashArea.ERASED_VAL;
        }
        return written;
    }

    /**
     * Completes a flag write that a power cut tore. Only {@code 0x01} is ever written to image_ok and copy_done, so
     * a flag that reads BAD under a good magic is such a write, and programming {@code 0x01} again only clears
     * bits. Returns whether anything was written.
     */
    boolean completeTornFlags(FlashArea a) throws FlashException {
        SwapState s = read(a);
        if (s.magic() != BootMagic.GOOD) {
            return false;
        }
        boolean wrote = false;
        if (s.copyDone() == BootFlag.BAD) {
            writeCopyDone(a);
            wrote = true;
        }
        if (s.imageOk() == BootFlag.BAD) {
            writeImageOk(a);
            wrote = true;
        }
        return wrote;
    }

    /**
     * Erases the sectors that hold the trailer, last sector first ({@code swap_erase_trailer_sectors}): withdraws a
     * pending request from a secondary slot. The image's last bytes may share those sectors and go too.
     */
    public void eraseTrailerSectors(FlashArea a) throws FlashException {
        int sectors = (size() + a.sectorSize() - 1) / a.sectorSize();
        long len = (long) sectors * a.sectorSize();
        a.eraseBackwards(a.size() - len, len);
    }

    /** The outcome of marking a slot. */
    public enum Mark {
        /** The trailer was written. */
        WRITTEN,
        /** The slot was already marked; nothing was written. */
        ALREADY,
        /** The slot's magic is neither erased nor good, so it cannot be marked. */
        BAD_MAGIC
    }

    /**
     * {@code boot_set_pending}: asks for the secondary slot's image to be installed at the next boot, for a trial
     * (TEST) or, with {@code permanent}, for good (PERM). An erased trailer gets the magic, image_ok if permanent,
     * and swap_info; a trailer with a good magic is left as it is.
     */
    public Mark setPending(FlashArea secondary, int image, boolean permanent) throws FlashException {
        SwapState s = read(secondary);
        return switch (s.magic()) {
            case GOOD -> Mark.ALREADY;
            case BAD -> Mark.BAD_MAGIC;
            case UNSET -> {
                writeMagic(secondary);
                if (permanent) {
                    writeImageOk(secondary);
                }
                if (!overwriteOnly) {
                    writeSwapInfo(secondary, permanent ? SwapType.PERM : SwapType.TEST, image);
                }
                yield Mark.WRITTEN;
            }
        };
    }

    /**
     * {@code boot_set_confirmed}: the running image in the primary slot keeps itself (image_ok). Only a primary
     * trailer with a good magic is marked; copy_done is deliberately not required, so a padded image programmed
     * directly can be confirmed too.
     */
    public Mark setConfirmed(FlashArea primary) throws FlashException {
        SwapState s = read(primary);
        if (s.magic() == BootMagic.BAD) {
            return Mark.BAD_MAGIC;
        }
        if (s.magic() == BootMagic.UNSET || s.imageOk() != BootFlag.UNSET) {
            return Mark.ALREADY;
        }
        writeImageOk(primary);
        return Mark.WRITTEN;
    }
}
