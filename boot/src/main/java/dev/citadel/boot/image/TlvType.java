package dev.citadel.boot.image;

import java.util.HashMap;
import java.util.Map;

/**
 * MCUboot's TLV types ({@code IMAGE_TLV_*}), with imgtool's names, the area each belongs to and its fixed
 * payload length (-1 when variable). The one table for TLV names and rules.
 */
public enum TlvType {
    KEYHASH(0x01, "KEYHASH", Area.UNPROTECTED, -1),
    PUBKEY(0x02, "PUBKEY", Area.UNPROTECTED, -1),
    SHA256(0x10, "SHA256", Area.UNPROTECTED, 32),
    SHA384(0x11, "SHA384", Area.UNPROTECTED, 48),
    SHA512(0x12, "SHA512", Area.UNPROTECTED, 64),
    RSA2048_PSS(0x20, "RSA2048", Area.UNPROTECTED, 256),
    ECDSA224(0x21, "ECDSA224", Area.RETIRED, -1),
    ECDSA_SIG(0x22, "ECDSASIG", Area.UNPROTECTED, -1),
    RSA3072_PSS(0x23, "RSA3072", Area.UNPROTECTED, 384),
    ED25519(0x24, "ED25519", Area.UNPROTECTED, 64),
    SIG_PURE(0x25, "SIG_PURE", Area.UNSUPPORTED, 1),
    ENC_RSA2048(0x30, "ENCRSA2048", Area.UNSUPPORTED, -1),
    ENC_KW(0x31, "ENCKW", Area.UNSUPPORTED, -1),
    ENC_EC256(0x32, "ENCEC256", Area.UNSUPPORTED, -1),
    ENC_X25519(0x33, "ENCX25519", Area.UNSUPPORTED, -1),
    ENC_X25519_SHA512(0x34, "ENCX25519_SHA512", Area.UNSUPPORTED, -1),
    DEPENDENCY(0x40, "DEPENDENCY", Area.PROTECTED, 12),
    SEC_CNT(0x50, "SEC_CNT", Area.PROTECTED, 4),
    BOOT_RECORD(0x60, "BOOT_RECORD", Area.PROTECTED, -1),
    DECOMP_SIZE(0x70, "DECOMP_SIZE", Area.PROTECTED, 4),
    DECOMP_SHA(0x71, "DECOMP_SHA", Area.PROTECTED, -1),
    DECOMP_SIGNATURE(0x72, "DECOMP_SIGNATURE", Area.PROTECTED, -1),
    COMP_DEC_SIZE(0x73, "COMP_DEC_SIZE", Area.PROTECTED, 4),
    UUID_VID(0x74, "UUID_VID", Area.PROTECTED, 16),
    UUID_CID(0x75, "UUID_CID", Area.PROTECTED, 16);

    /** Where a type may appear in an image Citadel boots. */
    public enum Area {
        /** Covered by the hash; never accepted from the unprotected area. */
        PROTECTED,
        /** The unprotected area's allow list (MCUboot's {@code MCUBOOT_USE_TLV_ALLOW_LIST}). */
        UNPROTECTED,
        /** Belongs to features Citadel does not implement (encryption, pure signatures): refused. */
        UNSUPPORTED,
        /** No longer supported by MCUboot either. */
        RETIRED
    }

    private static final Map<Integer, TlvType> BY_CODE = new HashMap<>();

    static {
        for (TlvType t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final int code;
    private final String imgtoolName;
    private final Area area;
    private final int fixedLength;

    TlvType(int code, String imgtoolName, Area area, int fixedLength) {
        this.code = code;
        this.imgtoolName = imgtoolName;
        this.area = area;
        this.fixedLength = fixedLength;
    }

    public int code() {
        return code;
    }

    public String imgtoolName() {
        return imgtoolName;
    }

    public Area area() {
        return area;
    }

    /** The only valid payload length, or -1 if it varies. */
    public int fixedLength() {
        return fixedLength;
    }

    /** The type with this code, or null for a vendor or unknown type. */
    public static TlvType of(int code) {
        return BY_CODE.get(code);
    }

    /** imgtool's name of a code, {@code UNKNOWN} for others. */
    public static String nameOf(int code) {
        TlvType t = of(code);
        return t == null ? "UNKNOWN" : t.imgtoolName;
    }
}
