package dev.citadel.psa.ipc;

/** A frame broke the wire protocol; the connection cannot continue. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean replyPossible;

    public ProtocolException(int status, boolean replyPossible, String message) {
        super(message, null, false, false);
        this.status = status;
        this.replyPossible = replyPossible;
    }

    /** The status to send in a protocol-error reply. */
    public int status() {
        return status;
    }

    /** False when the peer does not speak the protocol at all (bad magic): close without a reply. */
    public boolean replyPossible() {
        return replyPossible;
    }
}
