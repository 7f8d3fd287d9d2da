package dev.citadel.jca;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one table between JCA names and PSA: hashes, curves, key kinds (with their Citadel key classes), and the
 * Signature, Cipher, Mac, KeyAgreement and KeyPairGenerator services the provider registers, each with its aliases,
 * OID and PSA algorithm. Everything else in this package looks names up here; nothing else switches on a name.
 */
final class JcaNames {
    private JcaNames() {}

    /** Message digests used by hash-and-sign schemes, OAEP and HMAC. */
    enum Hash {
        SHA_256("SHA-256", Algorithm.SHA_256, "SHA256"),
        SHA_384("SHA-384", Algorithm.SHA_384, "SHA384"),
        SHA_512("SHA-512", Algorithm.SHA_512, "SHA512");

        final String jcaName;
        final Algorithm psa;
        private final String shortName;

        Hash(String jcaName, Algorithm psa, String shortName) {
            this.jcaName = jcaName;
            this.psa = psa;
            this.shortName = shortName;
        }

        /** The digest length in bytes. */
        int length() {
            return dev.citadel.psa.crypto.CryptoSizes.hashLength(psa);
        }

        /** By JCA name: {@code SHA-256} or {@code SHA256}, any case. */
        static Optional<Hash> byName(String name) {
            if (name == null) {
                return Optional.empty();
            }
            for (Hash h : values()) {
                if (h.jcaName.equalsIgnoreCase(name) || h.shortName.equalsIgnoreCase(name)) {
                    return Optional.of(h);
                }
            }
            return Optional.empty();
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

    /** The curves Citadel keys can be on: JCA names and OIDs ↔ PSA family and size. */
    enum Curve {
        SECP256R1(KeyKind.EC, EccFamily.SECP_R1, 256, "secp256r1", "1.2.840.10045.3.1.7", "NIST P-256", "P-256",
                "prime256v1"),
        SECP384R1(KeyKind.EC, EccFamily.SECP_R1, 384, "secp384r1", "1.3.132.0.34", "NIST P-384", "P-384"),
        SECP521R1(KeyKind.EC, EccFamily.SECP_R1, 521, "secp521r1", "1.3.132.0.35", "NIST P-521", "P-521"),
        X25519(KeyKind.XDH, EccFamily.MONTGOMERY, 255, "X25519", "1.3.101.110"),
        ED25519(KeyKind.EDDSA, EccFamily.TWISTED_EDWARDS, 255, "Ed25519", "1.3.101.112");

        final KeyKind kind;
        final EccFamily family;
        final int bits;
        final String jcaName;
        final String oid;
        private final List<String> aliases;

        Curve(KeyKind kind, EccFamily family, int bits, String jcaName, String oid, String... aliases) {
            this.kind = kind;
            this.family = family;
            this.bits = bits;
            this.jcaName = jcaName;
            this.oid = oid;
            this.aliases = List.of(aliases);
        }

        /** The field element size in bytes: the length of a coordinate, and of an X25519 or Ed25519 key. */
        int fieldBytes() {
            return (bits + 7) / 8;
        }

        KeyType keyPairType() {
            return KeyType.eccKeyPair(family);
        }

        /** The JDK's parameter spec naming this curve. */
        java.security.spec.AlgorithmParameterSpec jdkSpec() {
            return kind == KeyKind.EC ? new ECGenParameterSpec(jcaName) : new NamedParameterSpec(jcaName);
        }

        /** By JCA name, alias or OID, any case. */
        static Optional<Curve> byName(String name) {
            if (name == null) {
                return Optional.empty();
            }
            for (Curve c : values()) {
                if (c.jcaName.equalsIgnoreCase(name) || c.oid.equals(name)
                        || c.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /** The curve of a PSA key type and size. */
        static Optional<Curve> of(KeyType type, int bits) {
            Optional<EccFamily> family = type.eccFamily();
            if (family.isEmpty()) {
                return Optional.empty();
            }
            for (Curve c : values()) {
                if (c.family == family.get() && c.bits == bits) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /** The Weierstrass curve with an order of {@code orderBits} bits (P-256, P-384, P-521 differ there). */
        static Optional<Curve> ecByOrderBits(int orderBits) {
            for (Curve c : values()) {
                if (c.kind == KeyKind.EC && c.bits == orderBits) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** Signature services. The PSA algorithm of RSASSA-PSS comes from its {@code PSSParameterSpec}. */
    enum SignatureName {
        SHA256_WITH_ECDSA("SHA256withECDSA", "1.2.840.10045.4.3.2", KeyKind.EC, Hash.SHA_256),
        SHA384_WITH_ECDSA("SHA384withECDSA", "1.2.840.10045.4.3.3", KeyKind.EC, Hash.SHA_384),
        SHA512_WITH_ECDSA("SHA512withECDSA", "1.2.840.10045.4.3.4", KeyKind.EC, Hash.SHA_512),
        SHA256_WITH_RSA("SHA256withRSA", "1.2.840.113549.1.1.11", KeyKind.RSA, Hash.SHA_256),
        SHA384_WITH_RSA("SHA384withRSA", "1.2.840.113549.1.1.12", KeyKind.RSA, Hash.SHA_384),
        SHA512_WITH_RSA("SHA512withRSA", "1.2.840.113549.1.1.13", KeyKind.RSA, Hash.SHA_512),
        RSASSA_PSS("RSASSA-PSS", "1.2.840.113549.1.1.10", KeyKind.RSA, null),
        ED25519("Ed25519", "1.3.101.112", KeyKind.EDDSA, null);

        final String jcaName;
        final String oid;
        final KeyKind kind;
        /** The hash computed on the NS side before {@code psa_sign_hash}; null for PSS (from its parameters) and EdDSA. */
        final Hash hash;

        SignatureName(String jcaName, String oid, KeyKind kind, Hash hash) {
            this.jcaName = jcaName;
            this.oid = oid;
            this.kind = kind;
            this.hash = hash;
        }

        /** The PSA algorithm, for the schemes whose name fixes it. */
        Algorithm psa() {
            switch (kind) {
                case EC:
                    return Algorithm.ecdsa(hash.psa);
                case RSA:
                    if (hash == null) {
                        throw new IllegalStateException("RSASSA-PSS takes its hash from PSSParameterSpec");
                    }
                    return Algorithm.rsaPkcs1v15Sign(hash.psa);
                default:
                    return Algorithm.PURE_EDDSA;
            }
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

    /** Mac services over Citadel HMAC keys. */
    enum MacName {
        HMAC_SHA256("HmacSHA256", "1.2.840.113549.2.9", Hash.SHA_256),
        HMAC_SHA384("HmacSHA384", "1.2.840.113549.2.10", Hash.SHA_384),
        HMAC_SHA512("HmacSHA512", "1.2.840.113549.2.11", Hash.SHA_512);

        final String jcaName;
        final String oid;
        final Hash hash;

        MacName(String jcaName, String oid, Hash hash) {
            this.jcaName = jcaName;
            this.oid = oid;
            this.hash = hash;
        }

        Algorithm psa() {
            return Algorithm.hmac(hash.psa);
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
