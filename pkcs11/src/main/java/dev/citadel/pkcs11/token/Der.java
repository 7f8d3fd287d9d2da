package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.CkException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The little DER this token needs: OCTET STRING, INTEGER, SEQUENCE, and reading them back. */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int PRINTABLE_STRING = 0x13;
    static final int SEQUENCE = 0x30;

    private Der() {}

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    static byte[] bitString(byte[] content) {
        byte[] c = new byte[content.length + 1];
        System.arraycopy(content, 0, c, 1, content.length);
        return tlv(BIT_STRING, c);
    }

    static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** An INTEGER from an unsigned big-endian value. */
    static byte[] unsignedInteger(byte[] magnitude) {
        return tlv(INTEGER, new BigInteger(1, magnitude).toByteArray());
    }

    static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return tlv(SEQUENCE, out.toByteArray());
    }

    /** The content of the one TLV of {@code tag} that makes up all of {@code der}, or null. */
    static byte[] unwrap(int tag, byte[] der) {
        try {
            Reader r = new Reader(der);
            byte[] c = r.next(tag);
            return r.atEnd() ? c : null;
        } catch (CkException e) {
            return null;
        }
    }

    /** An unsigned big-endian integer without leading zeros (PKCS#11's big integers). */
    static byte[] unsigned(byte[] integerContent) {
        int i = 0;
        while (i < integerContent.length - 1 && integerContent[i] == 0) {
            i++;
        }
        return java.util.Arrays.copyOfRange(integerContent, i, integerContent.length);
    }

    /** The INTEGER contents of a SEQUENCE of INTEGERs (RSAPublicKey, RSAPrivateKey). */
    static List<byte[]> integers(byte[] der) throws CkException {
        Reader outer = new Reader(der);
        Reader r = new Reader(outer.next(SEQUENCE));
        List<byte[]> ints = new ArrayList<>();
        while (!r.atEnd()) {
            ints.add(unsigned(r.next(INTEGER)));
        }
        return ints;
    }

    /** Reads TLVs in order; any malformation is {@code CKR_ATTRIBUTE_VALUE_INVALID}. */
    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean atEnd() {
            return pos == b.length;
        }

        byte[] next(int tag) throws CkException {
            if (pos + 2 > b.length || (b[pos] & 0xFF) != tag) {
                throw bad();
            }
            pos++;
            int len = b[pos++] & 0xFF;
            if (len >= 0x80) {
                int n = len & 0x7F;
                if (n == 0 || n > 3 || pos + n > b.length) {
                    throw bad();
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | (b[pos++] & 0xFF);
                }
            }
            if (len > b.length - pos) {
                throw bad();
            }
            byte[] c = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return c;
        }

        private static CkException bad() {
            return new CkException(dev.citadel.pkcs11.Ckr.ATTRIBUTE_VALUE_INVALID, "malformed DER");
        }
    }
}
