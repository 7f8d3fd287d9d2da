package dev.citadel.boot.launch;

/** Code that cannot be launched: a bad manifest, a jar that differs from it, a garbled launch stream. One line. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
