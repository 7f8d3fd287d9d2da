package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.psa.crypto.Algorithm;
import java.util.Arrays;
import java.util.Optional;
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
            Ckf.SIGN | Ckf.VERIFY);

    /** What a mechanism does with its input. */
    enum Kind {
        GENERATE_PAIR,
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
    /** The hash the token computes, for {@link Kind#HASH_AND_SIGN}. */
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

    static Optional<Mechanism> of(long type) {
        return Arrays.stream(values()).filter(m -> m.type == type).findFirst();
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
