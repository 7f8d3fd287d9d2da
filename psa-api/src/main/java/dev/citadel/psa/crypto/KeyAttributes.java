package dev.citadel.psa.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The attributes of a key ({@code psa_key_attributes_t}): its type, size, lifetime, identifier and policy.
 *
 * <p>The canonical constructor checks only that each field fits its C type, so that whatever a client sends, or the
 * SPE reports (a volatile key has an identifier too), can be represented. The {@link Builder} mirrors the
 * {@code psa_set_key_*} functions and rejects attribute sets no key could be created from.
 *
 * @param type {@code psa_get_key_type}
 * @param bits {@code psa_get_key_bits}: the key size in bits, 0 meaning "taken from the key material"
 * @param lifetime {@code psa_get_key_lifetime}
 * @param usage {@code psa_get_key_usage_flags}
 * @param algorithm {@code psa_get_key_algorithm}: the permitted-algorithm policy
 * @param algorithm2 the second permitted algorithm ({@code psa_get_key_enrollment_algorithm} in Mbed TLS; 0 when
 *     unused), which TF-M carries on the wire
 * @param id {@code psa_get_key_id}: the key identifier as the client sees it, without an owner
 */
public record KeyAttributes(
        KeyType type, int bits, KeyLifetime lifetime, KeyUsage usage, Algorithm algorithm, Algorithm algorithm2, int id) {

    /** Size of TF-M's client view of {@code psa_key_attributes_t}; the server adds a 4-byte owner after it. */
    public static final int CLIENT_WIRE_SIZE = 24;

    /** {@code PSA_KEY_ATTRIBUTES_INIT}: every field zero. */
    public static final KeyAttributes INIT = new KeyAttributes(
            KeyType.NONE, 0, KeyLifetime.VOLATILE, KeyUsage.NONE, Algorithm.NONE, Algorithm.NONE, KeyId.NULL);

    private static final int MAX_BITS = 0xFFFF;

    public KeyAttributes {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(algorithm2, "algorithm2");
        if (bits < 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("key bits are a u16 on the wire: " + bits);
        }
    }

    /** A builder holding {@code PSA_KEY_ATTRIBUTES_INIT}. */
    public static Builder builder() {
        return new Builder(INIT);
    }

    /** A builder starting from these attributes. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether the key's policy permits {@code requested}: either permitted algorithm does, by
     * {@link Algorithm#permits(KeyType, Algorithm, Algorithm)}. Usage flags are checked separately.
     */
    public boolean permits(Algorithm requested) {
        return Algorithm.permits(type, algorithm, requested) || Algorithm.permits(type, algorithm2, requested);
    }

    /**
     * The 24-byte client view TF-M's NS interface sends in {@code in_vec[1]} ({@code import_key},
     * {@code generate_key}...) and receives from {@code get_key_attributes}, little-endian:
     * {@code u16 type @0, u16 bits @2, u32 lifetime @4, u32 usage @8, u32 alg @12, u32 alg2 @16, u32 id @20}.
     */
    public byte[] toClientWire() {
        ByteBuffer b = ByteBuffer.allocate(CLIENT_WIRE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) type.value());
        b.putShort((short) bits);
        b.putInt(lifetime.value());
        b.putInt(usage.value());
        b.putInt(algorithm.value());
        b.putInt(algorithm2.value());
        b.putInt(id);
        return b.array();
    }

    /**
     * Reads the 24-byte client view (see {@link #toClientWire()}). Any field values are accepted; judging them is the
     * caller's job.
     *
     * @throws IllegalArgumentException if {@code wire} is not exactly 24 bytes
     */
    public static KeyAttributes fromClientWire(byte[] wire) {
        Objects.requireNonNull(wire, "wire");
        if (wire.length != CLIENT_WIRE_SIZE) {
            throw new IllegalArgumentException(
                    "client key attributes are " + CLIENT_WIRE_SIZE + " bytes, got " + wire.length);
        }
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        KeyType type = KeyType.of(Short.toUnsignedInt(b.getShort()));
        int bits = Short.toUnsignedInt(b.getShort());
        KeyLifetime lifetime = KeyLifetime.of(b.getInt());
        KeyUsage usage = KeyUsage.of(b.getInt());
        Algorithm alg = Algorithm.of(b.getInt());
        Algorithm alg2 = Algorithm.of(b.getInt());
        int id = b.getInt();
        return new KeyAttributes(type, bits, lifetime, usage, alg, alg2, id);
    }

    @Override
    public String toString() {
        return "KeyAttributes[type=" + type + ", bits=" + bits + ", lifetime=" + lifetime + ", usage=" + usage
                + ", alg=" + algorithm + ", alg2=" + algorithm2 + ", id=" + KeyId.toString(id) + "]";
    }

    /** Builds attributes the way the {@code psa_set_key_*} functions fill a {@code psa_key_attributes_t}. */
    public static final class Builder {
        private KeyType type;
        private int bits;
        private KeyLifetime lifetime;
        private KeyUsage usage;
        private Algorithm algorithm;
        private Algorithm algorithm2;
        private int id;

        private Builder(KeyAttributes from) {
            type = from.type;
            bits = from.bits;
            lifetime = from.lifetime;
            usage = from.usage;
            algorithm = from.algorithm;
            algorithm2 = from.algorithm2;
            id = from.id;
        }

        /** {@code psa_set_key_type}. */
        public Builder type(KeyType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * {@code psa_set_key_bits}; 0 means the size comes from the key material.
         *
         * @throws IllegalArgumentException if {@code bits} is negative or above 0xFFFF
         */
        public Builder bits(int bits) {
            if (bits < 0 || bits > MAX_BITS) {
                throw new IllegalArgumentException("key bits must be 0..65535: " + bits);
            }
            this.bits = bits;
            return this;
        }

        /** {@code psa_set_key_lifetime}: a volatile lifetime also resets the identifier to {@code PSA_KEY_ID_NULL}. */
        public Builder lifetime(KeyLifetime lifetime) {
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isVolatile()) {
                id = KeyId.NULL;
            }
            return this;
        }

        /** {@code psa_set_key_usage_flags}: replaces the usage flags. */
        public Builder usage(KeyUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /** {@code psa_set_key_algorithm}: replaces the permitted-algorithm policy. */
        public Builder algorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Mbed TLS's {@code psa_set_key_enrollment_algorithm}: a second permitted algorithm. */
        public Builder algorithm2(Algorithm algorithm2) {
            this.algorithm2 = Objects.requireNonNull(algorithm2, "algorithm2");
            return this;
        }

        /**
         * {@code psa_set_key_id}: declares the key persistent with this identifier; a volatile lifetime becomes
         * {@code PSA_KEY_LIFETIME_PERSISTENT}, any other lifetime is kept.
         *
         * @throws IllegalArgumentException if {@code id} is null or reserved (applications should use the user range)
         */
        public Builder id(int id) {
            if (!KeyId.isValid(id)) {
                throw new IllegalArgumentException("not a valid persistent key id: " + KeyId.toString(id));
            }
            this.id = id;
            if (lifetime.isVolatile()) {
                lifetime = KeyLifetime.PERSISTENT;
            }
            return this;
        }

        /**
         * The attributes.
         *
         * @throws IllegalStateException if the lifetime is persistent but no valid identifier was set
         */
        public KeyAttributes build() {
            if (lifetime.isPersistent() && !KeyId.isValid(id)) {
                throw new IllegalStateException("a persistent key needs an id (psa_set_key_id): " + lifetime);
            }
            return new KeyAttributes(type, bits, lifetime, usage, algorithm, algorithm2, id);
        }
    }
}
