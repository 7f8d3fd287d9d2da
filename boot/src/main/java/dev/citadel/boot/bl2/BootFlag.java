package dev.citadel.boot.bl2;

/** How an image_ok or copy_done byte reads ({@code boot_flag_decode}). */
public enum BootFlag {
    /** {@code 0x01}. */
    SET,
    /** Erased. */
    UNSET,
    /** Any other value, e.g. a torn write. */
    BAD
}
