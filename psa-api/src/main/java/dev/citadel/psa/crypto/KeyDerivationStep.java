package dev.citadel.psa.crypto;

import java.util.Optional;

/**
 * {@code psa_key_derivation_step_t}: which input of a key derivation a call supplies. The spec leaves the values to
 * the implementation; these are Mbed TLS's (and so TF-M's), carried as the u16 {@code step} of {@link PackIovec}.
 */
public enum KeyDerivationStep {
    /** {@code PSA_KEY_DERIVATION_INPUT_SECRET}: the secret key (HKDF IKM, TLS PRF secret, PSK). */
    SECRET(0x0101),
    /** {@code PSA_KEY_DERIVATION_INPUT_PASSWORD}: a low-entropy secret for key stretching (PBKDF2). */
    PASSWORD(0x0102),
    /** {@code PSA_KEY_DERIVATION_INPUT_OTHER_SECRET}: the other secret of TLS 1.2 PSK-to-MS (RFC 4279, RFC 5489). */
    OTHER_SECRET(0x0103),
    /** {@code PSA_KEY_DERIVATION_INPUT_LABEL}: the TLS 1.2 PRF label. */
    LABEL(0x0201),
    /** {@code PSA_KEY_DERIVATION_INPUT_SALT}: HKDF and PBKDF2 salt. */
    SALT(0x0202),
    /** {@code PSA_KEY_DERIVATION_INPUT_INFO}: HKDF info. */
    INFO(0x0203),
    /** {@code PSA_KEY_DERIVATION_INPUT_SEED}: the TLS 1.2 PRF seed. */
    SEED(0x0204),
    /** {@code PSA_KEY_DERIVATION_INPUT_COST}: the PBKDF2 iteration count, given with {@code input_integer}. */
    COST(0x0205);

    private final int value;

    KeyDerivationStep(int value) {
        this.value = value;
    }

    /** The u16 wire value. */
    public int value() {
        return value;
    }

    /** The step a wire value names, if it is one of these. */
    public static Optional<KeyDerivationStep> fromValue(int value) {
        for (KeyDerivationStep s : values()) {
            if (s.value == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
