package dev.citadel.itest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.MqttMessage;
import dev.citadel.mqtt.Qos;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.ConnectedClient;
import dev.citadel.mqtt.broker.MqttBroker;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The device's MQTT client with its key in the SPE (both doors) against the embedded broker over mutual TLS: the
 * TLS client signature is made by the Crypto partition, and the broker sees the device's certificate.
 */
class DeviceMqttTest {
    private static final String LOOPBACK = "127.0.0.1";
    private static MqttDoors doors;
    private static MqttPki deviceCa;
    private static MqttPki brokerCa;
    private static MqttBroker broker;

    @BeforeAll
    static void start() throws Exception {
        doors = new MqttDoors();
        deviceCa = new MqttPki("Device CA");
        brokerCa = new MqttPki("Broker CA");
        MqttPki.Identity id = brokerCa.identity("CN=broker", true);
        broker = MqttBroker.start(BrokerConfig.builder()
                .identity(id.keys().getPrivate(), id.chain())
                .clientTrustAnchors(List.of(deviceCa.cert))
                .build());
    }

    @AfterAll
    static void stop() {
        broker.close();
        doors.close();
        Security.removeProvider(CitadelProvider.NAME);
    }

    private static DeviceMqtt connect(CitadelPrivateKey key, X509Certificate cert, String clientId) throws Exception {
        DeviceTls tls = DeviceTls.citadel(key, List.of(cert), List.of(brokerCa.cert));
        return DeviceMqtt.connect(DeviceMqttOptions.builder(LOOPBACK, broker.port(), tls, clientId).build());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MqttMessage next(BlockingQueue<MqttMessage> q) throws InterruptedException {
        MqttMessage m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message arrived").isNotNull();
        return m;
    }

    private static String name(Door door) {
        return door.name().toLowerCase().replace('_', '-');
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theDevicePublishesAndSubscribesWithItsSpeKeyAndTheBrokerSeesItsCertificate(Door door) throws Exception {
        CitadelPrivateKey key = doors.deviceKey(door);
        String clientId = "device-" + name(door);
        X509Certificate cert = deviceCa.issue(key.publicKey(), "CN=" + clientId + ",O=Citadel", false, false);
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();

        try (DeviceMqtt device = connect(key, cert, clientId)) {
            ConnectedClient seen = broker.connectedClients().stream()
                    .filter(c -> c.clientId().equals(clientId)).findFirst().orElseThrow();
            assertThat(seen.certificate()).isEqualTo(cert);
            assertThat(seen.subject()).isEqualTo(cert.getSubjectX500Principal());
            assertThat(seen.subject().getName()).contains("CN=" + clientId).contains("O=Citadel");

            device.subscribe("cmd/" + clientId + "/#", Qos.AT_LEAST_ONCE, got::add);
            device.publish("cmd/" + clientId + "/zero", utf8("qos 0"), Qos.AT_MOST_ONCE, false);
            device.publish("cmd/" + clientId + "/one", utf8("qos 1"), Qos.AT_LEAST_ONCE, false);

            assertThat(next(got)).isEqualTo(new MqttMessage("cmd/" + clientId + "/zero", utf8("qos 0"),
                    Qos.AT_MOST_ONCE, false));
            assertThat(next(got)).isEqualTo(new MqttMessage("cmd/" + clientId + "/one", utf8("qos 1"),
                    Qos.AT_LEAST_ONCE, false));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aRetainedJobDocumentReachesTheDeviceThroughAWildcard(Door door) throws Exception {
        CitadelPrivateKey key = doors.deviceKey(door);
        String clientId = "job-" + name(door);
        X509Certificate cert = deviceCa.issue(key.publicKey(), "CN=" + clientId, false, false);
        MqttPki.Identity operator = deviceCa.identity("CN=operator", false);
        DeviceTls operatorTls = DeviceTls.of(jdkKeyManager(operator), List.of(brokerCa.cert));
        try (DeviceMqtt ops = DeviceMqtt.connect(
                DeviceMqttOptions.builder(LOOPBACK, broker.port(), operatorTls, "operator-" + name(door)).build())) {
            ops.publish("jobs/" + clientId + "/next", utf8("{\"update\":\"1.2.0\"}"), Qos.AT_LEAST_ONCE, true);
        }
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();

        try (DeviceMqtt device = connect(key, cert, clientId)) {
            device.subscribe("jobs/" + clientId + "/+", Qos.AT_LEAST_ONCE, got::add);

            MqttMessage job = next(got);
            assertThat(job.retained()).isTrue();
            assertThat(job.topic()).isEqualTo("jobs/" + clientId + "/next");
            assertThat(job.text()).isEqualTo("{\"update\":\"1.2.0\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aCertificateFromACaTheBrokerDoesNotTrustIsRefusedWithAClearError(Door door) throws Exception {
        CitadelPrivateKey key = doors.deviceKey(door);
        MqttPki otherCa = new MqttPki("Other CA");
        X509Certificate cert = otherCa.issue(key.publicKey(), "CN=stranger", false, false);

        assertThatThrownBy(() -> connect(key, cert, "stranger-" + name(door)))
                .isInstanceOf(MqttException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("rejected the device certificate")
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(MqttException.Reason.TLS_REFUSED);
        assertThat(broker.connectedClients()).noneMatch(c -> c.clientId().startsWith("stranger"));
    }

    static javax.net.ssl.X509KeyManager jdkKeyManager(MqttPki.Identity id) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("id", id.keys().getPrivate(), new char[0], new X509Certificate[] {id.cert()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        return (javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0];
    }
}
