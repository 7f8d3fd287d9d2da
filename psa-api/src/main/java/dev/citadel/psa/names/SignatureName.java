package dev.citadel.psa.names;

import dev.citadel.psa.crypto.Algorithm;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Signature schemes: PSA algorithm ↔ JCA {@code Signature} name and OID ↔ COSE {@code alg} ↔ {@code CKM_*}
 * hash-and-sign mechanism. RSASSA-PSS has one JCA name and OID for every hash (its parameters name the hash).
 */
public enum SignatureName {
    ECDSA_SHA256(HashName.SHA_256, Algorithm::ecdsa, "EC", "SHA256withECDSA", "1.2.840.10045.4.3.2", -7, 0x1044,
            CurveName.SECP256R1),
    ECDSA_SHA384(HashName.SHA_384, Algorithm::ecdsa, "EC", "SHA384withECDSA", "1.2.840.10045.4.3.3", -35, 0x1045,
            CurveName.SECP384R1),
    ECDSA_SHA512(HashName.SHA_512, Algorithm::ecdsa, "EC", "SHA512withECDSA", "1.2.840.10045.4.3.4", -36, 0x1046,
            CurveName.SECP521R1),
    RSA_PKCS1V15_SHA256(HashName.SHA_256, Algorithm::rsaPkcs1v15Sign, "RSA", "SHA256withRSA",
            "1.2.840.113549.1.1.11", -257, 0x40, null),
    RSA_PKCS1V15_SHA384(HashName.SHA_384, Algorithm::rsaPkcs1v15Sign, "RSA", "SHA384withRSA",
            "1.2.840.113549.1.1.12", -258, 0x41, null),
    RSA_PKCS1V15_SHA512(HashName.SHA_512, Algorithm::rsaPkcs1v15Sign, "RSA", "SHA512withRSA",
            "1.2.840.113549.1.1.13", -259, 0x42, null),
    /** MGF1 with the same hash, a salt as long as the hash: PSA's {@code PSA_ALG_RSA_PSS}. */
    RSA_PSS_SHA256(HashName.SHA_256, Algorithm::rsaPss, "RSA", "RSASSA-PSS", "1.2.840.113549.1.1.10", -37, 0x43,
            null),
    RSA_PSS_SHA384(HashName.SHA_384, Algorithm::rsaPss, "RSA", "RSASSA-PSS", "1.2.840.113549.1.1.10", -38, 0x44,
            null),
    RSA_PSS_SHA512(HashName.SHA_512, Algorithm::rsaPss, "RSA", "RSASSA-PSS", "1.2.840.113549.1.1.10", -39, 0x45,
            null),
    /** Pure EdDSA over the whole message; COSE's {@code EdDSA} and PKCS#11 3.0's {@code CKM_EDDSA}. */
    ED25519(null, h -> Algorithm.PURE_EDDSA, "EdDSA", "Ed25519", "1.3.101.112", -8, 0x1057, CurveName.ED25519);

    private final HashName hash;
    private final Algorithm psa;
    private final String keyAlgorithm;
    private final String jcaName;
    private final String oid;
    private final int cose;
    private final long ckm;
    private final CurveName curve;

    SignatureName(HashName hash, UnaryOperator<Algorithm> scheme, String keyAlgorithm, String jcaName, String oid, int cose, long ckm,
            CurveName curve) {
        this.hash = hash;
        this.psa = scheme.apply(hash == null ? null : hash.psa());
        this.keyAlgorithm = keyAlgorithm;
        this.jcaName = jcaName;
        this.oid = oid;
        this.cose = cose;
        this.ckm = ckm;
        this.curve = curve;
    }

    /** The PSA signature algorithm: {@code PSA_ALG_ECDSA(PSA_ALG_SHA_256)} and so on. */
    public Algorithm psa() {
        return psa;
    }

    /** The hash that is signed; empty for pure EdDSA, which signs the message. */
    public Optional<HashName> hash() {
        return Optional.ofNullable(hash);
    }

    /** The JCA algorithm of the keys that sign: EC, RSA, EdDSA. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The JCA {@code Signature} standard name (ECDSA's signature is DER). */
    public String jcaName() {
        return jcaName;
    }

    /** ECDSA: the JCA name of the scheme with a raw {@code r || s} signature (IEEE P1363), as COSE and PSA carry it. */
    public Optional<String> p1363JcaName() {
        return keyAlgorithm.equals("EC") ? Optional.of(jcaName + "inP1363Format") : Optional.empty();
    }

    /** The dotted OID of the signature algorithm, as an X.509 {@code AlgorithmIdentifier} names it. */
    public String oid() {
        return oid;
    }

    /** The COSE {@code alg} (RFC 9053; PS* from RFC 8230, RS* from RFC 8812). */
    public int cose() {
        return cose;
    }

    /** The {@code CKM_*} mechanism that hashes (if the scheme hashes) and signs. */
    public long ckm() {
        return ckm;
    }

    /**
     * The curve whose size the hash matches (RFC 5480 §4; RFC 9053 §2.1 pairs ES256 with P-256 and so on), for
     * ECDSA and EdDSA.
     */
    public Optional<CurveName> curve() {
        return Optional.ofNullable(curve);
    }

    public static Optional<SignatureName> byPsa(Algorithm psa) {
        return Names.find(SignatureName.class, s -> s.psa.equals(psa));
    }

    public static Optional<SignatureName> byCose(long cose) {
        return Names.find(SignatureName.class, s -> s.cose == cose);
    }

    public static Optional<SignatureName> byCkm(long ckm) {
        return Names.find(SignatureName.class, s -> s.ckm == ckm);
    }

    /** The ECDSA scheme whose hash matches {@code curve}: SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521. */
    public static Optional<SignatureName> ecdsaFor(CurveName curve) {
        return Names.find(SignatureName.class, s -> s.curve == curve && s.keyAlgorithm.equals("EC"));
    }
}
