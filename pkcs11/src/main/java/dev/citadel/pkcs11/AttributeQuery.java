package dev.citadel.pkcs11;

/**
 * One entry of a {@code C_GetAttributeValue} template: the type and the caller's buffer size, or {@link #NO_BUFFER}
 * for a {@code NULL pValue} (a length query).
 */
public record AttributeQuery(long type, long capacity) {
    /** {@code pValue == NULL}: only the length is asked for. */
    public static final long NO_BUFFER = -1;

    public AttributeQuery {
        if (capacity < NO_BUFFER) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
    }

    /** A length query for {@code type}. */
    public static AttributeQuery length(long type) {
        return new AttributeQuery(type, NO_BUFFER);
    }

    /** A query with a buffer large enough for any value. */
    public static AttributeQuery value(long type) {
        return new AttributeQuery(type, Integer.MAX_VALUE);
    }
}
