package dev.citadel.boot.image;

import java.util.EnumSet;
import java.util.Set;

/** The header's {@code IMAGE_F_*} flags, with whether Citadel's BL2 boots an image that carries them. */
public enum ImageFlag {
    PIC(0x001, false),
    ENCRYPTED_AES128(0x004, false),
    ENCRYPTED_AES256(0x008, false),
    NON_BOOTABLE(0x010, false),
    RAM_LOAD(0x020, true),
    ROM_FIXED(0x100, true),
    COMPRESSED_LZMA1(0x200, false),
    COMPRESSED_LZMA2(0x400, false),
    COMPRESSED_ARM_THUMB(0x800, false);

    private final int mask;
    private final boolean bootable;

    ImageFlag(int mask, boolean bootable) {
        this.mask = mask;
        this.bootable = bootable;
    }

    public int mask() {
        return mask;
    }

    /** False for what Citadel does not implement (encryption, compression, PIC) or MCUboot refuses to boot. */
    public boolean bootable() {
        return bootable;
    }

    public static Set<ImageFlag> of(int flags) {
        Set<ImageFlag> s = EnumSet.noneOf(ImageFlag.class);
        for (ImageFlag f : values()) {
            if ((flags & f.mask) != 0) {
                s.add(f);
            }
        }
        return s;
    }

    /** The bits no flag defines. */
    public static int unknownBits(int flags) {
        int known = 0;
        for (ImageFlag f : values()) {
            known |= f.mask;
        }
        return flags & ~known;
    }
}
