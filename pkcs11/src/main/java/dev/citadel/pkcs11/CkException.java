package dev.citadel.pkcs11;

/**
 * A Cryptoki function's failure: the {@code CK_RV} it returns. For {@link Ckr#BUFFER_TOO_SMALL} it also carries the
 * length the caller needs, as C's {@code *pulLen} does; the operation stays active, as Cryptoki's length-query
 * convention requires.
 */
public final class CkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long rv;
    private final long requiredLength;

    public CkException(long rv, String detail) {
        super(Ckr.name(rv) + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        if (rv == Ckr.OK) {
            throw new IllegalArgumentException("CKR_OK is not a failure");
        }
        this.rv = rv;
        this.requiredLength = -1;
    }

    public CkException(long rv) {
        this(rv, null);
    }

    private CkException(long needed, boolean tooSmall) {
        super(Ckr.name(Ckr.BUFFER_TOO_SMALL) + ": " + needed + " bytes needed");
        this.rv = Ckr.BUFFER_TOO_SMALL;
        this.requiredLength = needed;
    }

    /** {@code CKR_BUFFER_TOO_SMALL}, with the length the output needs. */
    public static CkException bufferTooSmall(long needed) {
        return new CkException(needed, true);
    }

    /** The {@code CK_RV}. */
    public long rv() {
        return rv;
    }

    /** For {@code CKR_BUFFER_TOO_SMALL}, the length needed; otherwise -1. */
    public long requiredLength() {
        return requiredLength;
    }
}
