package dev.citadel.mqtt.broker;

import java.security.cert.X509Certificate;

/** Decides whether an authenticated client may connect with a client identifier. */
@FunctionalInterface
public interface ConnectPolicy {
    /** Every client whose certificate the TLS handshake accepted. */
    ConnectPolicy ACCEPT_ALL = (clientId, certificate) -> true;

    /**
     * Whether the client that authenticated with {@code certificate} may connect as {@code clientId}; a refused client
     * gets CONNACK "not authorized" (5).
     */
    boolean accepts(String clientId, X509Certificate certificate);
}
