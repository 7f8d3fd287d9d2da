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
import dev.citadel.mqtt.Qos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The device's MQTT client with its key in the SPE against Debian's Mosquitto, started by the test on loopback with
 * {@code require_certificate true} and {@code use_identity_as_username true}: {@code mosquitto_sub}, with a client
 * certificate of its own, receives what the device publishes, and Mosquitto's log names the device by its certificate.
 * Needs {@code mosquitto} and {@code mosquitto_sub} (interop profile); fails when they are missing.
 */
@Tag("interop")
class MosquittoInteropTest {
    private static MqttDoors doors;
    private static MqttPki deviceCa;
    private static MqttPki brokerCa;
    @TempDir
    static Path dir;
    private static Mosquitto mosquitto;
    private static int port;
    private Process subscriber;

    @BeforeAll
    static void start() throws Exception {
        doors = new MqttDoors();
        deviceCa = new MqttPki("Device CA");
        brokerCa = new MqttPki("Broker CA");
        MqttPki.Identity broker = brokerCa.identity("CN=mosquitto", true);
        MqttPki.writePem(dir.resolve("device-ca.pem"), "CERTIFICATE", deviceCa.cert.getEncoded());
        MqttPki.writePem(dir.resolve("broker-ca.pem"), "CERTIFICATE", brokerCa.cert.getEncoded());
        MqttPki.writePem(dir.resolve("broker.pem"), "CERTIFICATE", broker.cert().getEncoded());
        MqttPki.writePem(dir.resolve("broker.key"), "PRIVATE KEY", broker.keys().getPrivate().getEncoded());
        mosquitto = new Mosquitto(dir, dir.resolve("device-ca.pem"), dir.resolve("broker.pem"),
                dir.resolve("broker.key"));
        port = mosquitto.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
        }
        doors.close();
        Security.removeProvider(CitadelProvider.NAME);
    }

    @AfterEach
    void stopSubscriber() throws Exception {
        if (subscriber != null && subscriber.isAlive()) {
            subscriber.destroy();
            subscriber.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static DeviceMqtt connect(CitadelPrivateKey key, X509Certificate cert, String clientId) throws Exception {
        DeviceTls tls = DeviceTls.citadel(key, List.of(cert), List.of(brokerCa.cert));
        return DeviceMqtt.connect(DeviceMqttOptions.builder("127.0.0.1", port, tls, clientId).build());
    }

    private static String name(Door door) {
        return door.name().toLowerCase().replace('_', '-');
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void mosquittoSubReceivesWhatTheDevicePublishesWithItsSpeKey(Door door) throws Exception {
        CitadelPrivateKey key = doors.deviceKey(door);
        String clientId = "device-" + name(door);
        X509Certificate cert = deviceCa.issue(key.publicKey(), "CN=" + clientId, false, false);
        MqttPki.Identity sub = deviceCa.identity("CN=observer-" + name(door), false);
        Path subCert = dir.resolve("observer-" + name(door) + ".pem");
        Path subKey = dir.resolve("observer-" + name(door) + ".key");
        MqttPki.writePem(subCert, "CERTIFICATE", sub.cert().getEncoded());
        MqttPki.writePem(subKey, "PRIVATE KEY", sub.keys().getPrivate().getEncoded());
        String topic = "devices/" + clientId + "/telemetry";
        subscriber = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--cafile", dir.resolve("broker-ca.pem").toString(), "--cert", subCert.toString(),
                "--key", subKey.toString(), "-i", "observer-" + name(door), "-t", "devices/+/telemetry",
                "-q", "1", "-C", "1", "-v")
                .redirectErrorStream(true).start();
        StringBuilder subOut = new StringBuilder();
        Thread reader = new Thread(() -> Mosquitto.copy(subscriber.getInputStream(), subOut));
        reader.start();
        // mosquitto_sub's own output is buffered until it exits; the broker's log shows the subscription.
        mosquitto.awaitLog("Sending SUBACK to observer-" + name(door));

        try (DeviceMqtt device = connect(key, cert, clientId)) {
            device.publish(topic, "21.5 C from the SPE's key".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE,
                    false);
            assertThat(subscriber.waitFor(10, TimeUnit.SECONDS)).as("mosquitto_sub ends after one message").isTrue();
        }
        reader.join(5_000);

        assertThat(subscriber.exitValue()).isZero();
        assertThat(Mosquitto.text(subOut)).contains(topic + " 21.5 C from the SPE's key");
        // use_identity_as_username: Mosquitto names the client by its certificate's CN.
        mosquitto.awaitLog("as " + clientId + " (");
        assertThat(mosquitto.log()).containsPattern("as " + clientId + " \\([^)]*u'" + clientId + "'\\)");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aDeviceCertificateFromAnotherCaIsRefused(Door door) throws Exception {
        CitadelPrivateKey key = doors.deviceKey(door);
        MqttPki otherCa = new MqttPki("Other CA");
        X509Certificate cert = otherCa.issue(key.publicKey(), "CN=impostor", false, false);

        assertThatThrownBy(() -> connect(key, cert, "impostor-" + name(door)))
                .isInstanceOf(MqttException.class)
                .hasMessageContaining("TLS handshake failed")
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(MqttException.Reason.TLS_REFUSED);
        assertThat(mosquitto.log()).doesNotContain("as impostor-" + name(door));
    }
}
