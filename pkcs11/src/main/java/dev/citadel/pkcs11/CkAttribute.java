package dev.citadel.pkcs11;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@code CK_ATTRIBUTE} with a value: an immutable type and byte string. The bytes follow the attribute's
 * {@link AttributeKind}: a {@code CK_BBOOL} is one byte, a {@code CK_ULONG} eight bytes big-endian, everything else
 * as PKCS#11 defines it. The factories and accessors keep callers away from that encoding.
 */
public record CkAttribute(long type, byte[] value) {

    public CkAttribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value's length, as {@code ulValueLen} reports it. */
    public int length() {
        return value.length;
    }

    public static CkAttribute ofBool(long type, boolean v) {
        return new CkAttribute(type, new byte[] {(byte) (v ? 1 : 0)});
    }

    public static CkAttribute ofLong(long type, long v) {
        return new CkAttribute(type, ByteBuffer.allocate(8).putLong(v).array());
    }

    public static CkAttribute ofBytes(long type, byte[] v) {
        return new CkAttribute(type, v);
    }

    /** A UTF-8 string (labels, as PKCS#11 2.40 specifies them). */
    public static CkAttribute ofString(long type, String v) {
        return new CkAttribute(type, v.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The value as a {@code CK_BBOOL}.
     *
     * @throws CkException {@code CKR_ATTRIBUTE_VALUE_INVALID} if it is not exactly one byte
     */
    public boolean asBool() throws CkException {
        if (value.length != 1) {
            throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, Cka.name(type) + " is not a CK_BBOOL");
        }
        return value[0] != 0;
    }

    /**
     * The value as a {@code CK_ULONG}.
     *
     * @throws CkException {@code CKR_ATTRIBUTE_VALUE_INVALID} if it is not exactly eight bytes
     */
    public long asLong() throws CkException {
        if (value.length != 8) {
            throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, Cka.name(type) + " is not a CK_ULONG");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    /** The value read as UTF-8. */
    public String asString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CkAttribute a && a.type == type && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(type) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Cka.name(type) + "(" + value.length + " bytes)";
    }
}
