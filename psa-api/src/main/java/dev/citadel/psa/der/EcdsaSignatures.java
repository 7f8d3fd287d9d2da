package dev.citadel.psa.der;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * ECDSA signatures between PSA's {@code r || s} (each the curve's field size, big-endian) and DER
 * {@code ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }} (RFC 3279 §2.2.3): what JSSE sends, and what FreeRTOS
 * OTA jobs carry ({@code sig-sha256-ecdsa}). Reading is strict (see {@link DerIntegers}); corePKCS11 had to harden
 * the same conversion against malformed input.
 */
public final class EcdsaSignatures {
    private EcdsaSignatures() {}

    /** DER of a PSA signature; each INTEGER is minimal (no superfluous leading zero octets). */
    public static byte[] fromRaw(byte[] rs) throws SignatureException {
        if (rs.length == 0 || rs.length % 2 != 0) {
            throw new SignatureException("an ECDSA r || s signature of odd or zero length: " + rs.length);
        }
        int half = rs.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length));
        return DerIntegers.sequenceOfIntegers(r, s);
    }

    /** PSA's {@code r || s} of a DER signature, each value left-padded to {@code fieldBytes}. */
    public static byte[] toRaw(byte[] der, int fieldBytes) throws SignatureException {
        java.util.List<BigInteger> v;
        try {
            v = DerIntegers.readSequenceOfIntegers(der);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("not a DER ECDSA signature: " + e.getMessage(), e);
        }
        if (v.size() != 2) {
            throw new SignatureException("an ECDSA signature holds two INTEGERs, not " + v.size());
        }
        byte[] out = new byte[2 * fieldBytes];
        put(v.get(0), out, 0, fieldBytes);
        put(v.get(1), out, fieldBytes, fieldBytes);
        return out;
    }

    private static void put(BigInteger value, byte[] out, int offset, int length) throws SignatureException {
        if (value.signum() <= 0 || value.bitLength() > 8 * length) {
            throw new SignatureException("ECDSA value out of range");
        }
        byte[] b = value.toByteArray();
        int skip = b.length > length ? b.length - length : 0;
        System.arraycopy(b, skip, out, offset + length - (b.length - skip), b.length - skip);
    }
}
