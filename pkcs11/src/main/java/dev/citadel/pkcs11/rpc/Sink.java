package dev.citadel.pkcs11.rpc;

import java.io.ByteArrayOutputStream;

/** Writes big-endian integers and byte runs: the other half of {@link Cursor}. */
final class Sink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void u8(int v) {
        out.write(v);
    }

    void u32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("not a u32: " + v);
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
    }

    void u64(long v) {
        u32(v >>> 32);
        u32(v & 0xffffffffL);
    }

    void bytes(byte[] b) {
        out.write(b, 0, b.length);
    }

    /** A u32-length-prefixed byte array, or the NULL form {@code ffffffff} for {@code null}. */
    void byteArray(byte[] b) {
        if (b == null) {
            u32(Cursor.NULL_LENGTH);
        } else {
            if (b.length >= Cursor.MAX_ARRAY) {
                throw new IllegalArgumentException("byte array too long");
            }
            u32(b.length);
            bytes(b);
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
