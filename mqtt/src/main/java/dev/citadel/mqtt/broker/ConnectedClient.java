package dev.citadel.mqtt.broker;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A client the broker accepted: its MQTT client identifier and the certificate it authenticated with in the TLS
 * handshake.
 *
 * @param clientId the identifier of its CONNECT (or the one the broker assigned to an empty one)
 * @param certificate the client's own certificate (the first of the chain it sent)
 * @param remote its address
 */
public record ConnectedClient(String clientId, X509Certificate certificate, InetSocketAddress remote) {
    public ConnectedClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(remote, "remote");
    }

    /** The subject of the client's certificate. */
    public X500Principal subject() {
        return certificate.getSubjectX500Principal();
    }

    @Override
    public String toString() {
        return clientId + " (" + subject().getName() + ") from " + remote;
    }
}
