package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyUsage;

/**
 * A key looked up for one use, after the policy checks every use makes (Mbed TLS's
 * {@code psa_get_and_lock_key_slot_with_policy}), or the status that refused it. The checks, in order:
 * <ol>
 *   <li>the key is the caller's ({@code INVALID_HANDLE} otherwise, another owner's key included);
 *   <li>its usage flags include every flag the use needs ({@code NOT_PERMITTED}), except that a public key is always
 *       exportable;
 *   <li>if the use names an algorithm: it is not {@code PSA_ALG_NONE} or a wildcard ({@code INVALID_ARGUMENT}), and one
 *       of the key's two permitted algorithms permits it ({@code NOT_PERMITTED}).
 * </ol>
 * Every service that uses a key goes through {@link #lookup}, so no path skips the policy. A persistent or built-in
 * key that exists but cannot be had gives the store's status ({@link KeyStoreException}).
 */
final class KeyUse {
    private final int status;
    private final KeySlot slot;

    private KeyUse(int status, KeySlot slot) {
        this.status = status;
        this.slot = slot;
    }

    /**
     * @param usage the flags the use needs (for example {@code SIGN_HASH}); {@link KeyUsage#NONE} for none
     * @param alg the algorithm of the use, or {@code null} when the use names none (export, get_attributes)
     */
    static KeyUse lookup(KeyStore keys, int owner, int keyId, KeyUsage usage, Algorithm alg) {
        KeySlot slot;
        try {
            slot = keys.get(owner, keyId);
        } catch (KeyStoreException e) {
            return new KeyUse(e.status(), null);
        }
        if (slot == null) {
            return refused(PsaStatus.INVALID_HANDLE);
        }
        if (slot.attributes.type().isPublicKey()) {
            usage = usage.without(KeyUsage.EXPORT); // a public key is always exportable (Mbed TLS)
        }
        if (!slot.attributes.usage().contains(usage)) {
            return refused(PsaStatus.NOT_PERMITTED);
        }
        if (alg != null) {
            if (alg.equals(Algorithm.NONE) || alg.isWildcard()) {
                return refused(PsaStatus.INVALID_ARGUMENT);
            }
            if (!slot.attributes.permits(alg)) {
                return refused(PsaStatus.NOT_PERMITTED);
            }
        }
        return new KeyUse(PsaStatus.SUCCESS.value(), slot);
    }

    private static KeyUse refused(PsaStatus status) {
        return new KeyUse(status.value(), null);
    }

    boolean ok() {
        return slot != null;
    }

    /** {@code PSA_SUCCESS} when {@link #ok()}, else the refusal. */
    int status() {
        return status;
    }

    /** The key; only when {@link #ok()}. */
    KeySlot slot() {
        if (slot == null) {
            throw new IllegalStateException("refused with status " + status);
        }
        return slot;
    }
}
