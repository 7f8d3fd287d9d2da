package dev.citadel.pkcs11.rpc;

/**
 * A frame or message that breaks p11-kit's RPC rules (bad lengths, a signature that differs from the call table,
 * truncated or trailing bytes). The server closes the offending connection, as p11-kit's own server does.
 */
public class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message, null, false, false);
    }
}
