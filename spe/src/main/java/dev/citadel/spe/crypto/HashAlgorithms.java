package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.names.HashName;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** The hashes this backend computes, with the JCA digests of the name table ({@link HashName}). */
final class HashAlgorithms {
    private HashAlgorithms() {}

    /** Whether the backend computes {@code alg}: every row of the name table, all JDK 17 standard digests. */
    private static boolean supported(Algorithm alg) {
        return HashName.byPsa(alg).isPresent();
    }

    /**
     * Whether {@code alg} can be computed: {@code PSA_SUCCESS}, {@code PSA_ERROR_INVALID_ARGUMENT} for anything that
     * is not a hash (the {@code PSA_ALG_ANY_HASH} policy wildcard included), {@code PSA_ERROR_NOT_SUPPORTED} for a
     * hash this backend lacks.
     */
    static int check(Algorithm alg) {
        if (!alg.isHash() || alg.equals(Algorithm.ANY_HASH)) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        return supported(alg) ? PsaStatus.SUCCESS.value() : PsaStatus.NOT_SUPPORTED.value();
    }

    /**
     * The JCA name of the HMAC over {@code hash} ("HmacSHA256", "HmacSHA3-256"), which the standard names derive from
     * the digest's; {@code null} for a hash this table lacks.
     */
    static String hmacName(Algorithm hash) {
        return HashName.byPsa(hash).map(HashName::hmacJcaName).orElse(null);
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
        String name = HashName.byPsa(alg).map(HashName::jcaName)
                .orElseThrow(() -> new IllegalArgumentException("not a supported hash: " + alg));
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e); // every name in the table is a JDK 17 standard digest
        }
    }
}
