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

    /** The material parsed for use (asymmetric keys); never outlives the material. */
    private AsymmetricKey parsed;

    /** The cached parsed key, or {@code null} if none is cached or the material is gone. */
    synchronized AsymmetricKey parsed() {
        return material.isZeroized() ? null : parsed;
    }

    /** Caches {@code key}, unless the material was zeroed meanwhile. */
    synchronized void cacheParsed(AsymmetricKey key) {
        if (!material.isZeroized()) {
            parsed = key;
        }
    }

    /** Backend objects keyed from the material for one algorithm (a keyed HMAC to clone); dropped with it. */
    private Map<Algorithm, Object> prepared;

    /** The object cached for {@code alg}, or {@code null} if none is cached or the material is gone. */
    synchronized Object prepared(Algorithm alg) {
        return material.isZeroized() || prepared == null ? null : prepared.get(alg);
    }

    /** Caches {@code backend} for {@code alg}, unless the material was zeroed meanwhile. */
    synchronized void cachePrepared(Algorithm alg, Object backend) {
        if (!material.isZeroized()) {
            if (prepared == null) {
                prepared = new HashMap<>(2);
            }
            prepared.put(alg, backend);
        }
    }

    /** Zeroes the material and drops the parsed and prepared forms with it. */
    synchronized void wipe() {
        material.zeroize();
        parsed = null;
        prepared = null;
    }

    int id() {
        return attributes.id();
    }

    @Override
    public String toString() {
        return "KeySlot[owner=" + owner + ", " + attributes + ", " + material + "]";
    }
}
