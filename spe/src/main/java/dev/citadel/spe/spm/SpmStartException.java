package dev.citadel.spe.spm;

/** A partition's {@code entry_init} failed; the SPE does not start. */
public final class SpmStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpmStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
