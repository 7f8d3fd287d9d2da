package dev.citadel.spe.attest;

import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.cbor.CborEncoder;
import dev.citadel.psa.cbor.CborMapBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The Instance ID of an asymmetric IAK in TF-M's current form (since TF-M 2.2, {@code compute_attest_key_hash}):
 * the UEID {@code 0x01 || SHA-256(COSE_Key)}, where COSE_Key is the EC2 map {@code {1: 2, -1: crv, -2: x, -3: y}}
 * in that order ({@code A4 01 02 20 01 21 58 20 <x> 22 58 20 <y>} for P-256). Older TF-M hashed the raw point.
 * A symmetric IAK's Instance ID is {@code 0x01 || SHA-256(SHA-256(key))}, as {@code attest_symmetric_key.c} hashes
 * it twice.
 */
final class InstanceId {
    /** UEID type RAND. */
    static final byte UEID_TYPE_RAND = 0x01;

    private InstanceId() {}

    /** @param point the uncompressed public point {@code 04 || x || y} */
    static byte[] of(CoseAlgorithm alg, byte[] point) {
        int n = alg.coordinateSize();
        if (point.length != 1 + 2 * n || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed point of " + alg);
        }
        // In t_cose's order (kty, crv, x, y), the order the hash covers.
        byte[] coseKey = CborMapBuilder.inInsertionOrder()
                .put(1, CborEncoder.integer(2))
                .put(-1, CborEncoder.integer(alg.coseCurve()))
                .put(-2, CborEncoder.bytes(Arrays.copyOfRange(point, 1, 1 + n)))
                .put(-3, CborEncoder.bytes(Arrays.copyOfRange(point, 1 + n, 1 + 2 * n)))
                .build();
        try {
            return concat(new byte[] {UEID_TYPE_RAND}, MessageDigest.getInstance("SHA-256").digest(coseKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-256", e);
        }
    }

    /** @param key the symmetric IAK */
    static byte[] ofSymmetric(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return concat(new byte[] {UEID_TYPE_RAND}, sha.digest(sha.digest(key)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-256", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] out = new byte[len];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
