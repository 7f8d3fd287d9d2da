package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import java.util.Arrays;

/**
 * The partition's key slots, keyed by (owner client ID, key ID) as Mbed TLS does with
 * {@code MBEDTLS_PSA_CRYPTO_KEY_ID_ENCODES_OWNER} ({@code reference/tfm.md} §4), over the persistent
 * {@link KeyStorage} and the {@link BuiltinKeys}.
 *
 * <p>Like Mbed TLS's static key store ({@code psa_crypto_slot_management.h}), a volatile key's identifier is
 * {@code PSA_KEY_ID_VOLATILE_MIN + slot index} with {@code PSA_KEY_ID_VOLATILE_MIN = PSA_KEY_ID_VENDOR_MIN}
 * (0x40000000); the slots are shared by every owner, so live volatile identifiers are unique in the store, and an
 * identifier is reused once its key is destroyed. Persistent and built-in keys are loaded into a slot when first used
 * and stay cached there until purged, destroyed or evicted to make room (only cached copies are evicted, never a
 * volatile key). A key of another owner is invisible: looking it up gives nothing, which the services report as
 * {@code PSA_ERROR_INVALID_HANDLE}.
 *
 * <p>Not synchronised: the store is confined to the Crypto partition, which the SPM gives one message at a time (its
 * partition lock is held around every {@code serve} and {@code clientGone}), and a lock here would be paid on every
 * key use for nothing.
 */
final class KeyStore {
    /** {@code MBEDTLS_PSA_KEY_SLOT_COUNT}'s default. */
    static final int DEFAULT_CAPACITY = 32;
    /** {@code PSA_KEY_ID_VOLATILE_MIN} in Mbed TLS 3.6's static key store. */
    static final int VOLATILE_MIN = KeyId.VENDOR_MIN;

    private final KeySlot[] slots;
    private final KeyStorage storage;
    private final BuiltinKeys builtins;
    /** Load order of cached slots, to evict the oldest first. */
    private final long[] loadedAt;
    private long loads;

    /** A store with in-memory persistent storage and no built-in keys, for tests of the slots alone. */
    KeyStore(int capacity) {
        this(capacity, new InMemoryKeyStorage(), null);
    }

    /**
     * @param builtins the device's built-in keys, or {@code null} for none
     * @throws IllegalArgumentException if {@code capacity} is not 1..0x3FFF0000 (the vendor range below built-ins)
     */
    KeyStore(int capacity, KeyStorage storage, BuiltinKeys builtins) {
        if (capacity < 1 || capacity > 0x3FFF0000) {
            throw new IllegalArgumentException("key slot count must be 1..0x3FFF0000: " + capacity);
        }
        slots = new KeySlot[capacity];
        loadedAt = new long[capacity];
        this.storage = storage;
        this.builtins = builtins;
    }

    int capacity() {
        return slots.length;
    }

    /** {@code PSA_KEY_ID_VOLATILE_MAX} for this store. */
    int volatileMax() {
        return VOLATILE_MIN + slots.length - 1;
    }

    /** Whether {@code id} names a volatile key of this store. */
    boolean isVolatileId(int id) {
        return id >= VOLATILE_MIN && id <= volatileMax();
    }

    /**
     * Stores a volatile key in the first free slot, giving it that slot's identifier.
     *
     * @param attributes the key's attributes; the identifier field is replaced
     * @return the stored slot, or {@code null} if every slot holds a volatile key
     */
    KeySlot add(int owner, KeyAttributes attributes, SecretBytes material) {
        int i = freeSlot();
        if (i < 0) {
            return null;
        }
        KeyAttributes withId = new KeyAttributes(attributes.type(), attributes.bits(), attributes.lifetime(),
                attributes.usage(), attributes.algorithm(), attributes.algorithm2(), VOLATILE_MIN + i);
        slots[i] = new KeySlot(owner, withId, material);
        return slots[i];
    }

    /**
     * Creates a persistent key: writes its file, then caches it. The caller has validated the attributes (a
     * persistent lifetime and an identifier in the user range).
     *
     * @return {@code PSA_SUCCESS}; {@code ALREADY_EXISTS} if {@code owner} has a key with that identifier;
     *     {@code INSUFFICIENT_MEMORY} if no slot can be freed to cache it; or the storage's status. On failure nothing
     *     is stored and the material is zeroed.
     */
    int addPersistent(int owner, KeyAttributes attributes, SecretBytes material) {
        int id = attributes.id();
        long uid = KeyFile.uid(owner, id);
        if (cached(owner, id) >= 0 || storage.exists(uid)) {
            material.zeroize();
            return PsaStatus.ALREADY_EXISTS.value();
        }
        int i = freeSlot();
        if (i < 0) {
            material.zeroize();
            return PsaStatus.INSUFFICIENT_MEMORY.value();
        }
        byte[] plain = material.copy();
        byte[] file = KeyFile.encode(attributes, plain);
        Arrays.fill(plain, (byte) 0);
        int status = storage.create(uid, file);
        Arrays.fill(file, (byte) 0);
        if (status != PsaStatus.SUCCESS.value()) {
            material.zeroize();
            return status;
        }
        cache(i, new KeySlot(owner, attributes, material));
        return status;
    }

    /**
     * The key {@code id} of {@code owner}: a volatile key, or a persistent or built-in one, loaded if need be.
     *
     * @return the slot, or {@code null} if {@code owner} has no such key (another owner's key included)
     * @throws KeyStoreException if the key exists but cannot be had: a stored file that is corrupt or unreadable, a
     *     built-in key without a policy for {@code owner}, or no slot free to load it into
     */
    KeySlot get(int owner, int id) {
        if (isVolatileId(id)) {
            KeySlot slot = slots[id - VOLATILE_MIN];
            return slot != null && slot.owner == owner && slot.attributes.lifetime().isVolatile() ? slot : null;
        }
        int index = cached(owner, id);
        if (index >= 0) {
            return slots[index];
        }
        KeyFile.Decoded key = load(owner, id);
        if (key == null) {
            return null;
        }
        int i = freeSlot();
        if (i < 0) {
            Arrays.fill(key.material(), (byte) 0);
            throw new KeyStoreException(PsaStatus.INSUFFICIENT_MEMORY, "no key slot to load key " + id + " into");
        }
        return cache(i, new KeySlot(owner, key.attributes(), SecretBytes.wrap(key.material())));
    }

    private KeyFile.Decoded load(int owner, int id) {
        if (BuiltinKeys.isBuiltinId(id)) {
            return builtins == null ? null : builtins.load(owner, id);
        }
        if (!KeyId.isUser(id)) {
            return null;
        }
        long uid = KeyFile.uid(owner, id);
        if (!storage.exists(uid)) {
            return null;
        }
        byte[] file = storage.read(uid);
        try {
            KeyFile.Decoded key = KeyFile.decode(file, id);
            if (key == null || key.attributes().lifetime().isVolatile()) {
                throw new KeyStoreException(PsaStatus.DATA_INVALID, "key file " + Long.toHexString(uid) + " is invalid");
            }
            return key;
        } finally {
            Arrays.fill(file, (byte) 0);
        }
    }

    /**
     * Removes the key {@code id} of {@code owner}, with its file if it is persistent, and zeroes its material.
     *
     * @return {@code PSA_SUCCESS}; {@code INVALID_HANDLE} if there is no such key; {@code NOT_PERMITTED} for a
     *     built-in or read-only key; or the storage's status (the key then stays)
     */
    int destroy(int owner, int id) {
        KeySlot slot;
        try {
            slot = get(owner, id);
        } catch (KeyStoreException e) {
            if (e.status() != PsaStatus.DATA_INVALID.value() && e.status() != PsaStatus.DATA_CORRUPT.value()) {
                throw e;
            }
            // A file that cannot be read as a key would otherwise stay forever: destroying it removes it.
            return storage.remove(KeyFile.uid(owner, id));
        }
        if (slot == null) {
            return PsaStatus.INVALID_HANDLE.value();
        }
        if (BuiltinKeys.isBuiltinId(id) || slot.attributes.lifetime().isReadOnly()) {
            return PsaStatus.NOT_PERMITTED.value();
        }
        if (!slot.attributes.lifetime().isVolatile()) {
            int status = storage.remove(KeyFile.uid(owner, id));
            if (status != PsaStatus.SUCCESS.value() && status != PsaStatus.DOES_NOT_EXIST.value()) {
                return status;
            }
        }
        evict(indexOf(slot));
        return PsaStatus.SUCCESS.value();
    }

    /**
     * {@code psa_purge_key}: drops the cached copy of a persistent or built-in key of {@code owner} (it is loaded
     * again when next used); a volatile key stays.
     *
     * @return whether {@code owner} has such a key
     */
    boolean purge(int owner, int id) {
        if (isVolatileId(id)) {
            return get(owner, id) != null;
        }
        int index = cached(owner, id);
        if (index >= 0) {
            evict(index);
            return true;
        }
        if (BuiltinKeys.isBuiltinId(id)) {
            return builtins != null && builtins.load(owner, id) != null;
        }
        return KeyId.isUser(id) && storage.exists(KeyFile.uid(owner, id));
    }

    /** The number of keys held in slots (volatile keys and cached copies). */
    int size() {
        int n = 0;
        for (KeySlot s : slots) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    private KeySlot cache(int index, KeySlot slot) {
        slots[index] = slot;
        loadedAt[index] = ++loads;
        return slot;
    }

    private int cached(int owner, int id) {
        for (int i = 0; i < slots.length; i++) {
            KeySlot s = slots[i];
            if (s != null && s.owner == owner && s.id() == id && !s.attributes.lifetime().isVolatile()) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(KeySlot slot) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == slot) {
                return i;
            }
        }
        throw new IllegalStateException("slot not in the store");
    }

    /** A free slot, evicting the oldest cached persistent or built-in key if none is free; -1 if all are volatile. */
    private int freeSlot() {
        int oldest = -1;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                return i;
            }
            if (!slots[i].attributes.lifetime().isVolatile() && (oldest < 0 || loadedAt[i] < loadedAt[oldest])) {
                oldest = i;
            }
        }
        if (oldest >= 0) {
            evict(oldest);
        }
        return oldest;
    }

    private void evict(int index) {
        KeySlot slot = slots[index];
        slots[index] = null;
        slot.wipe();
    }
}
