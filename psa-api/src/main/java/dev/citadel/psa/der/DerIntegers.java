package dev.citadel.psa.der;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The little DER the project needs of its own: a SEQUENCE of INTEGERs (ECDSA's {@code ECDSA-Sig-Value}, PKCS#1's
 * {@code RSAPublicKey}), written minimally and read strictly: definite minimal lengths, minimal INTEGERs, nothing
 * after the SEQUENCE.
 */
public final class DerIntegers {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private DerIntegers() {}

    /** {@code SEQUENCE { INTEGER ... }} of non-negative values, each in its shortest two's-complement form. */
    public static byte[] sequenceOfIntegers(BigInteger... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger v : values) {
            if (v.signum() < 0) {
                throw new IllegalArgumentException("negative INTEGER");
            }
            byte[] content = v.toByteArray(); // minimal, with a 0x00 only when the top bit is set
            body.write(INTEGER);
            writeLength(body, content.length);
            body.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SEQUENCE);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
    }

    /**
     * Reads {@code SEQUENCE { INTEGER ... }} with nothing after it, definite minimal lengths and minimal INTEGERs only.
     *
     * @throws IllegalArgumentException if {@code der} is anything else
     */
    public static List<BigInteger> readSequenceOfIntegers(byte[] der) {
        Reader r = new Reader(der);
        int end = r.header(SEQUENCE);
        if (end != der.length) {
            throw new IllegalArgumentException("bytes after the SEQUENCE");
        }
        List<BigInteger> values = new ArrayList<>();
        while (r.pos < end) {
            int intEnd = r.header(INTEGER);
            int len = intEnd - r.pos;
            if (len == 0) {
                throw new IllegalArgumentException("empty INTEGER");
            }
            if (len > 1 && (der[r.pos] == 0 && der[r.pos + 1] >= 0 || der[r.pos] == -1 && der[r.pos + 1] < 0)) {
                throw new IllegalArgumentException("non-minimal INTEGER");
            }
            values.add(new BigInteger(java.util.Arrays.copyOfRange(der, r.pos, intEnd)));
            r.pos = intEnd;
        }
        return values;
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        /** Reads a tag and length; returns the end offset of the content. */
        int header(int tag) {
            if (pos + 2 > b.length || (b[pos] & 0xff) != tag) {
                throw new IllegalArgumentException("expected tag 0x" + Integer.toHexString(tag));
            }
            pos++;
            int first = b[pos++] & 0xff;
            int len;
            if (first < 0x80) {
                len = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 3 || pos + n > b.length) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[pos++] & 0xff);
                }
                if (len < 0x80 || (n > 1 && len < (1 << (8 * (n - 1))))) {
                    throw new IllegalArgumentException("non-minimal DER length");
                }
            }
            if (len > b.length - pos) {
                throw new IllegalArgumentException("DER length past the end");
            }
            return pos + len;
        }
    }
}
