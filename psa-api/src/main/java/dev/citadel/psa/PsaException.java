package dev.citadel.psa;

import java.security.GeneralSecurityException;

/** A PSA API call failed with a {@code psa_status_t} other than success. */
public class PsaException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public PsaException(int status) {
        this(status, PsaStatus.describe(status));
    }

    public PsaException(int status, String message) {
        super(message);
        this.status = status;
    }

    public PsaException(PsaStatus status, String message) {
        this(status.value(), message);
    }

    /** The raw {@code psa_status_t}. */
    public int status() {
        return status;
    }

    /** The status as a defined {@link PsaStatus}, or {@code null} for a service-specific value. */
    public PsaStatus psaStatus() {
        return PsaStatus.fromValue(status);
    }

    /** Throws a {@code PsaException} when {@code status} is negative; returns it otherwise. */
    public static int check(int status) throws PsaException {
        if (status < 0) {
            throw new PsaException(status);
        }
        return status;
    }
}
