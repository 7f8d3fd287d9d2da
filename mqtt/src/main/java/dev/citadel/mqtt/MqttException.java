package dev.citadel.mqtt;

/** A device's MQTT operation failed; {@link #reason()} says how. */
public final class MqttException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The TLS handshake failed: the broker rejected the device's certificate, or the device the broker's. */
        TLS_REFUSED,
        /** The broker answered CONNECT with a refusal (CONNACK return code other than 0). */
        CONNECT_REFUSED,
        /** No broker listens at the address, or it cannot be reached. */
        UNREACHABLE,
        /** The broker did not answer in time. */
        TIMEOUT,
        /** The broker refused a subscription (SUBACK failure). */
        SUBSCRIBE_REFUSED,
        /** The connection is closed or was lost. */
        NOT_CONNECTED,
        /** Anything else the client library reported. */
        FAILED
    }

    private final Reason reason;

    public MqttException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
