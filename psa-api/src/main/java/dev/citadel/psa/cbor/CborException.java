package dev.citadel.psa.cbor;

/** Input that is not well-formed CBOR, or not the item a reader was asked for; the message says what and where. */
public final class CborException extends Exception {
    private static final long serialVersionUID = 1L;

    public CborException(String message) {
        super(message);
    }
}
