package dev.citadel.verifier;

import java.util.Optional;

/**
 * The COSE algorithms a PSA token may use (RFC 9053; RFC 9783 §5.2 "Profile TFM" requires a receiver to accept all
 * six). This is the one table from COSE algorithm identifiers to JCA names and sizes.
 */
public enum CoseAlgorithm {
    ES256(-7, Kind.ECDSA, "SHA256withECDSAinP1363Format", "secp256r1", 32, 1),
    ES384(-35, Kind.ECDSA, "SHA384withECDSAinP1363Format", "secp384r1", 48, 2),
    ES512(-36, Kind.ECDSA, "SHA512withECDSAinP1363Format", "secp521r1", 66, 3),
    HMAC_256_256(5, Kind.HMAC, "HmacSHA256", null, 32, 0),
    HMAC_384_384(6, Kind.HMAC, "HmacSHA384", null, 48, 0),
    HMAC_512_512(7, Kind.HMAC, "HmacSHA512", null, 64, 0);

    /** Signature (COSE_Sign1) or MAC (COSE_Mac0). */
    public enum Kind {
        ECDSA,
        HMAC
    }

    private final int id;
    private final Kind kind;
    private final String jcaName;
    private final String curve;
    private final int size;
    private final int coseCurve;

    CoseAlgorithm(int id, Kind kind, String jcaName, String curve, int size, int coseCurve) {
        this.id = id;
        this.kind = kind;
        this.jcaName = jcaName;
        this.curve = curve;
        this.size = size;
        this.coseCurve = coseCurve;
    }

    /** The COSE "alg" value (RFC 9053 §2.1, §3.1). */
    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** JCA Signature (raw r||s form) or Mac name. */
    String jcaName() {
        return jcaName;
    }

    /** Standard curve name of an ECDSA algorithm (RFC 9053 fixes the curve per alg), else null. */
    String curve() {
        return curve;
    }

    /** ECDSA: bytes of one coordinate (the signature is twice that); HMAC: bytes of the tag. */
    int size() {
        return size;
    }

    /** ECDSA: the COSE "crv" value of the curve (RFC 9053 §7.1), used in the COSE_Key encoding. */
    int coseCurve() {
        return coseCurve;
    }

    /** Length of the signature or tag this algorithm produces. */
    int signatureLength() {
        return kind == Kind.ECDSA ? 2 * size : size;
    }

    public static Optional<CoseAlgorithm> byId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** ECDSA: the curve's field size in bits (256, 384, 521), else 0. */
    int fieldBits() {
        return kind == Kind.ECDSA ? (size == 66 ? 521 : size * 8) : 0;
    }
}
