package dev.citadel.pkcs11.rpc;

/** Reads big-endian integers and byte runs from a message body, failing on truncation instead of reading past it. */
final class Cursor {
    /** p11-kit rejects byte arrays of this length and more ({@code p11_rpc_buffer_get_byte_array}). */
    static final long MAX_ARRAY = 0x7fffffffL;
    /** {@code 0xffffffff} as a byte array's length: a NULL pointer. */
    static final long NULL_LENGTH = 0xffffffffL;

    private final byte[] data;
    private int pos;

    Cursor(byte[] data) {
        this.data = data;
    }

    int remaining() {
        return data.length - pos;
    }

    int u8() throws WireException {
        need(1, "byte");
        return data[pos++] & 0xff;
    }

    long u32() throws WireException {
        need(4, "u32");
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (data[pos++] & 0xff);
        }
        return v;
    }

    long u64() throws WireException {
        long hi = u32();
        return (hi << 32) | u32();
    }

    byte[] bytes(long n) throws WireException {
        need(n, "byte run");
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** A u32-length-prefixed byte array; {@code null} for the NULL form {@code ffffffff}. */
    byte[] byteArray() throws WireException {
        long len = u32();
        if (len == NULL_LENGTH) {
            return null;
        }
        if (len >= MAX_ARRAY) {
            throw new WireException("byte array length " + len);
        }
        return bytes(len);
    }

    private void need(long n, String what) throws WireException {
        if (n > remaining()) {
            throw new WireException("truncated message: " + what + " needs " + n + " bytes, " + remaining() + " left");
        }
    }
}
