package dev.citadel.hal.otp;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The kinds of initial attestation key the OTP can hold, with what TF-M's OTP records for each
 * ({@code PLAT_OTP_ID_IAK_TYPE} and {@code PLAT_OTP_ID_IAK_LEN}, read by {@code tfm_plat_get_iak}): for an ECC key
 * the {@code psa_ecc_family_t} (secp-r1, {@code 0x12}) and the scalar's length; for the symmetric IAK of
 * {@code SYMMETRIC_INITIAL_ATTESTATION} the {@code psa_algorithm_t} ({@code PSA_ALG_HMAC(PSA_ALG_SHA_256)}) and the
 * key's length.
 */
public enum IakType {
    /** An ECC P-256 private scalar, 32 bytes big-endian: ES256 tokens. */
    ECC_P256(0x12, 32, new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)),
    /** An ECC P-384 private scalar, 48 bytes big-endian: ES384 tokens. */
    ECC_P384(0x12, 48, new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
            + "581A0DB248B0A77AECEC196ACCC52973", 16)),
    /** A 32-byte HMAC-SHA-256 key: COSE_Mac0 tokens. */
    HMAC_SHA256(0x03800009, 32, null);

    private final int otpType;
    private final int length;
    private final BigInteger order;

    IakType(int otpType, int length, BigInteger order) {
        this.otpType = otpType;
        this.length = length;
        this.order = order;
    }

    /** The value of the OTP's IAK type field: TF-M's ECC family or MAC algorithm. */
    public int otpType() {
        return otpType;
    }

    /** The key's length in bytes, the OTP's IAK length field. */
    public int length() {
        return length;
    }

    /** Whether the key is symmetric (a MAC key) rather than an ECC private scalar. */
    public boolean symmetric() {
        return order == null;
    }

    /** Whether {@code key} is a valid key of this type: the right length and, for ECC, a scalar in 1..n-1. */
    public boolean accepts(byte[] key) {
        if (key == null || key.length != length) {
            return false;
        }
        if (order == null) {
            return true;
        }
        BigInteger s = new BigInteger(1, key);
        return s.signum() > 0 && s.compareTo(order) < 0;
    }

    /** The type the OTP's type and length fields name, or empty for a pair no type has. */
    public static Optional<IakType> of(int otpType, int length) {
        for (IakType t : values()) {
            if (t.otpType == otpType && t.length == length) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
