package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;

/** Key-policy rules shared by the key-management functions (Mbed TLS's {@code psa_crypto.c} policy helpers). */
final class KeyPolicy {
    private KeyPolicy() {}

    /** Every usage flag the PSA Crypto API 1.2 defines; other bits make a policy invalid. */
    static final int VALID_USAGE_MASK = KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY, KeyUsage.CACHE, KeyUsage.ENCRYPT,
            KeyUsage.DECRYPT, KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE, KeyUsage.SIGN_HASH,
            KeyUsage.VERIFY_HASH, KeyUsage.DERIVE, KeyUsage.VERIFY_DERIVATION).value();

    /** {@code psa_validate_key_policy}: only defined usage flags. */
    static boolean isValidUsage(KeyUsage usage) {
        return (usage.value() & ~VALID_USAGE_MASK) == 0;
    }

    /**
     * {@code psa_key_policy_algorithm_intersection}: the algorithm policy both {@code a} and {@code b} allow, or
     * {@link Algorithm#NONE} if there is none. Equal policies intersect to themselves; a wildcard policy that
     * permits the other, more specific one (for example {@code ecdsa(ANY_HASH)} and {@code ecdsa(SHA_256)}, or an
     * at-least-this-length MAC and a MAC truncated to a longer length) gives the specific one.
     */
    static Algorithm intersect(KeyType type, Algorithm a, Algorithm b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.equals(Algorithm.NONE) || b.equals(Algorithm.NONE)) {
            return Algorithm.NONE;
        }
        if (Algorithm.permits(type, a, b)) {
            return b;
        }
        if (Algorithm.permits(type, b, a)) {
            return a;
        }
        return Algorithm.NONE;
    }
}
