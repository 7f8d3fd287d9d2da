package dev.citadel.boot.image;

/** An image whose structure is invalid, with the reason a verifier reports. */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal reason;

    public ImageFormatException(Refusal reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Refusal reason() {
        return reason;
    }
}
