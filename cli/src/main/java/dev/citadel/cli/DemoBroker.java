package dev.citadel.cli;

import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.ConnectedClient;
import dev.citadel.mqtt.broker.MqttBroker;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The MQTT broker of the demo: the embedded mutual-TLS broker on loopback (its certificate from the demo's CA, client
 * certificates required from the same CA), or an external one the user names ({@code --broker}), which must require
 * client certificates from the CA given with {@code --ca-cert}.
 */
final class DemoBroker implements AutoCloseable {
    /** An external broker: where it listens, the anchors for its certificate, the CA it trusts for clients. */
    record External(String host, int port, List<X509Certificate> anchors, DemoPki pki) {}

    private final String host;
    private final int port;
    private final List<X509Certificate> anchors;
    private final MqttBroker embedded;

    private DemoBroker(String host, int port, List<X509Certificate> anchors, MqttBroker embedded) {
        this.host = host;
        this.port = port;
        this.anchors = List.copyOf(anchors);
        this.embedded = embedded;
    }

    static DemoBroker embedded(DemoPki.Identity server, X509Certificate ca)
            throws GeneralSecurityException, IOException {
        MqttBroker b = MqttBroker.start(BrokerConfig.builder().identity(server.key(), List.of(server.cert()))
                .clientTrustAnchors(List.of(ca)).build());
        return new DemoBroker("127.0.0.1", b.port(), List.of(ca), b);
    }

    static DemoBroker external(External e) {
        return new DemoBroker(e.host(), e.port(), e.anchors(), null);
    }

    List<X509Certificate> anchors() {
        return anchors;
    }

    String name() {
        return (embedded != null ? "the embedded broker " : "the broker ") + host + ":" + port;
    }

    String describe() {
        return embedded != null
                ? "embedded, mutual TLS on " + host + ":" + port + " (its certificate and the client certificates it"
                        + " accepts come from the factory CA)"
                : "external, " + host + ":" + port + " (--broker); the device's certificate comes from --ca-cert";
    }

    DeviceMqtt connect(DeviceTls tls, String clientId) throws MqttException {
        return DeviceMqtt.connect(DeviceMqttOptions.builder(host, port, tls, clientId).build());
    }

    /** The certificate subject the embedded broker authenticated {@code clientId} with (an external one: unknown). */
    Optional<String> clientSubject(String clientId) {
        if (embedded == null) {
            return Optional.empty();
        }
        return embedded.connectedClients().stream().filter(c -> c.clientId().equals(clientId))
                .map(ConnectedClient::certificate).map(c -> c.getSubjectX500Principal().getName()).findFirst();
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
