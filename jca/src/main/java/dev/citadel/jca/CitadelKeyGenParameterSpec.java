package dev.citadel.jca;

import dev.citadel.psa.crypto.KeyId;
import java.security.spec.AlgorithmParameterSpec;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How Citadel's KeyPairGenerator makes a key in the SPE beyond its curve or size: persistent under a key id (volatile
 * by default), what it may be used for, and whether its material may be exported (never by default).
 *
 * <pre>{@code
 * kpg.initialize(CitadelKeyGenParameterSpec.builder(new ECGenParameterSpec("secp384r1"))
 *         .persistentId(0x100).build());
 * }</pre>
 */
public final class CitadelKeyGenParameterSpec implements AlgorithmParameterSpec {

    /** What a key is for; each maps to a PSA usage and permitted algorithm (at most two algorithms per key). */
    public enum Purpose {
        /** Signatures: ECDSA with any hash, RSASSA-PSS and PKCS#1 v1.5 with any hash, Ed25519. */
        SIGN,
        /** ECDH or X25519 key agreement. */
        AGREE,
        /** RSA OAEP with SHA-256 decryption. */
        DECRYPT
    }

    private final AlgorithmParameterSpec keySpec;
    private final int keySize;
    private final OptionalInt persistentId;
    private final Set<Purpose> purposes;
    private final boolean exportable;

    private CitadelKeyGenParameterSpec(Builder b) {
        keySpec = b.keySpec;
        keySize = b.keySize;
        persistentId = b.persistentId;
        purposes = b.purposes.isEmpty() ? Set.of() : Set.copyOf(b.purposes);
        exportable = b.exportable;
    }

    /** A builder for a key described by a JDK spec: {@code ECGenParameterSpec}, {@code NamedParameterSpec}, {@code RSAKeyGenParameterSpec}. */
    public static Builder builder(AlgorithmParameterSpec keySpec) {
        return new Builder(Objects.requireNonNull(keySpec, "keySpec"), 0);
    }

    /** A builder for a key of {@code keySize} bits (an EC curve's order size or an RSA modulus size). */
    public static Builder builder(int keySize) {
        if (keySize <= 0) {
            throw new IllegalArgumentException("key size must be positive: " + keySize);
        }
        return new Builder(null, keySize);
    }

    /** The curve or RSA spec, or null when the key is described by its size. */
    public AlgorithmParameterSpec keySpec() {
        return keySpec;
    }

    /** The key size, or 0 when the key is described by {@link #keySpec()}. */
    public int keySize() {
        return keySize;
    }

    /** The persistent key id, or empty for a volatile key. */
    public OptionalInt persistentId() {
        return persistentId;
    }

    /** The purposes asked for; empty means the kind's default (SIGN, or AGREE for X25519). */
    public Set<Purpose> purposes() {
        return purposes;
    }

    /** Whether {@code psa_export_key} may read the private key ({@code PSA_KEY_USAGE_EXPORT}). */
    public boolean exportable() {
        return exportable;
    }

    @Override
    public String toString() {
        return "CitadelKeyGenParameterSpec[" + (keySpec != null ? keySpec.getClass().getSimpleName() : keySize + " bits")
                + ", " + (persistentId.isPresent() ? "persistent " + KeyId.toString(persistentId.getAsInt()) : "volatile")
                + ", purposes=" + purposes + ", exportable=" + exportable + "]";
    }

    /** Builds a {@link CitadelKeyGenParameterSpec}; checks each value as it is set. */
    public static final class Builder {
        private final AlgorithmParameterSpec keySpec;
        private final int keySize;
        private OptionalInt persistentId = OptionalInt.empty();
        private final EnumSet<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        private boolean exportable;

        private Builder(AlgorithmParameterSpec keySpec, int keySize) {
            this.keySpec = keySpec;
            this.keySize = keySize;
        }

        /**
         * Makes the key persistent under {@code id}, a PSA user-range key id.
         *
         * @throws IllegalArgumentException if {@code id} is outside the user range
         *     ({@code PSA_KEY_ID_USER_MIN..PSA_KEY_ID_USER_MAX}), the only one the SPE lets clients persist keys in
         */
        public Builder persistentId(int id) {
            if (!KeyId.isUser(id)) {
                throw new IllegalArgumentException("not a user-range persistent key id: " + KeyId.toString(id));
            }
            persistentId = OptionalInt.of(id);
            return this;
        }

        /** Adds purposes (the kind's default is used when none are added). */
        public Builder purposes(Purpose... more) {
            for (Purpose p : more) {
                purposes.add(Objects.requireNonNull(p, "purpose"));
            }
            return this;
        }

        /** Lets {@code psa_export_key} read the key. Off by default: the key never leaves the SPE. */
        public Builder exportable(boolean exportable) {
            this.exportable = exportable;
            return this;
        }

        public CitadelKeyGenParameterSpec build() {
            return new CitadelKeyGenParameterSpec(this);
        }
    }
}
