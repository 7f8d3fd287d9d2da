package dev.citadel.ota;

/** A stream message (GetStream request or data block) that is not well formed; the message says why. */
public final class StreamFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public StreamFormatException(String message) {
        super(message);
    }
}
