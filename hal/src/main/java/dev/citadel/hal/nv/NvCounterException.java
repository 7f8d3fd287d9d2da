package dev.citadel.hal.nv;

/** A counter change was refused (it would go down or overflow), or the counter store is corrupt. */
public final class NvCounterException extends Exception {
    private static final long serialVersionUID = 1L;

    public NvCounterException(String message) {
        super(message);
    }
}
