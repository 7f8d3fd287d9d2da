package dev.citadel.psa.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PSA key type ({@code psa_key_type_t}, 16 bits).
 *
 * <p>Bits 14:12 hold the category (raw 1, symmetric 2, public key 4, key pair 7). ECC and DH types carry their family
 * in the low byte, and a key pair differs from its public key only in the pair bits {@code 0x3000}. Any 16-bit value
 * is accepted, so that types a client sends over the wire can be represented and then rejected with a status.
 */
public final class KeyType {
    private static final int VENDOR_FLAG = 0x8000;
    private static final int CATEGORY_MASK = 0x7000;
    private static final int CATEGORY_RAW = 0x1000;
    private static final int CATEGORY_SYMMETRIC = 0x2000;
    private static final int CATEGORY_PUBLIC_KEY = 0x4000;
    private static final int CATEGORY_KEY_PAIR = 0x7000;
    private static final int CATEGORY_FLAG_PAIR = 0x3000;
    private static final int ECC_PUBLIC_KEY_BASE = 0x4100;
    private static final int ECC_KEY_PAIR_BASE = 0x7100;
    private static final int DH_PUBLIC_KEY_BASE = 0x4200;
    private static final int DH_KEY_PAIR_BASE = 0x7200;
    private static final int FAMILY_MASK = 0x00FF;

    /** The names of the non-parameterised types, for {@link #toString()}. */
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    public static final KeyType NONE = named(0x0000, "PSA_KEY_TYPE_NONE");
    public static final KeyType RAW_DATA = named(0x1001, "PSA_KEY_TYPE_RAW_DATA");
    public static final KeyType HMAC = named(0x1100, "PSA_KEY_TYPE_HMAC");
    public static final KeyType DERIVE = named(0x1200, "PSA_KEY_TYPE_DERIVE");
    public static final KeyType PASSWORD = named(0x1203, "PSA_KEY_TYPE_PASSWORD");
    public static final KeyType PASSWORD_HASH = named(0x1205, "PSA_KEY_TYPE_PASSWORD_HASH");
    public static final KeyType PEPPER = named(0x1206, "PSA_KEY_TYPE_PEPPER");
    public static final KeyType AES = named(0x2400, "PSA_KEY_TYPE_AES");
    public static final KeyType ARIA = named(0x2406, "PSA_KEY_TYPE_ARIA");
    /** DES and 3DES; TF-PSA-Crypto 1.0 dropped the cipher but keeps the value. */
    public static final KeyType DES = named(0x2301, "PSA_KEY_TYPE_DES");
    public static final KeyType CAMELLIA = named(0x2403, "PSA_KEY_TYPE_CAMELLIA");
    /** Spec only; Mbed TLS does not define it. */
    public static final KeyType SM4 = named(0x2405, "PSA_KEY_TYPE_SM4");
    /** Spec only (legacy stream cipher). */
    public static final KeyType ARC4 = named(0x2002, "PSA_KEY_TYPE_ARC4");
    public static final KeyType CHACHA20 = named(0x2004, "PSA_KEY_TYPE_CHACHA20");
    /** Spec 1.2 and later. */
    public static final KeyType XCHACHA20 = named(0x2007, "PSA_KEY_TYPE_XCHACHA20");
    public static final KeyType RSA_PUBLIC_KEY = named(0x4001, "PSA_KEY_TYPE_RSA_PUBLIC_KEY");
    public static final KeyType RSA_KEY_PAIR = named(0x7001, "PSA_KEY_TYPE_RSA_KEY_PAIR");

    private final int value;

    private KeyType(int value) {
        this.value = value;
    }

    private static KeyType named(int value, String name) {
        NAMES.put(value, name);
        return new KeyType(value);
    }

    /** The key type with this {@code psa_key_type_t} value (0..0xFFFF). */
    public static KeyType of(int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("a psa_key_type_t is 16 bits: 0x" + Integer.toHexString(value));
        }
        return new KeyType(value);
    }

    /** {@code PSA_KEY_TYPE_ECC_KEY_PAIR(family)}. */
    public static KeyType eccKeyPair(EccFamily family) {
        return new KeyType(ECC_KEY_PAIR_BASE | family.value());
    }

    /** {@code PSA_KEY_TYPE_ECC_PUBLIC_KEY(family)}. */
    public static KeyType eccPublicKey(EccFamily family) {
        return new KeyType(ECC_PUBLIC_KEY_BASE | family.value());
    }

    /** {@code PSA_KEY_TYPE_DH_KEY_PAIR(group)}. */
    public static KeyType dhKeyPair(DhFamily family) {
        return new KeyType(DH_KEY_PAIR_BASE | family.value());
    }

    /** {@code PSA_KEY_TYPE_DH_PUBLIC_KEY(group)}. */
    public static KeyType dhPublicKey(DhFamily family) {
        return new KeyType(DH_PUBLIC_KEY_BASE | family.value());
    }

    /** The {@code psa_key_type_t} value. */
    public int value() {
        return value;
    }

    /** {@code PSA_KEY_TYPE_IS_VENDOR_DEFINED(type)}. */
    public boolean isVendorDefined() {
        return (value & VENDOR_FLAG) != 0;
    }

    /** {@code PSA_KEY_TYPE_IS_UNSTRUCTURED(type)}: raw data and symmetric keys, whose material is plain bytes. */
    public boolean isUnstructured() {
        int category = value & CATEGORY_MASK;
        return category == CATEGORY_RAW || category == CATEGORY_SYMMETRIC;
    }

    /** {@code PSA_KEY_TYPE_IS_ASYMMETRIC(type)}: a public key or a key pair. */
    public boolean isAsymmetric() {
        return (value & CATEGORY_PUBLIC_KEY) == CATEGORY_PUBLIC_KEY;
    }

    /** {@code PSA_KEY_TYPE_IS_PUBLIC_KEY(type)}. */
    public boolean isPublicKey() {
        return (value & CATEGORY_MASK) == CATEGORY_PUBLIC_KEY;
    }

    /** {@code PSA_KEY_TYPE_IS_KEY_PAIR(type)}. */
    public boolean isKeyPair() {
        return (value & CATEGORY_MASK) == CATEGORY_KEY_PAIR;
    }

    /** {@code PSA_KEY_TYPE_IS_ECC(type)}: an ECC public key or key pair of any family. */
    public boolean isEcc() {
        return (publicKeyBits() & ~FAMILY_MASK) == ECC_PUBLIC_KEY_BASE;
    }

    /** {@code PSA_KEY_TYPE_IS_ECC_KEY_PAIR(type)}. */
    public boolean isEccKeyPair() {
        return (value & ~FAMILY_MASK) == ECC_KEY_PAIR_BASE;
    }

    /** {@code PSA_KEY_TYPE_IS_ECC_PUBLIC_KEY(type)}. */
    public boolean isEccPublicKey() {
        return (value & ~FAMILY_MASK) == ECC_PUBLIC_KEY_BASE;
    }

    /** {@code PSA_KEY_TYPE_IS_RSA(type)}: an RSA public key or key pair. */
    public boolean isRsa() {
        return publicKeyBits() == RSA_PUBLIC_KEY.value;
    }

    /** {@code PSA_KEY_TYPE_IS_DH(type)}: a finite-field Diffie-Hellman public key or key pair. */
    public boolean isDh() {
        return (publicKeyBits() & ~FAMILY_MASK) == DH_PUBLIC_KEY_BASE;
    }

    /** {@code PSA_KEY_TYPE_IS_DH_KEY_PAIR(type)}. */
    public boolean isDhKeyPair() {
        return (value & ~FAMILY_MASK) == DH_KEY_PAIR_BASE;
    }

    /** {@code PSA_KEY_TYPE_IS_DH_PUBLIC_KEY(type)}. */
    public boolean isDhPublicKey() {
        return (value & ~FAMILY_MASK) == DH_PUBLIC_KEY_BASE;
    }

    /**
     * {@code PSA_KEY_TYPE_PUBLIC_KEY_OF_KEY_PAIR(type)}: the public key type of a key pair, or the type itself if it is
     * already a public key.
     *
     * @throws IllegalStateException if this is not an asymmetric type, where the C macro's result is meaningless
     */
    public KeyType publicKeyOf() {
        requireAsymmetric();
        return new KeyType(publicKeyBits());
    }

    /**
     * {@code PSA_KEY_TYPE_KEY_PAIR_OF_PUBLIC_KEY(type)}: the key pair type of a public key, or the type itself if it is
     * already a key pair.
     *
     * @throws IllegalStateException if this is not an asymmetric type
     */
    public KeyType keyPairOf() {
        requireAsymmetric();
        return new KeyType(value | CATEGORY_FLAG_PAIR);
    }

    /**
     * {@code PSA_KEY_TYPE_ECC_GET_FAMILY(type)}: the curve family of an ECC type. Empty if this is not an ECC type or
     * its family is not one the spec defines (see {@link #familyValue()}).
     */
    public Optional<EccFamily> eccFamily() {
        return isEcc() ? EccFamily.fromValue(familyValue()) : Optional.empty();
    }

    /**
     * {@code PSA_KEY_TYPE_DH_GET_FAMILY(type)}: the group family of a DH type. Empty if this is not a DH type or its
     * family is not one the spec defines.
     */
    public Optional<DhFamily> dhFamily() {
        return isDh() ? DhFamily.fromValue(familyValue()) : Optional.empty();
    }

    /** The raw family byte of an ECC or DH type ({@code type & 0xff}); 0 for any other type, as the C macros give. */
    public int familyValue() {
        return isEcc() || isDh() ? value & FAMILY_MASK : 0;
    }

    private int publicKeyBits() {
        return value & ~CATEGORY_FLAG_PAIR;
    }

    private void requireAsymmetric() {
        if (!isAsymmetric()) {
            throw new IllegalStateException(this + " is not an asymmetric key type");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyType && ((KeyType) o).value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    /**
     * The C expression for this type, for example {@code PSA_KEY_TYPE_AES} or
     * {@code PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)}; a type without a name prints as {@code 0x1234}.
     */
    @Override
    public String toString() {
        String name = NAMES.get(value);
        if (name != null) {
            return name;
        }
        if (isEccKeyPair() || isEccPublicKey()) {
            String family = eccFamily().map(EccFamily::cName).orElse(hex2(familyValue()));
            return (isKeyPair() ? "PSA_KEY_TYPE_ECC_KEY_PAIR(" : "PSA_KEY_TYPE_ECC_PUBLIC_KEY(") + family + ")";
        }
        if (isDhKeyPair() || isDhPublicKey()) {
            String family = dhFamily().map(DhFamily::cName).orElse(hex2(familyValue()));
            return (isKeyPair() ? "PSA_KEY_TYPE_DH_KEY_PAIR(" : "PSA_KEY_TYPE_DH_PUBLIC_KEY(") + family + ")";
        }
        return String.format("0x%04x", value);
    }

    private static String hex2(int v) {
        return String.format("0x%02x", v);
    }
}
