package dev.citadel.psa.attest;

import java.util.Optional;

/**
 * The COSE algorithms of attestation tokens (RFC 9053 §2.1, §3.1; RFC 9783 §5.2 makes a receiver accept all six):
 * the one table from COSE algorithm identifiers to JCA names, curves and sizes. A device picks one from its IAK as
 * TF-M's {@code attest_get_t_cose_algorithm} does (secp-r1 256/384/521 bits: ES256/384/512; an HMAC-SHA-256 key:
 * HMAC 256/256).
 */
public enum CoseAlgorithm {
    ES256(-7, Kind.ECDSA, "SHA256withECDSAinP1363Format", "SHA-256", "secp256r1", 256, 32, 1),
    ES384(-35, Kind.ECDSA, "SHA384withECDSAinP1363Format", "SHA-384", "secp384r1", 384, 48, 2),
    ES512(-36, Kind.ECDSA, "SHA512withECDSAinP1363Format", "SHA-512", "secp521r1", 521, 66, 3),
    HMAC_256_256(5, Kind.HMAC, "HmacSHA256", "SHA-256", null, 0, 32, 0),
    HMAC_384_384(6, Kind.HMAC, "HmacSHA384", "SHA-384", null, 0, 48, 0),
    HMAC_512_512(7, Kind.HMAC, "HmacSHA512", "SHA-512", null, 0, 64, 0);

    /** Signature (COSE_Sign1) or MAC (COSE_Mac0). */
    public enum Kind {
        ECDSA,
        HMAC
    }

    private final int id;
    private final Kind kind;
    private final String jcaName;
    private final String hash;
    private final String curve;
    private final int curveBits;
    private final int size;
    private final int coseCurve;

    CoseAlgorithm(int id, Kind kind, String jcaName, String hash, String curve, int curveBits, int size,
            int coseCurve) {
        this.id = id;
        this.kind = kind;
        this.jcaName = jcaName;
        this.hash = hash;
        this.curve = curve;
        this.curveBits = curveBits;
        this.size = size;
        this.coseCurve = coseCurve;
    }

    /** The COSE {@code alg} value. */
    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The JCA {@code Signature} (raw {@code r || s} form) or {@code Mac} name. */
    public String jcaName() {
        return jcaName;
    }

    /** The JDK name of the hash the algorithm signs with, or the HMAC's hash. */
    public String jdkHash() {
        return hash;
    }

    /** ECDSA: the standard name of the curve RFC 9053 fixes for the algorithm; HMAC: null. */
    public String curve() {
        return curve;
    }

    /** ECDSA: the size of the secp-r1 curve in bits (256, 384, 521); HMAC: 0. */
    public int curveBits() {
        return curveBits;
    }

    /** ECDSA: the size of a coordinate, r or s (a signature is {@code r || s}, twice this); HMAC: the tag's size. */
    public int coordinateSize() {
        return size;
    }

    /** The length of the signature or MAC tag this algorithm produces. */
    public int signatureSize() {
        return kind == Kind.ECDSA ? 2 * size : size;
    }

    /** ECDSA: the COSE_Key {@code crv} value of the curve (RFC 9053 §7.1): P-256 1, P-384 2, P-521 3; HMAC: 0. */
    public int coseCurve() {
        return coseCurve;
    }

    /** The ECDSA algorithm for a secp-r1 curve of {@code bits}. */
    public static Optional<CoseAlgorithm> forCurveBits(int bits) {
        for (CoseAlgorithm a : values()) {
            if (a.kind == Kind.ECDSA && a.curveBits == bits) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public static Optional<CoseAlgorithm> forId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
