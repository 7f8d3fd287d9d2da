package dev.citadel.hal.otp;

/** The fields of the device's one-time-programmable memory, with their sizes in bytes. */
public enum OtpField {
    /** Hardware unique key: the root of every key the SPE derives. */
    HUK(32),
    /**
     * Initial attestation key, {@link #IAK_LEN} bytes of it used (the rest zero): an ECC private scalar (big-endian)
     * or a symmetric key, as {@link #IAK_TYPE} says. Programmed with its type and length by {@link Otp#programIak}.
     */
    IAK(48),
    /** The IAK's length in bytes, u32 little-endian (TF-M's {@code PLAT_OTP_ID_IAK_LEN}). */
    IAK_LEN(4),
    /** The IAK's type, u32 little-endian (TF-M's {@code PLAT_OTP_ID_IAK_TYPE}); see {@link IakType}. */
    IAK_TYPE(4),
    /** SHA-256 of the root-of-trust public keys that BL2 accepts, one slot per image signing key. */
    ROTPK_0(32),
    ROTPK_1(32),
    ROTPK_2(32),
    ROTPK_3(32),
    /** The attestation token's implementation ID. */
    IMPLEMENTATION_ID(32),
    /** The PSA security lifecycle state, u32 little-endian; see {@link Otp#lifecycle()}. */
    LIFECYCLE(4);

    private final int size;

    OtpField(int size) {
        this.size = size;
    }

    /** Bytes the field holds. */
    public int size() {
        return size;
    }
}
