package dev.citadel.psa.crypto;

/**
 * Ranges of PSA key identifiers ({@code psa_key_id_t}, a u32 held in an {@code int}).
 *
 * <p>Applications choose identifiers in the user range; the vendor range is the implementation's (TF-M's built-in
 * keys and Mbed TLS's volatile key identifiers live there). Values from {@code 0x80000000} up are reserved, and are
 * negative as Java {@code int}s.
 */
public final class KeyId {
    private KeyId() {}

    /** {@code PSA_KEY_ID_NULL}: no key. */
    public static final int NULL = 0;
    /** {@code PSA_KEY_ID_USER_MIN}. */
    public static final int USER_MIN = 0x00000001;
    /** {@code PSA_KEY_ID_USER_MAX}. */
    public static final int USER_MAX = 0x3FFFFFFF;
    /** {@code PSA_KEY_ID_VENDOR_MIN}. */
    public static final int VENDOR_MIN = 0x40000000;
    /** {@code PSA_KEY_ID_VENDOR_MAX}. */
    public static final int VENDOR_MAX = 0x7FFFFFFF;

    /** Whether {@code id} is in the application range {@code PSA_KEY_ID_USER_MIN..PSA_KEY_ID_USER_MAX}. */
    public static boolean isUser(int id) {
        return id >= USER_MIN && id <= USER_MAX;
    }

    /** Whether {@code id} is in the implementation range {@code PSA_KEY_ID_VENDOR_MIN..PSA_KEY_ID_VENDOR_MAX}. */
    public static boolean isVendor(int id) {
        return id >= VENDOR_MIN; // VENDOR_MAX is Integer.MAX_VALUE; the reserved half is negative
    }

    /** Whether {@code id} can name a key: user or vendor, neither null nor reserved. */
    public static boolean isValid(int id) {
        return id > NULL;
    }

    /** The identifier as the unsigned value it is, for messages. */
    public static String toString(int id) {
        return String.format("0x%08x", id);
    }
}
