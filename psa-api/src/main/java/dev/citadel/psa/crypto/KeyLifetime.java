package dev.citadel.psa.crypto;

/**
 * A PSA key lifetime ({@code psa_key_lifetime_t}, 32 bits): {@code (location << 8) | persistence}.
 *
 * <p>The persistence level (bits 7:0) says whether and how the key is stored; the location (bits 31:8) says where
 * its material lives, 0 being the SPE's own storage.
 */
public final class KeyLifetime {
    /** {@code PSA_KEY_PERSISTENCE_VOLATILE}: the key lives in RAM and disappears on destroy or reset. */
    public static final int PERSISTENCE_VOLATILE = 0x00;
    /** {@code PSA_KEY_PERSISTENCE_DEFAULT}: stored in the default persistent storage. */
    public static final int PERSISTENCE_DEFAULT = 0x01;
    /** {@code PSA_KEY_PERSISTENCE_READ_ONLY}: persistent and never destroyable (for example provisioned keys). */
    public static final int PERSISTENCE_READ_ONLY = 0xFF;

    /** {@code PSA_KEY_LOCATION_LOCAL_STORAGE}: the key material is handled by the SPE itself. */
    public static final int LOCATION_LOCAL_STORAGE = 0x000000;
    /** {@code PSA_KEY_LOCATION_PRIMARY_SECURE_ELEMENT} (spec only). */
    public static final int LOCATION_PRIMARY_SECURE_ELEMENT = 0x000001;
    /** {@code PSA_KEY_LOCATION_VENDOR_FLAG}: locations with this bit are vendor-defined. */
    public static final int LOCATION_VENDOR_FLAG = 0x800000;

    private static final int PERSISTENCE_MASK = 0xFF;
    private static final int LOCATION_SHIFT = 8;
    private static final int LOCATION_MAX = 0xFFFFFF;

    /** {@code PSA_KEY_LIFETIME_VOLATILE}: volatile, local storage. */
    public static final KeyLifetime VOLATILE = new KeyLifetime(0x00000000);
    /** {@code PSA_KEY_LIFETIME_PERSISTENT}: default persistence, local storage. */
    public static final KeyLifetime PERSISTENT = new KeyLifetime(0x00000001);

    private final int value;

    private KeyLifetime(int value) {
        this.value = value;
    }

    /** The lifetime with this {@code psa_key_lifetime_t} value; every 32-bit value is accepted. */
    public static KeyLifetime of(int value) {
        return new KeyLifetime(value);
    }

    /**
     * {@code PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(persistence, location)}.
     *
     * @throws IllegalArgumentException if persistence is not 0..0xFF or location not 0..0xFFFFFF
     */
    public static KeyLifetime fromPersistenceAndLocation(int persistence, int location) {
        if ((persistence & ~PERSISTENCE_MASK) != 0) {
            throw new IllegalArgumentException("persistence is 8 bits: 0x" + Integer.toHexString(persistence));
        }
        if ((location & ~LOCATION_MAX) != 0) {
            throw new IllegalArgumentException("location is 24 bits: 0x" + Integer.toHexString(location));
        }
        return new KeyLifetime((location << LOCATION_SHIFT) | persistence);
    }

    /** The {@code psa_key_lifetime_t} value. */
    public int value() {
        return value;
    }

    /** {@code PSA_KEY_LIFETIME_GET_PERSISTENCE(lifetime)}. */
    public int persistence() {
        return value & PERSISTENCE_MASK;
    }

    /** {@code PSA_KEY_LIFETIME_GET_LOCATION(lifetime)}. */
    public int location() {
        return value >>> LOCATION_SHIFT;
    }

    /** {@code PSA_KEY_LIFETIME_IS_VOLATILE(lifetime)}. */
    public boolean isVolatile() {
        return persistence() == PERSISTENCE_VOLATILE;
    }

    /** Not volatile: the key has an identifier chosen by its creator and outlives a reset. */
    public boolean isPersistent() {
        return !isVolatile();
    }

    /** {@code PSA_KEY_LIFETIME_IS_READ_ONLY(lifetime)}: such keys cannot be created or destroyed through the API. */
    public boolean isReadOnly() {
        return persistence() == PERSISTENCE_READ_ONLY;
    }

    /** {@code PSA_KEY_LOCATION_IS_LOCAL_STORAGE}: the SPE itself holds the key material. */
    public boolean isLocalStorage() {
        return location() == LOCATION_LOCAL_STORAGE;
    }

    /** Whether the location is vendor-defined, as TF-M's built-in keys are (location 0x800001). */
    public boolean isVendorLocation() {
        return (location() & LOCATION_VENDOR_FLAG) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyLifetime && ((KeyLifetime) o).value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    /** The C expression, for example {@code PSA_KEY_LIFETIME_VOLATILE} or
     * {@code PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(0x01, 0x800001)}. */
    @Override
    public String toString() {
        if (value == VOLATILE.value) {
            return "PSA_KEY_LIFETIME_VOLATILE";
        }
        if (value == PERSISTENT.value) {
            return "PSA_KEY_LIFETIME_PERSISTENT";
        }
        return String.format("PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(0x%02x, 0x%06x)", persistence(), location());
    }
}
