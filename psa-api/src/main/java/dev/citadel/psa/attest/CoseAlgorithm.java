package dev.citadel.psa.attest;

import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.HashName;
import dev.citadel.psa.names.MacName;
import dev.citadel.psa.names.SignatureName;
import java.util.Optional;

/**
 * The COSE algorithms of attestation tokens (RFC 9053 §2.1, §3.1; RFC 9783 §5.2 makes a receiver accept all six).
 * Identifiers, hashes and curves come from the name table ({@link SignatureName}, {@link MacName}); this enum picks
 * the six a token may carry. A device picks one from its IAK as TF-M's {@code attest_get_t_cose_algorithm} does
 * (secp-r1 256/384/521 bits: ES256/384/512; an HMAC-SHA-256 key: HMAC 256/256).
 */
public enum CoseAlgorithm {
    ES256(SignatureName.ECDSA_SHA256, null),
    ES384(SignatureName.ECDSA_SHA384, null),
    ES512(SignatureName.ECDSA_SHA512, null),
    HMAC_256_256(null, MacName.HMAC_SHA256),
    HMAC_384_384(null, MacName.HMAC_SHA384),
    HMAC_512_512(null, MacName.HMAC_SHA512);

    /** Signature (COSE_Sign1) or MAC (COSE_Mac0). */
    public enum Kind {
        ECDSA,
        HMAC
    }

    private final SignatureName signature;
    private final MacName mac;

    CoseAlgorithm(SignatureName signature, MacName mac) {
        this.signature = signature;
        this.mac = mac;
    }

    /** The COSE {@code alg} value. */
    public int id() {
        return signature != null ? signature.cose() : mac.cose();
    }

    public Kind kind() {
        return signature != null ? Kind.ECDSA : Kind.HMAC;
    }

    /** The JCA {@code Signature} (raw {@code r || s} form, as COSE carries it) or {@code Mac} name. */
    public String jcaName() {
        return signature != null ? signature.p1363JcaName().orElseThrow() : mac.jcaName();
    }

    /** The hash the algorithm signs with, or the HMAC's hash. */
    public HashName hash() {
        return signature != null ? signature.hash().orElseThrow() : mac.hash();
    }

    /** The JDK name of {@link #hash()}. */
    public String jdkHash() {
        return hash().jcaName();
    }

    /** ECDSA: the curve RFC 9053 fixes for the algorithm; HMAC: empty. */
    public Optional<CurveName> curveName() {
        return signature != null ? signature.curve() : Optional.empty();
    }

    /** ECDSA: the standard name of the curve RFC 9053 fixes for the algorithm; HMAC: null. */
    public String curve() {
        return curveName().map(CurveName::jcaName).orElse(null);
    }

    /** ECDSA: the size of the secp-r1 curve in bits (256, 384, 521); HMAC: 0. */
    public int curveBits() {
        return curveName().map(CurveName::bits).orElse(0);
    }

    /** ECDSA: the size of a coordinate, r or s (a signature is {@code r || s}, twice this); HMAC: the tag's size. */
    public int coordinateSize() {
        return curveName().map(CurveName::fieldBytes).orElseGet(() -> mac.length());
    }

    /** The length of the signature or MAC tag this algorithm produces. */
    public int signatureSize() {
        return kind() == Kind.ECDSA ? 2 * coordinateSize() : coordinateSize();
    }

    /** ECDSA: the COSE_Key {@code crv} value of the curve (RFC 9053 §7.1): P-256 1, P-384 2, P-521 3; HMAC: 0. */
    public int coseCurve() {
        return curveName().map(CurveName::cose).orElse(0);
    }

    /** The ECDSA algorithm for a secp-r1 curve of {@code bits}. */
    public static Optional<CoseAlgorithm> forCurveBits(int bits) {
        for (CoseAlgorithm a : values()) {
            if (a.kind() == Kind.ECDSA && a.curveBits() == bits) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public static Optional<CoseAlgorithm> forId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id() == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
