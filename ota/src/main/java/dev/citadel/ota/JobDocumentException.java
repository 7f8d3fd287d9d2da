package dev.citadel.ota;

/** A job document the agent cannot use: the message names the field and what is wrong with it. */
public final class JobDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public JobDocumentException(String message) {
        super(message);
    }
}
