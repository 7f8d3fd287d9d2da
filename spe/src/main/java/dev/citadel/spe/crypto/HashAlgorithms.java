package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** The one table from PSA hash algorithms to the JCA digests that compute them. */
final class HashAlgorithms {
    private HashAlgorithms() {}

    // MD5, RIPEMD-160, SM3 and SHAKE256/512 are absent on purpose: they answer PSA_ERROR_NOT_SUPPORTED.
    private static final Map<Algorithm, String> JCA_NAMES = Map.ofEntries(
            Map.entry(Algorithm.SHA_1, "SHA-1"),
            Map.entry(Algorithm.SHA_224, "SHA-224"),
            Map.entry(Algorithm.SHA_256, "SHA-256"),
            Map.entry(Algorithm.SHA_384, "SHA-384"),
            Map.entry(Algorithm.SHA_512, "SHA-512"),
            Map.entry(Algorithm.SHA_512_224, "SHA-512/224"),
            Map.entry(Algorithm.SHA_512_256, "SHA-512/256"),
            Map.entry(Algorithm.SHA3_224, "SHA3-224"),
            Map.entry(Algorithm.SHA3_256, "SHA3-256"),
            Map.entry(Algorithm.SHA3_384, "SHA3-384"),
            Map.entry(Algorithm.SHA3_512, "SHA3-512"));

    /**
     * Whether {@code alg} can be computed: {@code PSA_SUCCESS}, {@code PSA_ERROR_INVALID_ARGUMENT} for anything that
     * is not a hash (the {@code PSA_ALG_ANY_HASH} policy wildcard included), {@code PSA_ERROR_NOT_SUPPORTED} for a
     * hash this backend lacks.
     */
    static int check(Algorithm alg) {
        if (!alg.isHash() || alg.equals(Algorithm.ANY_HASH)) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        return JCA_NAMES.containsKey(alg) ? PsaStatus.SUCCESS.value() : PsaStatus.NOT_SUPPORTED.value();
    }

    /**
     * The JCA name of the HMAC over {@code hash} ("HmacSHA256", "HmacSHA3-256"), which the standard names derive from
     * the digest's; {@code null} for a hash this table lacks.
     */
    static String hmacName(Algorithm hash) {
        String digest = JCA_NAMES.get(hash);
        return digest == null ? null : "Hmac" + digest.replace("SHA-", "SHA");
    }

    /** One fresh digest per algorithm, cloned for each use: a clone skips the provider lookup of getInstance. */
    private static final Map<Algorithm, MessageDigest> PROTOTYPES = new java.util.concurrent.ConcurrentHashMap<>();

    /** A fresh digest for an algorithm that {@link #check} accepted. */
    static MessageDigest newDigest(Algorithm alg) {
        MessageDigest prototype = PROTOTYPES.computeIfAbsent(alg, HashAlgorithms::create);
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return create(alg);
        }
    }

    private static MessageDigest create(Algorithm alg) {
        String name = JCA_NAMES.get(alg);
        if (name == null) {
            throw new IllegalArgumentException("not a supported hash: " + alg);
        }
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e); // every name above is a JDK 17 standard digest
        }
    }
}
