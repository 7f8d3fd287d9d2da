package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.names.HashName;
import dev.citadel.psa.names.MacName;
import dev.citadel.psa.names.SignatureName;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The token's mechanisms: {@code CKM_*} ↔ what it does ↔ the PKCS#11 key type it takes ↔ the PSA algorithm it runs
 * ↔ its {@code CK_MECHANISM_INFO}. Hash identities ({@code CKM_SHA*} ↔ PSA hash ↔ {@code CKG_MGF1_*} ↔ length) are
 * the name table's ({@link dev.citadel.psa.names.HashName}); this table keeps what is the token's own.
 */
enum Mechanism {
    EC_KEY_PAIR_GEN(Ckm.EC_KEY_PAIR_GEN, Kind.GENERATE_PAIR, Cko.KEY_EC, null, null, 256, 521,
            Ckf.GENERATE_KEY_PAIR | Ckf.EC_F_P | Ckf.EC_NAMED_CURVE | Ckf.EC_UNCOMPRESS),
    RSA_PKCS_KEY_PAIR_GEN(Ckm.RSA_PKCS_KEY_PAIR_GEN, Kind.GENERATE_PAIR, Cko.KEY_RSA, null, null, 2048, 4096,
            Ckf.GENERATE_KEY_PAIR),
    EC_EDWARDS_KEY_PAIR_GEN(Ckm.EC_EDWARDS_KEY_PAIR_GEN, Kind.GENERATE_PAIR, Cko.KEY_EC_EDWARDS, null, null, 255,
            255, Ckf.GENERATE_KEY_PAIR),

    /** Raw input (a hash of any length), PSA's {@code ECDSA_ANY}. */
    ECDSA(Ckm.ECDSA, Kind.SIGN_INPUT, Cko.KEY_EC, null, h -> Algorithm.ECDSA_ANY, 256, 521, Ckf.SIGN | Ckf.VERIFY),
    ECDSA_SHA256(SignatureName.ECDSA_SHA256, Cko.KEY_EC, 256, 521),
    ECDSA_SHA384(SignatureName.ECDSA_SHA384, Cko.KEY_EC, 256, 521),
    ECDSA_SHA512(SignatureName.ECDSA_SHA512, Cko.KEY_EC, 256, 521),
    /** DigestInfo input, PSA's {@code RSA_PKCS1V15_SIGN_RAW} (which pads whatever it is given). */
    RSA_PKCS(Ckm.RSA_PKCS, Kind.SIGN_INPUT, Cko.KEY_RSA, null, h -> Algorithm.RSA_PKCS1V15_SIGN_RAW, 2048, 4096,
            Ckf.SIGN | Ckf.VERIFY),
    SHA256_RSA_PKCS(SignatureName.RSA_PKCS1V15_SHA256, Cko.KEY_RSA, 2048, 4096),
    SHA384_RSA_PKCS(SignatureName.RSA_PKCS1V15_SHA384, Cko.KEY_RSA, 2048, 4096),
    SHA512_RSA_PKCS(SignatureName.RSA_PKCS1V15_SHA512, Cko.KEY_RSA, 2048, 4096),
    /** A hash as input, whose algorithm the parameters name. */
    RSA_PKCS_PSS(Ckm.RSA_PKCS_PSS, Kind.SIGN_INPUT, Cko.KEY_RSA, null, Algorithm::rsaPss, 2048, 4096,
            Ckf.SIGN | Ckf.VERIFY),
    SHA256_RSA_PKCS_PSS(SignatureName.RSA_PSS_SHA256, Cko.KEY_RSA, 2048, 4096),
    SHA384_RSA_PKCS_PSS(SignatureName.RSA_PSS_SHA384, Cko.KEY_RSA, 2048, 4096),
    SHA512_RSA_PKCS_PSS(SignatureName.RSA_PSS_SHA512, Cko.KEY_RSA, 2048, 4096),
    /** Pure Ed25519 over the whole message. */
    EDDSA(SignatureName.ED25519, Cko.KEY_EC_EDWARDS, 255, 255),

    SHA256(HashName.SHA_256),
    SHA384(HashName.SHA_384),
    SHA512(HashName.SHA_512),

    SHA256_HMAC(MacName.HMAC_SHA256),
    SHA384_HMAC(MacName.HMAC_SHA384),
    SHA512_HMAC(MacName.HMAC_SHA512),

    /** {@code CKA_VALUE_LEN} bytes, PSA's HMAC key type; key sizes in bytes. */
    GENERIC_SECRET_KEY_GEN(Ckm.GENERIC_SECRET_KEY_GEN, Kind.GENERATE_KEY, Cko.KEY_GENERIC_SECRET, null, null, 1,
            1024, Ckf.GENERATE),
    AES_KEY_GEN(Ckm.AES_KEY_GEN, Kind.GENERATE_KEY, Cko.KEY_AES, null, null, 16, 32, Ckf.GENERATE),

    /** One-shot AEAD; the tag length comes from {@code CK_GCM_PARAMS}. */
    AES_GCM(Ckm.AES_GCM, Kind.AEAD, Cko.KEY_AES, null, h -> Algorithm.GCM, 16, 32, Ckf.ENCRYPT | Ckf.DECRYPT),
    AES_CBC_PAD(Ckm.AES_CBC_PAD, Kind.CIPHER, Cko.KEY_AES, null, h -> Algorithm.CBC_PKCS7, 16, 32,
            Ckf.ENCRYPT | Ckf.DECRYPT),
    /** {@code CKM_RSA_PKCS} as encryption: PSA's {@code RSA_PKCS1V15_CRYPT}. */
    RSA_PKCS_CRYPT(Ckm.RSA_PKCS, Kind.ASYMMETRIC_CRYPT, Cko.KEY_RSA, null, h -> Algorithm.RSA_PKCS1V15_CRYPT, 2048,
            4096, Ckf.ENCRYPT | Ckf.DECRYPT),
    /** The hash comes from {@code CK_RSA_PKCS_OAEP_PARAMS}. */
    RSA_PKCS_OAEP(Ckm.RSA_PKCS_OAEP, Kind.ASYMMETRIC_CRYPT, Cko.KEY_RSA, null, Algorithm::rsaOaep, 2048, 4096,
            Ckf.ENCRYPT | Ckf.DECRYPT),

    /** {@code CKD_NULL} only: the raw shared secret ({@code psa_raw_key_agreement}), truncated to the new key. */
    ECDH1_DERIVE(Ckm.ECDH1_DERIVE, Kind.DERIVE, Cko.KEY_EC, null, h -> Algorithm.ECDH, 256, 521,
            Ckf.DERIVE | Ckf.EC_F_P | Ckf.EC_NAMED_CURVE | Ckf.EC_UNCOMPRESS);

    /** The key type of mechanisms that take no key. */
    static final long NO_KEY = -1;

    /** What a mechanism does with its input. */
    enum Kind {
        GENERATE_PAIR,
        GENERATE_KEY,
        DIGEST,
        /** A MAC with a secret key ({@code psa_mac_*}). */
        MAC,
        /** {@code psa_aead_encrypt}/{@code decrypt}, one-shot. */
        AEAD,
        /** {@code psa_cipher_*}, multi-part, with the IV from the parameters. */
        CIPHER,
        /** {@code psa_asymmetric_encrypt}/{@code decrypt}. */
        ASYMMETRIC_CRYPT,
        /** {@code psa_raw_key_agreement}. */
        DERIVE,
        /** The input is signed as it is ({@code psa_sign_hash}). */
        SIGN_INPUT,
        /** The input is hashed by the SPE, then the hash signed ({@code psa_hash_*}, {@code psa_sign_hash}). */
        HASH_AND_SIGN,
        /** The whole message is signed ({@code psa_sign_message}). */
        SIGN_MESSAGE
    }

    final long type;
    final Kind kind;
    final long keyType;
    /** The hash the token computes ({@link Kind#HASH_AND_SIGN}, {@link Kind#DIGEST}) or the HMAC's hash. */
    final Algorithm hash;
    private final UnaryOperator<Algorithm> scheme;
    private final CkInfo.Mechanism info;

    Mechanism(long type, Kind kind, long keyType, Algorithm hash, UnaryOperator<Algorithm> scheme, int minBits,
            int maxBits, long flags) {
        this.type = type;
        this.kind = kind;
        this.keyType = keyType;
        this.hash = hash;
        this.scheme = scheme;
        this.info = new CkInfo.Mechanism(minBits, maxBits, flags);
    }

    /** A signature scheme of the name table; the message is hashed by the SPE unless the scheme signs it whole. */
    Mechanism(SignatureName scheme, long keyType, int minBits, int maxBits) {
        this(scheme.ckm(), scheme.hash().isPresent() ? Kind.HASH_AND_SIGN : Kind.SIGN_MESSAGE, keyType,
                scheme.hash().map(HashName::psa).orElse(null), h -> scheme.psa(), minBits, maxBits,
                Ckf.SIGN | Ckf.VERIFY);
    }

    /** A digest of the name table. */
    Mechanism(HashName hash) {
        this(hash.ckm().orElseThrow(), Kind.DIGEST, NO_KEY, hash.psa(), null, 0, 0, Ckf.DIGEST);
    }

    /** An HMAC of the name table with a generic secret key, {@code psa_mac_*}; key sizes in bytes. */
    Mechanism(MacName mac) {
        this(mac.ckm(), Kind.MAC, Cko.KEY_GENERIC_SECRET, mac.hash().psa(), h -> mac.psa(), 1, 1024,
                Ckf.SIGN | Ckf.VERIFY);
    }

    /** The PSA signature algorithm over a hash of {@code h} (ignored by the schemes that name no hash). */
    Algorithm psaAlgorithm(Algorithm h) {
        return scheme.apply(h);
    }

    boolean isPss() {
        return this == RSA_PKCS_PSS || this.hash != null && keyType == Cko.KEY_RSA && name().endsWith("_PSS");
    }

    CkInfo.Mechanism info() {
        return info;
    }

    /** Whether this entry signs or verifies (a signature or a MAC). */
    boolean signs() {
        return kind == Kind.SIGN_INPUT || kind == Kind.HASH_AND_SIGN || kind == Kind.SIGN_MESSAGE || kind == Kind.MAC;
    }

    /** Whether this entry encrypts and decrypts. */
    boolean crypts() {
        return kind == Kind.AEAD || kind == Kind.CIPHER || kind == Kind.ASYMMETRIC_CRYPT;
    }

    /** The entry of {@code type} that serves a purpose ({@code CKM_RSA_PKCS} has one to sign and one to encrypt). */
    static Optional<Mechanism> of(long type, Predicate<Mechanism> purpose) {
        return Arrays.stream(values()).filter(m -> m.type == type && purpose.test(m)).findFirst();
    }

    /** Every mechanism type of the token, once each. */
    static long[] types() {
        return Arrays.stream(values()).mapToLong(m -> m.type).distinct().toArray();
    }

    /** The {@code CK_MECHANISM_INFO} of a type: the union of its entries' flags, their widest key sizes. */
    static Optional<CkInfo.Mechanism> infoOf(long type) {
        // CKF_HW: every mechanism is performed by the device's secure side, never in the caller's process.
        return Arrays.stream(values()).filter(m -> m.type == type).map(Mechanism::info)
                .reduce((a, b) -> new CkInfo.Mechanism(Math.min(a.minKeySize(), b.minKeySize()),
                        Math.max(a.maxKeySize(), b.maxKeySize()), a.flags() | b.flags()))
                .map(i -> new CkInfo.Mechanism(i.minKeySize(), i.maxKeySize(), i.flags() | Ckf.HW));
    }
}
