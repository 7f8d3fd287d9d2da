package dev.citadel.pkcs11;

import java.util.Map;
import java.util.Set;

/** {@code CK_ATTRIBUTE_TYPE} values (PKCS#11 2.40), their names, and each one's {@link AttributeKind}. */
public final class Cka {
    public static final long CLASS = 0x0;
    public static final long TOKEN = 0x1;
    public static final long PRIVATE = 0x2;
    public static final long LABEL = 0x3;
    public static final long UNIQUE_ID = 0x4;
    public static final long APPLICATION = 0x10;
    public static final long VALUE = 0x11;
    public static final long OBJECT_ID = 0x12;
    public static final long CERTIFICATE_TYPE = 0x80;
    public static final long ISSUER = 0x81;
    public static final long SERIAL_NUMBER = 0x82;
    public static final long AC_ISSUER = 0x83;
    public static final long OWNER = 0x84;
    public static final long ATTR_TYPES = 0x85;
    public static final long TRUSTED = 0x86;
    public static final long CERTIFICATE_CATEGORY = 0x87;
    public static final long JAVA_MIDP_SECURITY_DOMAIN = 0x88;
    public static final long URL = 0x89;
    public static final long HASH_OF_SUBJECT_PUBLIC_KEY = 0x8A;
    public static final long HASH_OF_ISSUER_PUBLIC_KEY = 0x8B;
    public static final long NAME_HASH_ALGORITHM = 0x8C;
    public static final long CHECK_VALUE = 0x90;
    public static final long KEY_TYPE = 0x100;
    public static final long SUBJECT = 0x101;
    public static final long ID = 0x102;
    public static final long SENSITIVE = 0x103;
    public static final long ENCRYPT = 0x104;
    public static final long DECRYPT = 0x105;
    public static final long WRAP = 0x106;
    public static final long UNWRAP = 0x107;
    public static final long SIGN = 0x108;
    public static final long SIGN_RECOVER = 0x109;
    public static final long VERIFY = 0x10A;
    public static final long VERIFY_RECOVER = 0x10B;
    public static final long DERIVE = 0x10C;
    public static final long START_DATE = 0x110;
    public static final long END_DATE = 0x111;
    public static final long MODULUS = 0x120;
    public static final long MODULUS_BITS = 0x121;
    public static final long PUBLIC_EXPONENT = 0x122;
    public static final long PRIVATE_EXPONENT = 0x123;
    public static final long PRIME_1 = 0x124;
    public static final long PRIME_2 = 0x125;
    public static final long EXPONENT_1 = 0x126;
    public static final long EXPONENT_2 = 0x127;
    public static final long COEFFICIENT = 0x128;
    public static final long PUBLIC_KEY_INFO = 0x129;
    public static final long PRIME = 0x130;
    public static final long SUBPRIME = 0x131;
    public static final long BASE = 0x132;
    public static final long PRIME_BITS = 0x133;
    public static final long SUBPRIME_BITS = 0x134;
    public static final long VALUE_BITS = 0x160;
    public static final long VALUE_LEN = 0x161;
    public static final long EXTRACTABLE = 0x162;
    public static final long LOCAL = 0x163;
    public static final long NEVER_EXTRACTABLE = 0x164;
    public static final long ALWAYS_SENSITIVE = 0x165;
    public static final long KEY_GEN_MECHANISM = 0x166;
    public static final long MODIFIABLE = 0x170;
    public static final long COPYABLE = 0x171;
    public static final long DESTROYABLE = 0x172;
    public static final long EC_PARAMS = 0x180;
    public static final long EC_POINT = 0x181;
    public static final long SECONDARY_AUTH = 0x200;
    public static final long AUTH_PIN_FLAGS = 0x201;
    public static final long ALWAYS_AUTHENTICATE = 0x202;
    public static final long WRAP_WITH_TRUSTED = 0x210;
    public static final long WRAP_TEMPLATE = 0x40000211L;
    public static final long UNWRAP_TEMPLATE = 0x40000212L;
    public static final long DERIVE_TEMPLATE = 0x40000213L;
    public static final long HW_FEATURE_TYPE = 0x300;
    public static final long RESET_ON_INIT = 0x301;
    public static final long HAS_RESET = 0x302;
    public static final long PIXEL_X = 0x400;
    public static final long PIXEL_Y = 0x401;
    public static final long RESOLUTION = 0x402;
    public static final long CHAR_ROWS = 0x403;
    public static final long CHAR_COLUMNS = 0x404;
    public static final long COLOR = 0x405;
    public static final long BITS_PER_PIXEL = 0x406;
    public static final long MECHANISM_TYPE = 0x500;
    public static final long ALLOWED_MECHANISMS = 0x40000600L;
    public static final long VENDOR_DEFINED = 0x80000000L;
    /**
     * Citadel's vendor attribute: the PSA key identifier ({@code psa_key_id_t}) behind a key object, as a
     * {@code CK_ULONG}; read-only, set by the token, absent from objects without a PSA key. It lets the JCA provider
     * use the same key as the token ({@code CitadelKeys.privateKey}). p11-kit carries it as 8 bytes, big-endian.
     */
    public static final long CITADEL_PSA_KEY_ID = VENDOR_DEFINED | 0x43495401L;

    private static final Map<Long, String> NAMES = NameTable.of(Cka.class, "CKA_");

    // The sets are p11-kit 0.24.1's map_attribute_to_value_type, which fixes each attribute's wire encoding. It
    // leaves some CK_BBOOL/CK_ULONG attributes (CKA_DESTROYABLE, CKA_NAME_HASH_ALGORITHM) and CKA_DERIVE_TEMPLATE
    // to its byte-array default: their values then travel as raw native bytes, so they are BYTES here.
    private static final Set<Long> BOOLS = Set.of(TOKEN, PRIVATE, TRUSTED, SENSITIVE, ENCRYPT, DECRYPT, WRAP, UNWRAP,
            SIGN, SIGN_RECOVER, VERIFY, VERIFY_RECOVER, DERIVE, EXTRACTABLE, LOCAL, NEVER_EXTRACTABLE,
            ALWAYS_SENSITIVE, MODIFIABLE, COPYABLE, SECONDARY_AUTH, ALWAYS_AUTHENTICATE, WRAP_WITH_TRUSTED,
            RESET_ON_INIT, HAS_RESET, COLOR);
    private static final Set<Long> ULONGS = Set.of(CLASS, CERTIFICATE_TYPE, CERTIFICATE_CATEGORY,
            JAVA_MIDP_SECURITY_DOMAIN, KEY_TYPE, MODULUS_BITS, PRIME_BITS, SUBPRIME_BITS, VALUE_BITS, VALUE_LEN,
            KEY_GEN_MECHANISM, AUTH_PIN_FLAGS, HW_FEATURE_TYPE, PIXEL_X, PIXEL_Y, RESOLUTION, CHAR_ROWS,
            CHAR_COLUMNS, BITS_PER_PIXEL, MECHANISM_TYPE);

    private Cka() {}

    /**
     * The shape of an attribute's value as p11-kit's RPC encodes it; unknown and vendor attributes are byte strings.
     * A {@code CK_BBOOL} or {@code CK_ULONG} attribute that p11-kit does not list is BYTES, holding the same one or
     * eight bytes.
     */
    public static AttributeKind kind(long type) {
        if (BOOLS.contains(type)) {
            return AttributeKind.BOOL;
        }
        if (ULONGS.contains(type)) {
            return AttributeKind.ULONG;
        }
        if (type == START_DATE || type == END_DATE) {
            return AttributeKind.DATE;
        }
        if (type == ALLOWED_MECHANISMS) {
            return AttributeKind.MECHANISM_ARRAY;
        }
        if (type == WRAP_TEMPLATE || type == UNWRAP_TEMPLATE) {
            return AttributeKind.ATTRIBUTE_ARRAY;
        }
        return AttributeKind.BYTES;
    }

    /** {@code CKA_...} for a known value, else the value in hex. */
    public static String name(long type) {
        String n = NAMES.get(type);
        return n != null ? n : String.format("CKA_0x%X", type);
    }
}
