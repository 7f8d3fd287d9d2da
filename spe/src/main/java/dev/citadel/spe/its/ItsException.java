package dev.citadel.spe.its;

import dev.citadel.psa.PsaStatus;

/** An ITS operation failed with a PSA status. */
public final class ItsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final PsaStatus status;

    /** A failure with {@code status}, explained by {@code message}. */
    public ItsException(PsaStatus status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    /** A failure with {@code status}, caused by {@code cause}. */
    public ItsException(PsaStatus status, String message, Throwable cause) {
        super(status + ": " + message, cause);
        this.status = status;
    }

    /** The status for the caller. */
    public PsaStatus status() {
        return status;
    }
}
