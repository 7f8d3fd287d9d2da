package dev.citadel.jca;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.HashName;
import dev.citadel.psa.names.MacName;
import dev.citadel.psa.names.SignatureName;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's registration table: the hashes and curves it serves, key kinds (with their Citadel key classes),
 * and the Signature, Cipher, Mac, KeyAgreement and KeyPairGenerator services it registers. Names, OIDs and PSA
 * algorithms come from the name table ({@code dev.citadel.psa.names}); this class picks the rows the provider offers
 * and adds what is the provider's own. Nothing else in this package switches on a name.
 */
final class JcaNames {
    private JcaNames() {}

    /** The message digests the provider's hash-and-sign schemes, OAEP and HMAC use; names from {@link HashName}. */
    enum Hash {
        SHA_256(HashName.SHA_256),
        SHA_384(HashName.SHA_384),
        SHA_512(HashName.SHA_512);

        final HashName name;
        final String jcaName;
        final Algorithm psa;

        Hash(HashName name) {
            this.name = name;
            this.jcaName = name.jcaName();
            this.psa = name.psa();
        }

        /** The digest length in bytes. */
        int length() {
            return name.length();
        }

        /** By JCA name, {@code SHA-256} or {@code SHA256}, any case, among the provider's digests. */
        static Optional<Hash> byName(String name) {
            return HashName.byName(name).flatMap(Hash::of);
        }

        static Optional<Hash> of(HashName name) {
            return Arrays.stream(values()).filter(h -> h.name == name).findFirst();
        }
    }

    /** The JCA key kinds and the Citadel private key class of each. */
    enum KeyKind {
        EC("EC", CitadelEcPrivateKey.class),
        RSA("RSA", CitadelRsaPrivateKey.class),
        EDDSA("EdDSA", CitadelEdPrivateKey.class),
        XDH("XDH", CitadelXecPrivateKey.class);

        /** What {@code Key.getAlgorithm()} answers, as the JDK's keys of this kind do. */
        final String jcaAlgorithm;
        final Class<? extends CitadelPrivateKey> keyClass;

        KeyKind(String jcaAlgorithm, Class<? extends CitadelPrivateKey> keyClass) {
            this.jcaAlgorithm = jcaAlgorithm;
            this.keyClass = keyClass;
        }
    }

    /** The curves Citadel keys can be on, with the key kind of each; names, OIDs and sizes from {@link CurveName}. */
    enum Curve {
        SECP256R1(KeyKind.EC, CurveName.SECP256R1),
        SECP384R1(KeyKind.EC, CurveName.SECP384R1),
        SECP521R1(KeyKind.EC, CurveName.SECP521R1),
        X25519(KeyKind.XDH, CurveName.X25519),
        ED25519(KeyKind.EDDSA, CurveName.ED25519);

        final KeyKind kind;
        final CurveName name;
        final EccFamily family;
        final int bits;
        final String jcaName;
        final String oid;

        Curve(KeyKind kind, CurveName name) {
            this.kind = kind;
            this.name = name;
            this.family = name.family();
            this.bits = name.bits();
            this.jcaName = name.jcaName();
            this.oid = name.oid();
        }

        /** The field element size in bytes: the length of a coordinate, and of an X25519 or Ed25519 key. */
        int fieldBytes() {
            return name.fieldBytes();
        }

        KeyType keyPairType() {
            return name.keyPairType();
        }

        /** The JDK's parameter spec naming this curve. */
        java.security.spec.AlgorithmParameterSpec jdkSpec() {
            return kind == KeyKind.EC ? new ECGenParameterSpec(jcaName) : new NamedParameterSpec(jcaName);
        }

        /** By JCA name, alias or OID, any case. */
        static Optional<Curve> byName(String name) {
            return CurveName.byName(name).flatMap(Curve::of);
        }

        /** The curve of a PSA key type and size. */
        static Optional<Curve> of(KeyType type, int bits) {
            return CurveName.of(type, bits).flatMap(Curve::of);
        }

        static Optional<Curve> of(CurveName name) {
            return Arrays.stream(values()).filter(c -> c.name == name).findFirst();
        }

        /** The Weierstrass curve with an order of {@code orderBits} bits (P-256, P-384, P-521 differ there). */
        static Optional<Curve> ecByOrderBits(int orderBits) {
            return CurveName.of(EccFamily.SECP_R1, orderBits).flatMap(Curve::of);
        }
    }

    /** Signature services; names, OIDs and PSA algorithms from {@link SignatureName}. */
    enum SignatureService {
        SHA256_WITH_ECDSA(SignatureName.ECDSA_SHA256, KeyKind.EC),
        SHA384_WITH_ECDSA(SignatureName.ECDSA_SHA384, KeyKind.EC),
        SHA512_WITH_ECDSA(SignatureName.ECDSA_SHA512, KeyKind.EC),
        SHA256_WITH_RSA(SignatureName.RSA_PKCS1V15_SHA256, KeyKind.RSA),
        SHA384_WITH_RSA(SignatureName.RSA_PKCS1V15_SHA384, KeyKind.RSA),
        SHA512_WITH_RSA(SignatureName.RSA_PKCS1V15_SHA512, KeyKind.RSA),
        /** One service for every PSS row: the same name and OID; the hash comes from {@code PSSParameterSpec}. */
        RSASSA_PSS(SignatureName.RSA_PSS_SHA256, KeyKind.RSA),
        ED25519(SignatureName.ED25519, KeyKind.EDDSA);

        final String jcaName;
        final String oid;
        final KeyKind kind;
        /** The hash computed on the NS side before {@code psa_sign_hash}; null for PSS (from its parameters) and EdDSA. */
        final Hash hash;
        private final Algorithm psa;

        SignatureService(SignatureName scheme, KeyKind kind) {
            this.jcaName = scheme.jcaName();
            this.oid = scheme.oid();
            this.kind = kind;
            boolean pss = scheme.psa().isRsaPss();
            this.hash = pss ? null : scheme.hash().flatMap(Hash::of).orElse(null);
            this.psa = pss ? null : scheme.psa();
        }

        /** The PSA algorithm, for the schemes whose name fixes it. */
        Algorithm psa() {
            if (psa == null) {
                throw new IllegalStateException("RSASSA-PSS takes its hash from PSSParameterSpec");
            }
            return psa;
        }

        /** The PSA algorithm of RSASSA-PSS with {@code hash}: MGF1 with the same hash, salt of the hash's length. */
        static Algorithm pss(Hash hash) {
            return Algorithm.rsaPss(hash.psa);
        }
    }

    /** Cipher services (full transformations). */
    enum CipherName {
        AES_GCM("AES/GCM/NoPadding", null, KeyType.AES, Algorithm.GCM),
        RSA_OAEP_SHA256("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", null, KeyType.RSA_KEY_PAIR,
                Algorithm.rsaOaep(Algorithm.SHA_256));

        final String transformation;
        final String oid;
        final KeyType keyType;
        /** The PSA algorithm with the default tag (GCM) or its only hash (OAEP). */
        final Algorithm psa;

        CipherName(String transformation, String oid, KeyType keyType, Algorithm psa) {
            this.transformation = transformation;
            this.oid = oid;
            this.keyType = keyType;
            this.psa = psa;
        }
    }

    /** Mac services over Citadel HMAC keys; names, OIDs and PSA algorithms from {@link MacName}. */
    enum MacService {
        HMAC_SHA256(MacName.HMAC_SHA256),
        HMAC_SHA384(MacName.HMAC_SHA384),
        HMAC_SHA512(MacName.HMAC_SHA512);

        final String jcaName;
        final String oid;
        final Hash hash;
        private final Algorithm psa;

        MacService(MacName name) {
            this.jcaName = name.jcaName();
            this.oid = name.oid();
            this.hash = Hash.of(name.hash()).orElseThrow();
            this.psa = name.psa();
        }

        Algorithm psa() {
            return psa;
        }
    }

    /** KeyAgreement services: PSA's raw ECDH on Weierstrass and Montgomery keys. */
    enum AgreementName {
        ECDH("ECDH", KeyKind.EC),
        X25519("X25519", KeyKind.XDH, "XDH");

        final String jcaName;
        final KeyKind kind;
        final List<String> aliases;

        AgreementName(String jcaName, KeyKind kind, String... aliases) {
            this.jcaName = jcaName;
            this.kind = kind;
            this.aliases = List.of(aliases);
        }

        Algorithm psa() {
            return Algorithm.ECDH;
        }
    }

    /** KeyPairGenerator services, with the curve (or RSA size) used when none is given. */
    enum GeneratorName {
        EC("EC", KeyKind.EC, Curve.SECP256R1),
        RSA("RSA", KeyKind.RSA, null),
        ED25519("Ed25519", KeyKind.EDDSA, Curve.ED25519),
        X25519("X25519", KeyKind.XDH, Curve.X25519);

        final String jcaName;
        final KeyKind kind;
        final Curve defaultCurve;

        GeneratorName(String jcaName, KeyKind kind, Curve defaultCurve) {
            this.jcaName = jcaName;
            this.kind = kind;
            this.defaultCurve = defaultCurve;
        }
    }

    /** RSA key sizes the provider generates: PSA's sizes within what TLS accepts today. */
    static final int RSA_MIN_BITS = 2048;

    static final int RSA_MAX_BITS = 4096;
    static final int RSA_DEFAULT_BITS = 2048;

    /** The policy a generated key gets: its two permitted algorithms and usage flags. */
    record Policy(Algorithm algorithm, Algorithm algorithm2, KeyUsage usage) {}

    /**
     * The policy of a new key of {@code kind} for {@code purposes}. A PSA key permits at most two algorithms, so
     * signing RSA keys take both RSASSA-PSS and PKCS#1 v1.5 (TLS 1.3 and 1.2), and an RSA key cannot also decrypt.
     *
     * @throws IllegalArgumentException if the purposes cannot be expressed for the kind
     */
    static Policy policy(KeyKind kind, Set<CitadelKeyGenParameterSpec.Purpose> purposes) {
        boolean sign = purposes.contains(CitadelKeyGenParameterSpec.Purpose.SIGN);
        boolean agree = purposes.contains(CitadelKeyGenParameterSpec.Purpose.AGREE);
        boolean decrypt = purposes.contains(CitadelKeyGenParameterSpec.Purpose.DECRYPT);
        KeyUsage signUsage = KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH);
        switch (kind) {
            case EC:
                refuse(decrypt, kind, "DECRYPT");
                if (sign && agree) {
                    return new Policy(Algorithm.ecdsa(Algorithm.ANY_HASH), Algorithm.ECDH,
                            signUsage.with(KeyUsage.DERIVE));
                }
                return agree
                        ? new Policy(Algorithm.ECDH, Algorithm.NONE, KeyUsage.DERIVE)
                        : new Policy(Algorithm.ecdsa(Algorithm.ANY_HASH), Algorithm.NONE, signUsage);
            case RSA:
                refuse(agree, kind, "AGREE");
                if (sign && decrypt) {
                    throw new IllegalArgumentException(
                            "an RSA key permits two PSA algorithms: signing (PSS and PKCS#1 v1.5) or decryption");
                }
                return decrypt
                        ? new Policy(CipherName.RSA_OAEP_SHA256.psa, Algorithm.NONE,
                                KeyUsage.of(KeyUsage.DECRYPT, KeyUsage.ENCRYPT))
                        : new Policy(Algorithm.rsaPss(Algorithm.ANY_HASH),
                                Algorithm.rsaPkcs1v15Sign(Algorithm.ANY_HASH), signUsage);
            case EDDSA:
                refuse(agree || decrypt, kind, "AGREE or DECRYPT");
                return new Policy(Algorithm.PURE_EDDSA, Algorithm.NONE,
                        KeyUsage.of(KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE));
            default:
                refuse(sign || decrypt, kind, "SIGN or DECRYPT");
                return new Policy(Algorithm.ECDH, Algorithm.NONE, KeyUsage.DERIVE);
        }
    }

    /** The purposes a key of {@code kind} gets when none are asked for. */
    static Set<CitadelKeyGenParameterSpec.Purpose> defaultPurposes(KeyKind kind) {
        return kind == KeyKind.XDH
                ? Set.of(CitadelKeyGenParameterSpec.Purpose.AGREE)
                : Set.of(CitadelKeyGenParameterSpec.Purpose.SIGN);
    }

    private static void refuse(boolean bad, KeyKind kind, String what) {
        if (bad) {
            throw new IllegalArgumentException(kind.jcaAlgorithm + " keys cannot be used to "
                    + what.toLowerCase(Locale.ROOT));
        }
    }

    /** The key kind of a PSA key-pair type, if Citadel has key classes for it. */
    static Optional<KeyKind> kindOf(KeyType type, int bits) {
        if (type.isRsa()) {
            return Optional.of(KeyKind.RSA);
        }
        return Curve.of(type, bits).map(c -> c.kind);
    }
}
