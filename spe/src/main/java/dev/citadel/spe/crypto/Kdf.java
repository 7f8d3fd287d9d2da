package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.KeyDerivationStep;

/**
 * The state machine of one key-derivation algorithm ({@code ctx} of Mbed TLS's {@code psa_key_derivation_operation_t}):
 * which inputs it accepts in which order, and its output stream. The capacity, the key-type check of each step and the
 * abort-on-error rule are the operation's ({@link KeyDerivationService}); a {@code Kdf} sees only accepted inputs.
 */
interface Kdf {
    int SUCCESS = PsaStatus.SUCCESS.value();
    int BAD_STATE = PsaStatus.BAD_STATE.value();
    int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    int CORRUPTION_DETECTED = PsaStatus.CORRUPTION_DETECTED.value();

    /** A byte-string input for {@code step}; the caller keeps (and zeroes) {@code data}. */
    int input(KeyDerivationStep step, byte[] data);

    /** An integer input ({@code psa_key_derivation_input_integer}); only key stretching takes one. */
    default int inputInteger(KeyDerivationStep step, long value) {
        return INVALID_ARGUMENT;
    }

    /**
     * The next {@code out.length} bytes of output. The operation has already checked and charged the capacity.
     *
     * @return {@code BAD_STATE} if the inputs the algorithm needs are not all in
     */
    int read(byte[] out);

    /** Zeroes every secret held. */
    void wipe();
}
