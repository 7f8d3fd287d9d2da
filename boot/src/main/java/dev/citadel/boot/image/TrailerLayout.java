package dev.citadel.boot.image;

/**
 * The end of a slot as imgtool reserves and writes it when padding: the trailer's size (swap status, flags, swap
 * size, magic) and where the magic and image_ok go. The bootloader's reading of the trailer builds on this.
 *
 * @param align flash write size W (1..32, power of two)
 * @param maxAlign BOOT_MAX_ALIGN (8, 16 or 32)
 * @param maxSectors BOOT_MAX_IMG_SECTORS
 * @param overwriteOnly the small trailer of overwrite-only upgrades
 */
public record TrailerLayout(int align, int maxAlign, int maxSectors, boolean overwriteOnly) {
    /** The magic with the default BOOT_MAX_ALIGN of 8. */
    private static final byte[] MAGIC_8 = {
        0x77, (byte) 0xc2, (byte) 0x95, (byte) 0xf3, 0x60, (byte) 0xd2, (byte) 0xef, 0x7f,
        0x35, 0x52, 0x50, 0x0f, 0x2c, (byte) 0xb6, 0x79, (byte) 0x80};
    /** The magic's last 14 bytes for other alignments; the first two hold BOOT_MAX_ALIGN, little endian. */
    private static final byte[] MAGIC_TAIL = {
        0x2d, (byte) 0xe1, 0x5d, 0x29, 0x41, 0x0b, (byte) 0x8d, 0x77, 0x67, (byte) 0x9c, 0x11, 0x0f, 0x1f,
        (byte) 0x8a};
    public static final int MAGIC_SIZE = 16;
    /** Status records per sector in the swap modes. */
    private static final int STATUS_STATES = 3;

    public TrailerLayout {
        if (Integer.bitCount(align) != 1 || align > 32) {
            throw new IllegalArgumentException("align must be 1, 2, 4, 8, 16 or 32, got " + align);
        }
        if (maxAlign != 8 && maxAlign != 16 && maxAlign != 32) {
            throw new IllegalArgumentException("max align must be 8, 16 or 32, got " + maxAlign);
        }
        if (maxSectors < 1) {
            throw new IllegalArgumentException("max sectors must be positive, got " + maxSectors);
        }
    }

    /** imgtool's defaults: max align = max(8, align), 128 sectors. */
    public static TrailerLayout of(int align, Integer maxAlign, Integer maxSectors, boolean overwriteOnly) {
        return new TrailerLayout(align, maxAlign == null ? Math.max(8, align) : maxAlign,
                maxSectors == null ? 128 : maxSectors, overwriteOnly);
    }

    private int magicAlignSize() {
        return alignUp(MAGIC_SIZE, maxAlign);
    }

    /** Bytes reserved at the end of the slot. */
    public int size() {
        if (overwriteOnly) {
            return maxAlign * 2 + magicAlignSize();
        }
        return maxSectors * STATUS_STATES * align + maxAlign * 4 + magicAlignSize();
    }

    /** The 16 magic bytes of this BOOT_MAX_ALIGN. */
    public byte[] magic() {
        if (maxAlign == 8) {
            return MAGIC_8.clone();
        }
        byte[] m = new byte[MAGIC_SIZE];
        m[0] = (byte) maxAlign;
        m[1] = (byte) (maxAlign >> 8);
        System.arraycopy(MAGIC_TAIL, 0, m, 2, MAGIC_TAIL.length);
        return m;
    }

    /** Distance of image_ok from the slot's end. */
    public int imageOkFromEnd() {
        return magicAlignSize() + maxAlign;
    }

    /**
     * Fills {@code slot} from {@code used} on with the erased value and writes the magic (an upgrade request);
     * with {@code confirm}, also image_ok = 1, except in overwrite-only mode, which has no use for it.
     */
    public void writePadded(byte[] slot, int used, byte erased, boolean confirm) {
        java.util.Arrays.fill(slot, used, slot.length, erased);
        byte[] m = magic();
        System.arraycopy(m, 0, slot, slot.length - MAGIC_SIZE, MAGIC_SIZE);
        if (confirm && !overwriteOnly) {
            slot[slot.length - imageOkFromEnd()] = 0x01;
        }
    }

    private static int alignUp(int n, int a) {
        return (n + a - 1) & -a;
    }
}
