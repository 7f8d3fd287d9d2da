package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.KeyAttributes;

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

    /** Zeroes the material and drops the parsed form with it. */
    synchronized void wipe() {
        material.zeroize();
        parsed = null;
    }

    int id() {
        return attributes.id();
    }

    @Override
    public String toString() {
        return "KeySlot[owner=" + owner + ", " + attributes + ", " + material + "]";
    }
}
