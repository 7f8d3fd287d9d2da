package dev.citadel.spe.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Key material held by the Crypto partition. It is copied in and out (the caller's arrays are never shared), it never
 * appears in {@link #toString()}, and {@link #zeroize()} overwrites it with zeros, as Mbed TLS's
 * {@code psa_remove_key_data_from_memory} does with {@code mbedtls_zeroize_and_free}.
 */
final class SecretBytes {
    private final byte[] bytes;
    private volatile boolean zeroized; // read without the lock on every use of a cached backend key

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code material}; the caller keeps (and should zero) its own array. */
    static SecretBytes copyOf(byte[] material) {
        return new SecretBytes(Objects.requireNonNull(material, "material").clone());
    }

    /** Takes {@code material} without copying; only for arrays nobody else holds (for example fresh random bytes). */
    static SecretBytes wrap(byte[] material) {
        return new SecretBytes(Objects.requireNonNull(material, "material"));
    }

    /** The number of bytes of material. */
    synchronized int length() {
        return bytes.length;
    }

    /**
     * A copy of the material, for the caller to use and zero.
     *
     * @throws IllegalStateException once zeroized
     */
    synchronized byte[] copy() {
        if (zeroized) {
            throw new IllegalStateException("key material was zeroized");
        }
        return bytes.clone();
    }

    /** Overwrites the material with zeros; further {@link #copy()} calls fail. Idempotent. */
    synchronized void zeroize() {
        Arrays.fill(bytes, (byte) 0);
        zeroized = true;
    }

    boolean isZeroized() {
        return zeroized;
    }

    /** Whether every byte of the held array is zero (for tests of {@link #zeroize()}). */
    synchronized boolean allZero() {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** Only the length: the material never leaves through a string. */
    @Override
    public String toString() {
        return "SecretBytes[" + length() + " bytes" + (isZeroized() ? ", zeroized" : "") + "]";
    }
}
