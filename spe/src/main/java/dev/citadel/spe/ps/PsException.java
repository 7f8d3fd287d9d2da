package dev.citadel.spe.ps;

import dev.citadel.psa.PsaStatus;

/** A Protected Storage operation failed with a PSA status. */
final class PsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final PsaStatus status;

    PsException(PsaStatus status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    PsaStatus status() {
        return status;
    }
}
