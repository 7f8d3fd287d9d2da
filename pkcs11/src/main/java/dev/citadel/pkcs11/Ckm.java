package dev.citadel.pkcs11;

import java.util.Map;

/** {@code CK_MECHANISM_TYPE} values (PKCS#11 2.40 and 3.0 for EdDSA), MGF and KDF values, and their names. */
public final class Ckm {
    public static final long RSA_PKCS_KEY_PAIR_GEN = 0x0;
    public static final long RSA_PKCS = 0x1;
    public static final long RSA_X_509 = 0x3;
    public static final long SHA1_RSA_PKCS = 0x6;
    public static final long RSA_PKCS_OAEP = 0x9;
    public static final long RSA_PKCS_PSS = 0xD;
    public static final long SHA1_RSA_PKCS_PSS = 0xE;
    public static final long SHA256_RSA_PKCS = 0x40;
    public static final long SHA384_RSA_PKCS = 0x41;
    public static final long SHA512_RSA_PKCS = 0x42;
    public static final long SHA256_RSA_PKCS_PSS = 0x43;
    public static final long SHA384_RSA_PKCS_PSS = 0x44;
    public static final long SHA512_RSA_PKCS_PSS = 0x45;
    public static final long SHA224_RSA_PKCS = 0x46;
    public static final long SHA224_RSA_PKCS_PSS = 0x47;
    public static final long SHA_1 = 0x220;
    public static final long SHA_1_HMAC = 0x221;
    public static final long SHA256 = 0x250;
    public static final long SHA256_HMAC = 0x251;
    public static final long SHA256_HMAC_GENERAL = 0x252;
    public static final long SHA224 = 0x255;
    public static final long SHA224_HMAC = 0x256;
    public static final long SHA384 = 0x260;
    public static final long SHA384_HMAC = 0x261;
    public static final long SHA512 = 0x270;
    public static final long SHA512_HMAC = 0x271;
    public static final long GENERIC_SECRET_KEY_GEN = 0x350;
    public static final long EC_KEY_PAIR_GEN = 0x1040;
    public static final long ECDSA = 0x1041;
    public static final long ECDSA_SHA1 = 0x1042;
    public static final long ECDSA_SHA224 = 0x1043;
    public static final long ECDSA_SHA256 = 0x1044;
    public static final long ECDSA_SHA384 = 0x1045;
    public static final long ECDSA_SHA512 = 0x1046;
    public static final long ECDH1_DERIVE = 0x1050;
    public static final long ECDH1_COFACTOR_DERIVE = 0x1051;
    public static final long EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
    public static final long EC_MONTGOMERY_KEY_PAIR_GEN = 0x1056;
    public static final long EDDSA = 0x1057;
    public static final long AES_KEY_GEN = 0x1080;
    public static final long AES_ECB = 0x1081;
    public static final long AES_CBC = 0x1082;
    public static final long AES_CBC_PAD = 0x1085;
    public static final long AES_CTR = 0x1086;
    public static final long AES_GCM = 0x1087;
    public static final long AES_CCM = 0x1088;
    public static final long AES_CMAC = 0x108A;

    /** {@code CKG_MGF1_*}: the mask generation functions of PSS and OAEP. */
    public static final long MGF1_SHA1 = 0x1;
    public static final long MGF1_SHA256 = 0x2;
    public static final long MGF1_SHA384 = 0x3;
    public static final long MGF1_SHA512 = 0x4;
    public static final long MGF1_SHA224 = 0x5;
    /** {@code CKZ_DATA_SPECIFIED}: OAEP's label source. */
    public static final long OAEP_SOURCE_DATA_SPECIFIED = 0x1;
    /** {@code CKD_NULL}: ECDH without a KDF. */
    public static final long KDF_NULL = 0x1;

    private static final Map<Long, String> NAMES = NameTable.of(Ckm.class, "CKM_");

    private Ckm() {}

    /** {@code CKM_...} for a known mechanism, else the value in hex. */
    public static String name(long type) {
        String n = NAMES.get(type);
        return n != null && !n.startsWith("CKM_MGF1") && !n.startsWith("CKM_OAEP") && !n.startsWith("CKM_KDF")
                ? n : String.format("CKM_0x%X", type);
    }
}
