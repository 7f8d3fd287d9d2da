package dev.citadel.verifier;

import dev.citadel.psa.attest.CoseAlgorithm;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/**
 * How the instance ID (UEID) must identify the verification key. The specifications leave the hashed encoding of the
 * public key open; TF-M changed it in v2.2.0, so a verifier accepts either TF-M form by default.
 */
public enum InstanceIdBinding {
    /** {@code 0x01 || SHA-256(COSE_Key)}, the EC2 map {1: 2, -1: crv, -2: x, -3: y} (TF-M from v2.2.0). */
    COSE_KEY,
    /** {@code 0x01 || SHA-256(0x04 || X || Y)}, the SEC1 uncompressed point (TF-M up to v2.1). */
    RAW_POINT,
    /** Either TF-M form (the default). */
    EITHER,
    /** No binding: the caller identifies the key otherwise (for example the RFC 9783 example's synthetic UEID). */
    NONE;

    /**
     * The instance IDs this binding accepts for a key. For an HMAC key every binding but NONE means TF-M's symmetric
     * form {@code 0x01 || SHA-256(SHA-256(key))}.
     */
    List<byte[]> expected(VerificationKey key) {
        if (this == NONE) {
            return List.of();
        }
        if (key instanceof VerificationKey.Hmac h) {
            byte[] k = h.bytes();
            try {
                return List.of(ueid(sha256(sha256(k))));
            } finally {
                java.util.Arrays.fill(k, (byte) 0);
            }
        }
        VerificationKey.Ec ec = (VerificationKey.Ec) key;
        byte[] cose = ueid(sha256(coseKey(ec)));
        byte[] raw = ueid(sha256(rawPoint(ec)));
        return switch (this) {
            case COSE_KEY -> List.of(cose);
            case RAW_POINT -> List.of(raw);
            default -> List.of(cose, raw);
        };
    }

    static byte[] rawPoint(VerificationKey.Ec ec) {
        ECPublicKey k = ec.publicKey();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x04);
        b.writeBytes(ec.coordinate(k.getW().getAffineX()));
        b.writeBytes(ec.coordinate(k.getW().getAffineY()));
        return b.toByteArray();
    }

    /** The COSE_Key in TF-M's (and t_cose's) key order, with fixed-size coordinates. */
    static byte[] coseKey(VerificationKey.Ec ec) {
        int crv = CoseAlgorithm.forCurveBits(ec.fieldBits()).orElseThrow(() -> new IllegalArgumentException(
                "no COSE curve for a " + ec.fieldBits() + "-bit key")).coseCurve();
        ECPublicKey k = ec.publicKey();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xA4, 0x01, 0x02, 0x20, (byte) crv, 0x21});
        bstr(b, ec.coordinate(k.getW().getAffineX()));
        b.write(0x22);
        bstr(b, ec.coordinate(k.getW().getAffineY()));
        return b.toByteArray();
    }

    private static void bstr(ByteArrayOutputStream b, byte[] v) {
        b.write(0x58); // every coordinate is 24..255 bytes: one length byte
        b.write(v.length);
        b.writeBytes(v);
    }

    private static byte[] ueid(byte[] hash) {
        byte[] out = new byte[1 + hash.length];
        out[0] = 0x01;
        System.arraycopy(hash, 0, out, 1, hash.length);
        return out;
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
