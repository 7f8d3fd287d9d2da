package dev.citadel.boot.keys;

/** A key read from a PEM file: a signing key pair, or a public key alone. */
public sealed interface ImageKey permits ImageSigningKey, ImagePublicKey {
    KeyType type();

    ImagePublicKey publicKey();
}
