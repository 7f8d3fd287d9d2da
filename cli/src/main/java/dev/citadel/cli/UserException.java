package dev.citadel.cli;

/** A mistake or a failure the user can act on: reported in one line, without a stack trace. */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    UserException(String message) {
        this(message, Main.FAILED);
    }

    UserException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
