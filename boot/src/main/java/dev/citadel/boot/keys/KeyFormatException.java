package dev.citadel.boot.keys;

/** A key file or key bytes that cannot be used: bad PEM, wrong password, unsupported algorithm or size. */
public final class KeyFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message, null, false, false);
    }
}
