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

    int id() {
        return attributes.id();
    }

    @Override
    public String toString() {
        return "KeySlot[owner=" + owner + ", " + attributes + ", " + material + "]";
    }
}
