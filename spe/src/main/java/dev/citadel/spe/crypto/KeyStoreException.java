package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;

/**
 * A key could not be reached for a reason other than its absence: its stored file is unreadable or corrupt, or a
 * built-in key's policy gives the caller nothing. Carries the PSA status the call answers with.
 */
public final class KeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public KeyStoreException(PsaStatus status, String message) {
        super(message);
        this.status = status.value();
    }

    public int status() {
        return status;
    }
}
