package dev.citadel.boot.bl2;

/** How a trailer's magic reads ({@code boot_magic_decode}). */
public enum BootMagic {
    /** Exactly the magic of the configured BOOT_MAX_ALIGN. */
    GOOD,
    /** All erased. */
    UNSET,
    /** Anything else: torn, scrambled or of another alignment. */
    BAD
}
