package dev.citadel.boot.bl2;

/** MCUboot's upgrade modes that Citadel builds ({@code MCUBOOT_OVERWRITE_ONLY}, the default, {@code _SWAP_USING_MOVE}). */
public enum UpgradeStrategy {
    /** Copy the secondary over the primary; no trial boot, no revert. TF-M's default. */
    OVERWRITE_ONLY,
    /** Swap through the scratch area. MCUboot's default. */
    SWAP_USING_SCRATCH,
    /** Shift the primary up one sector, then swap sector by sector; no scratch area. */
    SWAP_USING_MOVE
}
