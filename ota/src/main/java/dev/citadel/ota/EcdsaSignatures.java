package dev.citadel.ota;

import java.util.Arrays;

/**
 * ECDSA signatures from DER ({@code SEQUENCE { INTEGER r, INTEGER s }}) to the fixed-width {@code r || s} that
 * {@code psa_verify_hash} takes. Strict DER: definite short lengths, minimal positive integers, nothing after the
 * sequence (corePKCS11 had to harden the same conversion against malformed input).
 */
final class EcdsaSignatures {
    private EcdsaSignatures() {}

    static byte[] derToRaw(byte[] der, int fieldBytes) {
        if (der.length < 8 || der[0] != 0x30 || (der[1] & 0xFF) != der.length - 2 || (der[1] & 0x80) != 0) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        byte[] raw = new byte[2 * fieldBytes];
        int pos = integer(der, 2, raw, 0, fieldBytes);
        pos = integer(der, pos, raw, fieldBytes, fieldBytes);
        if (pos != der.length) {
            throw new IllegalArgumentException("bytes after the DER ECDSA signature");
        }
        return raw;
    }

    private static int integer(byte[] der, int pos, byte[] raw, int at, int width) {
        if (pos + 2 > der.length || der[pos] != 0x02) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int len = der[pos + 1] & 0xFF;
        int start = pos + 2;
        if (len == 0 || len > 0x7F || start + len > der.length) {
            throw new IllegalArgumentException("a bad integer length in the DER ECDSA signature");
        }
        byte[] v = Arrays.copyOfRange(der, start, start + len);
        if (v[0] < 0 || (v.length > 1 && v[0] == 0 && v[1] >= 0)) {
            throw new IllegalArgumentException("a negative or non-minimal integer in the DER ECDSA signature");
        }
        int off = v[0] == 0 ? 1 : 0;
        int n = v.length - off;
        if (n > width) {
            throw new IllegalArgumentException("an integer wider than the curve in the DER ECDSA signature");
        }
        System.arraycopy(v, off, raw, at + width - n, n);
        return start + len;
    }
}
