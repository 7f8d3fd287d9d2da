package dev.citadel.psa.attest;

import java.util.Optional;

/**
 * The COSE signature algorithms of attestation tokens (RFC 9053 §2.1) and the ECC curve each goes with, as TF-M's
 * {@code attest_get_t_cose_algorithm} picks them from the IAK: the one table of COSE algorithm identifiers.
 */
public enum CoseAlgorithm {
    ES256(-7, 256, "SHA-256", 32),
    ES384(-35, 384, "SHA-384", 48),
    ES512(-36, 521, "SHA-512", 66);

    private final int id;
    private final int curveBits;
    private final String hash;
    private final int coordinateSize;

    CoseAlgorithm(int id, int curveBits, String hash, int coordinateSize) {
        this.id = id;
        this.curveBits = curveBits;
        this.hash = hash;
        this.coordinateSize = coordinateSize;
    }

    /** The COSE {@code alg} value. */
    public int id() {
        return id;
    }

    /** The size of the secp-r1 curve this algorithm signs with. */
    public int curveBits() {
        return curveBits;
    }

    /** The JDK name of the hash the algorithm signs. */
    public String jdkHash() {
        return hash;
    }

    /** The size of a coordinate, r or s: a signature is {@code r || s}, twice this. */
    public int coordinateSize() {
        return coordinateSize;
    }

    public int signatureSize() {
        return 2 * coordinateSize;
    }

    /** The COSE_Key {@code crv} value of the curve (RFC 9053 §7.1): P-256 1, P-384 2, P-521 3. */
    public int coseCurve() {
        return ordinal() + 1;
    }

    public static Optional<CoseAlgorithm> forCurveBits(int bits) {
        for (CoseAlgorithm a : values()) {
            if (a.curveBits == bits) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public static Optional<CoseAlgorithm> forId(int id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
