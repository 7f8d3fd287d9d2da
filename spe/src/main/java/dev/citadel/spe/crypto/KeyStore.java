package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;

/**
 * The partition's key slots, keyed by (owner client ID, key ID) as Mbed TLS does with
 * {@code MBEDTLS_PSA_CRYPTO_KEY_ID_ENCODES_OWNER} ({@code reference/tfm.md} §4).
 *
 * <p>Like Mbed TLS's static key store ({@code psa_crypto_slot_management.h}), a volatile key's identifier is
 * {@code PSA_KEY_ID_VOLATILE_MIN + slot index} with {@code PSA_KEY_ID_VOLATILE_MIN = PSA_KEY_ID_VENDOR_MIN}
 * (0x40000000) and {@code PSA_KEY_ID_VOLATILE_MAX = VOLATILE_MIN + slot count - 1}; the slots are shared by every
 * owner, so live identifiers are unique in the store, and an identifier is reused once its key is destroyed. A slot
 * of another owner is invisible: looking it up gives nothing, which the service reports as
 * {@code PSA_ERROR_INVALID_HANDLE}. Thread-safe.
 */
final class KeyStore {
    /** {@code MBEDTLS_PSA_KEY_SLOT_COUNT}'s default. */
    static final int DEFAULT_CAPACITY = 32;
    /** {@code PSA_KEY_ID_VOLATILE_MIN} in Mbed TLS 3.6's static key store. */
    static final int VOLATILE_MIN = KeyId.VENDOR_MIN;

    private final KeySlot[] slots;

    /** @throws IllegalArgumentException if {@code capacity} is not 1..0x3FFF0000 (the vendor range below built-ins) */
    KeyStore(int capacity) {
        if (capacity < 1 || capacity > 0x3FFF0000) {
            throw new IllegalArgumentException("key slot count must be 1..0x3FFF0000: " + capacity);
        }
        slots = new KeySlot[capacity];
    }

    int capacity() {
        return slots.length;
    }

    /** {@code PSA_KEY_ID_VOLATILE_MAX} for this store. */
    int volatileMax() {
        return VOLATILE_MIN + slots.length - 1;
    }

    /**
     * Stores a volatile key in the first free slot, giving it that slot's identifier.
     *
     * @param attributes the key's attributes; the identifier field is replaced
     * @return the stored slot, or {@code null} if every slot is taken
     */
    synchronized KeySlot add(int owner, KeyAttributes attributes, SecretBytes material) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                KeyAttributes withId = new KeyAttributes(attributes.type(), attributes.bits(),
                        attributes.lifetime(), attributes.usage(), attributes.algorithm(), attributes.algorithm2(),
                        VOLATILE_MIN + i);
                slots[i] = new KeySlot(owner, withId, material);
                return slots[i];
            }
        }
        return null;
    }

    /** The key {@code id} of {@code owner}, or {@code null} if there is none (unknown, or another owner's). */
    synchronized KeySlot get(int owner, int id) {
        int index = indexOf(id);
        if (index < 0) {
            return null;
        }
        KeySlot slot = slots[index];
        return slot != null && slot.owner == owner ? slot : null;
    }

    /**
     * Removes the key {@code id} of {@code owner} and zeroes its material.
     *
     * @return whether there was such a key
     */
    synchronized boolean destroy(int owner, int id) {
        KeySlot slot = get(owner, id);
        if (slot == null) {
            return false;
        }
        slots[indexOf(id)] = null;
        slot.wipe();
        return true;
    }

    /** The number of keys held. */
    synchronized int size() {
        int n = 0;
        for (KeySlot s : slots) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    private int indexOf(int id) {
        long index = (long) id - VOLATILE_MIN;
        return index >= 0 && index < slots.length ? (int) index : -1;
    }
}
