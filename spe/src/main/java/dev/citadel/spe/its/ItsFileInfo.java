package dev.citadel.spe.its;

/**
 * What {@code get_info} reports about an asset.
 *
 * @param size current size in bytes (also its capacity)
 * @param flags the create flags it was stored with
 */
public record ItsFileInfo(int size, int flags) {}
