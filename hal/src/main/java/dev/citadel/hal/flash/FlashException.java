package dev.citadel.hal.flash;

/**
 * A flash operation was refused or failed. Refusals (NOR rule broken, misaligned or out-of-range access) leave the
 * medium as it was; I/O failures say nothing about what reached the medium.
 */
public class FlashException extends Exception {
    private static final long serialVersionUID = 1L;

    public FlashException(String message) {
        super(message);
    }

    public FlashException(String message, Throwable cause) {
        super(message, cause);
    }
}
