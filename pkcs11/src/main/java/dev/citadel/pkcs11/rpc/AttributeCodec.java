package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeKind;
import dev.citadel.pkcs11.Cka;
import java.nio.ByteBuffer;

/**
 * One attribute on p11-kit's wire ({@code p11_rpc_buffer_add_attribute}/{@code get_attribute}): u32 type, a validity
 * byte, then the u32 length the sender's C sees and the value encoded by its {@link Cka#kind(long)}. A value of
 * {@code null} is the codec's NULL form, which is what a length-only answer carries.
 */
final class AttributeCodec {
    /** p11-kit 0.25.4+ bounds nested templates at this depth; 0.24.1 accepts none in requests. */
    static final int MAX_DEPTH = 8;
    /** {@code sizeof(CK_ATTRIBUTE)} on LP64: the length unit of a nested template. */
    static final int LP64_ATTRIBUTE_SIZE = 24;
    /** {@code sizeof(CK_ULONG)} on LP64. */
    static final int LP64_ULONG = 8;

    private AttributeCodec() {}

    static WireAttribute read(Cursor in, int depth) throws WireException {
        long type = in.u32();
        int validity = in.u8();
        if (validity == 0) {
            return WireAttribute.invalid(type);
        }
        if (validity != 1) {
            throw new WireException("attribute validity byte " + validity);
        }
        long length = in.u32();
        byte[] value;
        long decoded;
        switch (Cka.kind(type)) {
            case BOOL -> {
                value = new byte[] {(byte) in.u8()};
                decoded = 1;
            }
            case ULONG -> {
                value = ByteBuffer.allocate(8).putLong(in.u64()).array();
                decoded = LP64_ULONG;
            }
            case DATE -> {
                value = in.byteArray();
                decoded = value == null ? 0 : value.length;
                if (decoded != 0 && decoded != 8) {
                    throw new WireException("CK_DATE of " + decoded + " bytes");
                }
            }
            case MECHANISM_ARRAY -> {
                long n = in.u32();
                if (n * 8 > in.remaining()) {
                    throw new WireException("truncated mechanism array");
                }
                ByteBuffer b = ByteBuffer.allocate((int) n * 8);
                for (long i = 0; i < n; i++) {
                    b.putLong(in.u64());
                }
                value = b.array();
                decoded = n * LP64_ULONG;
            }
            case ATTRIBUTE_ARRAY -> {
                if (depth >= MAX_DEPTH) {
                    throw new WireException("attribute templates nested deeper than " + MAX_DEPTH);
                }
                long n = in.u32();
                for (long i = 0; i < n; i++) {
                    read(in, depth + 1);
                }
                value = null; // nested templates are read to stay in step, not passed on
                decoded = n * LP64_ATTRIBUTE_SIZE;
            }
            default -> {
                value = in.byteArray();
                decoded = value == null ? 0 : value.length;
            }
        }
        if (decoded > length) {
            throw new WireException(Cka.name(type) + " value of " + decoded + " bytes under a length of " + length);
        }
        return new WireAttribute(type, true, length, value);
    }

    /**
     * Writes one attribute. {@code length} is the true value length ({@code -1}: not available, validity 0);
     * {@code value} is {@code null} for the NULL form.
     *
     * @throws IllegalArgumentException if the value does not have its kind's shape
     */
    static void write(Sink out, long type, long length, byte[] value) {
        out.u32(type);
        if (length < 0) {
            out.u8(0);
            return;
        }
        out.u8(1);
        AttributeKind kind = Cka.kind(type);
        if (value != null && value.length != length) {
            throw new IllegalArgumentException(Cka.name(type) + ": length " + length + " but " + value.length
                    + " bytes");
        }
        out.u32(length);
        switch (kind) {
            case BOOL -> {
                require(value == null || value.length == 1, type, "a CK_BBOOL is one byte");
                out.u8(value == null ? 0 : value[0] & 0xff);
            }
            case ULONG -> {
                require(value == null || value.length == 8, type, "a CK_ULONG is eight bytes");
                out.u64(value == null ? 0 : ByteBuffer.wrap(value).getLong());
            }
            case DATE -> {
                require(value == null || value.length == 0 || value.length == 8, type, "a CK_DATE is 0 or 8 bytes");
                out.byteArray(value);
            }
            case MECHANISM_ARRAY -> {
                // A length-only answer sends count 0: p11-kit's own NULL form (the count alone) fails every client.
                if (value == null) {
                    out.u32(0);
                } else {
                    require(value.length % 8 == 0, type, "mechanism types are eight bytes each");
                    out.u32(value.length / 8);
                    ByteBuffer b = ByteBuffer.wrap(value);
                    while (b.hasRemaining()) {
                        out.u64(b.getLong());
                    }
                }
            }
            case ATTRIBUTE_ARRAY -> {
                require(value == null || value.length == 0, type, "nested templates are not carried");
                out.u32(0);
            }
            default -> out.byteArray(value);
        }
    }

    private static void require(boolean ok, long type, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(Cka.name(type) + ": " + rule);
        }
    }
}
