package dev.citadel.boot.image;

/** Why an image was refused. Each comes with a one-line detail in {@link VerificationResult.Refused}. */
public enum Refusal {
    /** The bytes end before the header, a TLV area or a TLV does. */
    TRUNCATED,
    /** {@code ih_magic} is not {@code IMAGE_MAGIC}. */
    BAD_MAGIC,
    /** {@code ih_hdr_size} below 32. */
    BAD_HEADER_SIZE,
    /** A flag Citadel does not boot (encryption, compression, PIC, non-bootable) or an undefined bit. */
    UNSUPPORTED_FLAGS,
    /** Header, payload and protected TLVs do not leave room in the slot. */
    TOO_LARGE_FOR_SLOT,
    /** A TLV info header with the wrong magic, or a protected size that disagrees with the header. */
    BAD_TLV_INFO,
    /** A TLV or a TLV area that runs past its area, the slot or the maximum image size. */
    TLV_OUT_OF_BOUNDS,
    /** A TLV that may not appear where it is (allow list of the unprotected area, unsupported features). */
    TLV_NOT_ALLOWED,
    /** A TLV that may appear only once appears twice. */
    TLV_DUPLICATE,
    /** A TLV whose payload has the wrong length or cannot be decoded. */
    TLV_MALFORMED,
    /** No hash TLV. */
    HASH_MISSING,
    /** The hash TLV differs from the hash of the image. */
    HASH_MISMATCH,
    /** A KEYHASH that matches none of the trusted keys. */
    KEY_UNKNOWN,
    /** A PUBKEY whose hash is not among the allowed key hashes, or that cannot be decoded. */
    KEY_NOT_ALLOWED,
    /** No signature TLV follows a trusted key. */
    SIGNATURE_MISSING,
    /** The signature TLV does not fit the key (type, hash algorithm, length). */
    SIGNATURE_TYPE_MISMATCH,
    /** The signature does not verify. */
    BAD_SIGNATURE
}
