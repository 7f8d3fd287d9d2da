package dev.citadel.pkcs11;

/**
 * How an attribute's value is shaped, which decides its Java form in {@link CkAttribute} and its encoding on
 * p11-kit's wire (p11-kit's {@code p11_rpc_value_type}). {@link Cka#kind(long)} is the one table.
 */
public enum AttributeKind {
    /** {@code CK_BBOOL}: one byte, 0 or 1. */
    BOOL,
    /** {@code CK_ULONG}: held as 8 bytes, big-endian (an LP64 {@code CK_ULONG}'s size). */
    ULONG,
    /** Any byte string (labels, IDs, big integers, DER). */
    BYTES,
    /** {@code CK_DATE}: 8 ASCII digits YYYYMMDD, or empty. */
    DATE,
    /** {@code CK_MECHANISM_TYPE[]}: each held as 8 bytes, big-endian. */
    MECHANISM_ARRAY,
    /** A nested template ({@code CKA_WRAP_TEMPLATE} and the like); not supported by this token. */
    ATTRIBUTE_ARRAY
}
