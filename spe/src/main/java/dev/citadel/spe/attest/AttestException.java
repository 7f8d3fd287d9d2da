package dev.citadel.spe.attest;

import dev.citadel.psa.PsaStatus;

/** A token that cannot be made, with the PSA status the caller gets (TF-M's {@code error_mapping_to_psa_status_t}). */
final class AttestException extends Exception {
    private final PsaStatus status;

    AttestException(PsaStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    PsaStatus status() {
        return status;
    }
}
