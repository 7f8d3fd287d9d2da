package dev.citadel.boot.image;

/** Input that cannot become an image with the given options: not zero-led, too large for its slot. */
public final class ImageSignException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageSignException(String message) {
        super(message, null, false, false);
    }
}
