package dev.citadel.pkcs11;

import java.util.Map;

/** {@code CK_RV} values (PKCS#11 2.40 {@code pkcs11t.h}) and their names: the one table of return codes. */
public final class Ckr {
    public static final long OK = 0x0;
    public static final long CANCEL = 0x1;
    public static final long HOST_MEMORY = 0x2;
    public static final long SLOT_ID_INVALID = 0x3;
    public static final long GENERAL_ERROR = 0x5;
    public static final long FUNCTION_FAILED = 0x6;
    public static final long ARGUMENTS_BAD = 0x7;
    public static final long NO_EVENT = 0x8;
    public static final long NEED_TO_CREATE_THREADS = 0x9;
    public static final long CANT_LOCK = 0xA;
    public static final long ATTRIBUTE_READ_ONLY = 0x10;
    public static final long ATTRIBUTE_SENSITIVE = 0x11;
    public static final long ATTRIBUTE_TYPE_INVALID = 0x12;
    public static final long ATTRIBUTE_VALUE_INVALID = 0x13;
    public static final long ACTION_PROHIBITED = 0x1B;
    public static final long DATA_INVALID = 0x20;
    public static final long DATA_LEN_RANGE = 0x21;
    public static final long DEVICE_ERROR = 0x30;
    public static final long DEVICE_MEMORY = 0x31;
    public static final long DEVICE_REMOVED = 0x32;
    public static final long ENCRYPTED_DATA_INVALID = 0x40;
    public static final long ENCRYPTED_DATA_LEN_RANGE = 0x41;
    public static final long FUNCTION_CANCELED = 0x50;
    public static final long FUNCTION_NOT_PARALLEL = 0x51;
    public static final long FUNCTION_NOT_SUPPORTED = 0x54;
    public static final long KEY_HANDLE_INVALID = 0x60;
    public static final long KEY_SIZE_RANGE = 0x62;
    public static final long KEY_TYPE_INCONSISTENT = 0x63;
    public static final long KEY_NOT_NEEDED = 0x64;
    public static final long KEY_CHANGED = 0x65;
    public static final long KEY_NEEDED = 0x66;
    public static final long KEY_INDIGESTIBLE = 0x67;
    public static final long KEY_FUNCTION_NOT_PERMITTED = 0x68;
    public static final long KEY_NOT_WRAPPABLE = 0x69;
    public static final long KEY_UNEXTRACTABLE = 0x6A;
    public static final long MECHANISM_INVALID = 0x70;
    public static final long MECHANISM_PARAM_INVALID = 0x71;
    public static final long OBJECT_HANDLE_INVALID = 0x82;
    public static final long OPERATION_ACTIVE = 0x90;
    public static final long OPERATION_NOT_INITIALIZED = 0x91;
    public static final long PIN_INCORRECT = 0xA0;
    public static final long PIN_INVALID = 0xA1;
    public static final long PIN_LEN_RANGE = 0xA2;
    public static final long PIN_EXPIRED = 0xA3;
    public static final long PIN_LOCKED = 0xA4;
    public static final long SESSION_CLOSED = 0xB0;
    public static final long SESSION_COUNT = 0xB1;
    public static final long SESSION_HANDLE_INVALID = 0xB3;
    public static final long SESSION_PARALLEL_NOT_SUPPORTED = 0xB4;
    public static final long SESSION_READ_ONLY = 0xB5;
    public static final long SESSION_EXISTS = 0xB6;
    public static final long SESSION_READ_ONLY_EXISTS = 0xB7;
    public static final long SESSION_READ_WRITE_SO_EXISTS = 0xB8;
    public static final long SIGNATURE_INVALID = 0xC0;
    public static final long SIGNATURE_LEN_RANGE = 0xC1;
    public static final long TEMPLATE_INCOMPLETE = 0xD0;
    public static final long TEMPLATE_INCONSISTENT = 0xD1;
    public static final long TOKEN_NOT_PRESENT = 0xE0;
    public static final long TOKEN_NOT_RECOGNIZED = 0xE1;
    public static final long TOKEN_WRITE_PROTECTED = 0xE2;
    public static final long UNWRAPPING_KEY_HANDLE_INVALID = 0xF0;
    public static final long UNWRAPPING_KEY_SIZE_RANGE = 0xF1;
    public static final long UNWRAPPING_KEY_TYPE_INCONSISTENT = 0xF2;
    public static final long USER_ALREADY_LOGGED_IN = 0x100;
    public static final long USER_NOT_LOGGED_IN = 0x101;
    public static final long USER_PIN_NOT_INITIALIZED = 0x102;
    public static final long USER_TYPE_INVALID = 0x103;
    public static final long USER_ANOTHER_ALREADY_LOGGED_IN = 0x104;
    public static final long USER_TOO_MANY_TYPES = 0x105;
    public static final long WRAPPED_KEY_INVALID = 0x110;
    public static final long WRAPPED_KEY_LEN_RANGE = 0x112;
    public static final long WRAPPING_KEY_HANDLE_INVALID = 0x113;
    public static final long WRAPPING_KEY_SIZE_RANGE = 0x114;
    public static final long WRAPPING_KEY_TYPE_INCONSISTENT = 0x115;
    public static final long RANDOM_SEED_NOT_SUPPORTED = 0x120;
    public static final long RANDOM_NO_RNG = 0x121;
    public static final long DOMAIN_PARAMS_INVALID = 0x130;
    public static final long CURVE_NOT_SUPPORTED = 0x140;
    public static final long BUFFER_TOO_SMALL = 0x150;
    public static final long SAVED_STATE_INVALID = 0x160;
    public static final long INFORMATION_SENSITIVE = 0x170;
    public static final long STATE_UNSAVEABLE = 0x180;
    public static final long CRYPTOKI_NOT_INITIALIZED = 0x190;
    public static final long CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    public static final long MUTEX_BAD = 0x1A0;
    public static final long MUTEX_NOT_LOCKED = 0x1A1;
    public static final long FUNCTION_REJECTED = 0x200;

    private static final Map<Long, String> NAMES = NameTable.of(Ckr.class, "CKR_");

    private Ckr() {}

    /** {@code CKR_...} for a known value, else the value in hex. */
    public static String name(long rv) {
        String n = NAMES.get(rv);
        return n != null ? n : String.format("CKR_0x%X", rv);
    }
}
