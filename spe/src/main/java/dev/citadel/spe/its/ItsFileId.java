package dev.citadel.spe.its;

/**
 * The 12-byte file ID of an asset: the owner's client ID, then its uid, little-endian, as TF-M's
 * {@code get_file_info} builds it. Keying files by both gives every client its own namespace.
 *
 * @param clientId the owning client
 * @param uid the client's uid, never 0
 */
public record ItsFileId(int clientId, long uid) {
    /** Encoded size. */
    public static final int SIZE = 12;
}
