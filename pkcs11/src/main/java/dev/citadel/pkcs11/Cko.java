package dev.citadel.pkcs11;

/** {@code CK_OBJECT_CLASS} values, {@code CK_CERTIFICATE_TYPE} and {@code CK_KEY_TYPE} values. */
public final class Cko {
    public static final long DATA = 0x0;
    public static final long CERTIFICATE = 0x1;
    public static final long PUBLIC_KEY = 0x2;
    public static final long PRIVATE_KEY = 0x3;
    public static final long SECRET_KEY = 0x4;

    /** {@code CKC_X_509}. */
    public static final long CERTIFICATE_X_509 = 0x0;

    /** {@code CKK_*}. */
    public static final long KEY_RSA = 0x0;
    public static final long KEY_EC = 0x3;
    public static final long KEY_GENERIC_SECRET = 0x10;
    public static final long KEY_AES = 0x1F;
    public static final long KEY_EC_EDWARDS = 0x40;
    public static final long KEY_EC_MONTGOMERY = 0x41;

    private Cko() {}
}
