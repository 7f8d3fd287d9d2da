package dev.citadel.boot.image;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One TLV: {@code u16 type, u16 length, payload}, little endian.
 *
 * @param offset where the payload starts in the image (-1 for a TLV not yet placed)
 */
public record Tlv(int type, byte[] value, int offset) {
    /** Size of a TLV's type and length. */
    public static final int HEADER_SIZE = 4;

    public Tlv {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("TLV type must be a u16: " + type);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("TLV payload longer than 65535 bytes: " + value.length);
        }
        value = value.clone();
    }

    public Tlv(TlvType type, byte[] value) {
        this(type.code(), value, -1);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** The known type, or null. */
    public TlvType knownType() {
        return TlvType.of(type);
    }

    public int encodedSize() {
        return HEADER_SIZE + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value) && t.offset == offset;
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return TlvType.nameOf(type) + "(0x" + Integer.toHexString(type) + ", " + value.length + " bytes: "
                + HexFormat.of().formatHex(value) + ")";
    }
}
