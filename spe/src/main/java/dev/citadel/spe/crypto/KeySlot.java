package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * One key in the {@link KeyStore}: its owner (the client ID that created it), its attributes as the client sees them
 * (with the key's identifier and actual size) and its material.
 */
final class KeySlot {
    final int owner;
    final KeyAttributes attributes;
    final SecretBytes material;

    KeySlot(int owner, KeyAttributes attributes, SecretBytes material) {
        this.owner = owner;
        this.attributes = attributes;
        this.material = material;
    }

    // The caches are read on every use of the key, without a lock (volatile reads; writes take the lock).

    /** The material parsed for use (asymmetric keys); never outlives the material. */
    private volatile AsymmetricKey parsed;

    /** The cached parsed key, or {@code null} if none is cached or the material is gone. */
    AsymmetricKey parsed() {
        AsymmetricKey p = parsed;
        return p == null || material.isZeroized() ? null : p;
    }

    /** Caches {@code key}, unless the material was zeroed meanwhile. */
    synchronized void cacheParsed(AsymmetricKey key) {
        if (!material.isZeroized()) {
            parsed = key;
        }
    }

    /** Backend objects keyed from the material, per algorithm (a keyed HMAC); replaced whole, dropped with it. */
    private volatile Map<Algorithm, Object> prepared = Map.of();

    /** The object cached for {@code alg}, or {@code null} if none is cached or the material is gone. */
    Object prepared(Algorithm alg) {
        Object o = prepared.get(alg);
        return o == null || material.isZeroized() ? null : o;
    }

    /** Caches {@code backend} for {@code alg}, unless the material was zeroed meanwhile. */
    synchronized void cachePrepared(Algorithm alg, Object backend) {
        if (!material.isZeroized()) {
            Map<Algorithm, Object> next = new HashMap<>(prepared);
            next.put(alg, backend);
            prepared = Map.copyOf(next);
        }
    }

    /** Zeroes the material and drops the parsed and prepared forms with it. */
    synchronized void wipe() {
        material.zeroize();
        parsed = null;
        prepared = Map.of();
    }

    int id() {
        return attributes.id();
    }

    @Override
    public String toString() {
        return "KeySlot[owner=" + owner + ", " + attributes + ", " + material + "]";
    }
}
