package dev.citadel.pkcs11;

/** {@code CKF_*} flags, {@code CK_USER_TYPE} ({@code CKU_*}) and {@code CK_STATE} ({@code CKS_*}) values. */
public final class Ckf {
    // CK_SLOT_INFO flags
    public static final long TOKEN_PRESENT = 0x1;
    public static final long REMOVABLE_DEVICE = 0x2;
    public static final long HW_SLOT = 0x4;
    // CK_TOKEN_INFO flags
    public static final long RNG = 0x1;
    public static final long WRITE_PROTECTED = 0x2;
    public static final long LOGIN_REQUIRED = 0x4;
    public static final long USER_PIN_INITIALIZED = 0x8;
    public static final long CLOCK_ON_TOKEN = 0x40;
    public static final long PROTECTED_AUTHENTICATION_PATH = 0x100;
    public static final long DUAL_CRYPTO_OPERATIONS = 0x200;
    public static final long TOKEN_INITIALIZED = 0x400;
    public static final long USER_PIN_COUNT_LOW = 0x10000;
    public static final long USER_PIN_FINAL_TRY = 0x20000;
    public static final long USER_PIN_LOCKED = 0x40000;
    public static final long USER_PIN_TO_BE_CHANGED = 0x80000;
    public static final long SO_PIN_COUNT_LOW = 0x100000;
    public static final long SO_PIN_FINAL_TRY = 0x200000;
    public static final long SO_PIN_LOCKED = 0x400000;
    public static final long SO_PIN_TO_BE_CHANGED = 0x800000;
    // session flags
    public static final long RW_SESSION = 0x2;
    public static final long SERIAL_SESSION = 0x4;
    // CK_MECHANISM_INFO flags
    public static final long HW = 0x1;
    public static final long ENCRYPT = 0x100;
    public static final long DECRYPT = 0x200;
    public static final long DIGEST = 0x400;
    public static final long SIGN = 0x800;
    public static final long SIGN_RECOVER = 0x1000;
    public static final long VERIFY = 0x2000;
    public static final long VERIFY_RECOVER = 0x4000;
    public static final long GENERATE = 0x8000;
    public static final long GENERATE_KEY_PAIR = 0x10000;
    public static final long WRAP = 0x20000;
    public static final long UNWRAP = 0x40000;
    public static final long DERIVE = 0x80000;
    public static final long EC_F_P = 0x100000;
    public static final long EC_NAMED_CURVE = 0x800000;
    public static final long EC_UNCOMPRESS = 0x1000000;
    // C_Initialize flags
    public static final long LIBRARY_CANT_CREATE_OS_THREADS = 0x1;
    public static final long OS_LOCKING_OK = 0x2;

    /** {@code CKU_*}. */
    public static final long USER_SO = 0;
    public static final long USER_USER = 1;
    public static final long USER_CONTEXT_SPECIFIC = 2;

    /** {@code CKS_*}. */
    public static final long STATE_RO_PUBLIC = 0;
    public static final long STATE_RO_USER = 1;
    public static final long STATE_RW_PUBLIC = 2;
    public static final long STATE_RW_USER = 3;
    public static final long STATE_RW_SO = 4;

    private Ckf() {}
}
