package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.psa.crypto.Algorithm;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one table of this token's mechanisms: {@code CKM_*} ↔ what it does ↔ the PKCS#11 key type it takes ↔ the
 * PSA algorithm it runs ↔ its {@code CK_MECHANISM_INFO}.
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
    ECDSA_SHA256(Ckm.ECDSA_SHA256, Kind.HASH_AND_SIGN, Cko.KEY_EC, Algorithm.SHA_256, Algorithm::ecdsa, 256, 521,
            Ckf.SIGN | Ckf.VERIFY),
    ECDSA_SHA384(Ckm.ECDSA_SHA384, Kind.HASH_AND_SIGN, Cko.KEY_EC, Algorithm.SHA_384, Algorithm::ecdsa, 256, 521,
            Ckf.SIGN | Ckf.VERIFY),
    ECDSA_SHA512(Ckm.ECDSA_SHA512, Kind.HASH_AND_SIGN, Cko.KEY_EC, Algorithm.SHA_512, Algorithm::ecdsa, 256, 521,
            Ckf.SIGN | Ckf.VERIFY),
    /** DigestInfo input, PSA's {@code RSA_PKCS1V15_SIGN_RAW} (which pads whatever it is given). */
    RSA_PKCS(Ckm.RSA_PKCS, Kind.SIGN_INPUT, Cko.KEY_RSA, null, h -> Algorithm.RSA_PKCS1V15_SIGN_RAW, 2048, 4096,
            Ckf.SIGN | Ckf.VERIFY),
    SHA256_RSA_PKCS(Ckm.SHA256_RSA_PKCS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_256,
            Algorithm::rsaPkcs1v15Sign, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    SHA384_RSA_PKCS(Ckm.SHA384_RSA_PKCS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_384,
            Algorithm::rsaPkcs1v15Sign, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    SHA512_RSA_PKCS(Ckm.SHA512_RSA_PKCS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_512,
            Algorithm::rsaPkcs1v15Sign, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    /** A hash as input, whose algorithm the parameters name. */
    RSA_PKCS_PSS(Ckm.RSA_PKCS_PSS, Kind.SIGN_INPUT, Cko.KEY_RSA, null, Algorithm::rsaPss, 2048, 4096,
            Ckf.SIGN | Ckf.VERIFY),
    SHA256_RSA_PKCS_PSS(Ckm.SHA256_RSA_PKCS_PSS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_256,
            Algorithm::rsaPss, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    SHA384_RSA_PKCS_PSS(Ckm.SHA384_RSA_PKCS_PSS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_384,
            Algorithm::rsaPss, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    SHA512_RSA_PKCS_PSS(Ckm.SHA512_RSA_PKCS_PSS, Kind.HASH_AND_SIGN, Cko.KEY_RSA, Algorithm.SHA_512,
            Algorithm::rsaPss, 2048, 4096, Ckf.SIGN | Ckf.VERIFY),
    /** Pure Ed25519 over the whole message. */
    EDDSA(Ckm.EDDSA, Kind.SIGN_MESSAGE, Cko.KEY_EC_EDWARDS, null, h -> Algorithm.PURE_EDDSA, 255, 255,
            Ckf.SIGN | Ckf.VERIFY),

    SHA256(Ckm.SHA256, Kind.DIGEST, Mechanism.NO_KEY, Algorithm.SHA_256, null, 0, 0, Ckf.DIGEST),
    SHA384(Ckm.SHA384, Kind.DIGEST, Mechanism.NO_KEY, Algorithm.SHA_384, null, 0, 0, Ckf.DIGEST),
    SHA512(Ckm.SHA512, Kind.DIGEST, Mechanism.NO_KEY, Algorithm.SHA_512, null, 0, 0, Ckf.DIGEST),

    /** HMAC with a generic secret key, {@code psa_mac_*}; key sizes in bytes. */
    SHA256_HMAC(Ckm.SHA256_HMAC, Kind.MAC, Cko.KEY_GENERIC_SECRET, Algorithm.SHA_256, Algorithm::hmac, 1, 1024,
            Ckf.SIGN | Ckf.VERIFY),
    SHA384_HMAC(Ckm.SHA384_HMAC, Kind.MAC, Cko.KEY_GENERIC_SECRET, Algorithm.SHA_384, Algorithm::hmac, 1, 1024,
            Ckf.SIGN | Ckf.VERIFY),
    SHA512_HMAC(Ckm.SHA512_HMAC, Kind.MAC, Cko.KEY_GENERIC_SECRET, Algorithm.SHA_512, Algorithm::hmac, 1, 1024,
            Ckf.SIGN | Ckf.VERIFY),

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

    /** {@code CKM_SHA*} ↔ PSA hash ↔ {@code CKG_MGF1_*}, for PSS parameters. */
    enum Hash {
        SHA256(Ckm.SHA256, Ckm.MGF1_SHA256, Algorithm.SHA_256, 32),
        SHA384(Ckm.SHA384, Ckm.MGF1_SHA384, Algorithm.SHA_384, 48),
        SHA512(Ckm.SHA512, Ckm.MGF1_SHA512, Algorithm.SHA_512, 64),
        SHA1(Ckm.SHA_1, Ckm.MGF1_SHA1, Algorithm.SHA_1, 20),
        SHA224(Ckm.SHA224, Ckm.MGF1_SHA224, Algorithm.SHA_224, 28);

        final long ckm;
        final long mgf;
        final Algorithm psa;
        final int length;

        Hash(long ckm, long mgf, Algorithm psa, int length) {
            this.ckm = ckm;
            this.mgf = mgf;
            this.psa = psa;
            this.length = length;
        }

        static Optional<Hash> ofPsa(Algorithm psa) {
            return Arrays.stream(values()).filter(h -> h.psa.equals(psa)).findFirst();
        }

        static Optional<Hash> ofCkm(long ckm) {
            return Arrays.stream(values()).filter(h -> h.ckm == ckm).findFirst();
        }
    }
}
