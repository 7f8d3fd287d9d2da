package dev.citadel.itest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.CitadelJar;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel demo --broker}: the whole story against Debian's Mosquitto instead of the embedded broker. Mosquitto
 * requires client certificates from the CA the demo is given ({@code --ca-cert}, {@code --ca-key}); the device's
 * certificate is issued from the CSR it signed in its SPE, and the OTA jobs and streams travel through Mosquitto.
 * Mosquitto's log names the device by its certificate's CN. Needs {@code mosquitto} (interop profile).
 */
@Tag("interop")
@Timeout(300)
class DemoMosquittoInteropTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsItsWholeStoryThroughMosquitto() throws Exception {
        MqttPki deviceCa = new MqttPki("Fleet CA");
        MqttPki brokerCa = new MqttPki("Broker CA");
        MqttPki.Identity broker = brokerCa.identity("CN=mosquitto", true);
        MqttPki.writePem(dir.resolve("fleet-ca.pem"), "CERTIFICATE", deviceCa.cert.getEncoded());
        MqttPki.writePem(dir.resolve("fleet-ca.key"), "PRIVATE KEY", deviceCa.keys.getPrivate().getEncoded());
        MqttPki.writePem(dir.resolve("broker-ca.pem"), "CERTIFICATE", brokerCa.cert.getEncoded());
        MqttPki.writePem(dir.resolve("broker.pem"), "CERTIFICATE", broker.cert().getEncoded());
        MqttPki.writePem(dir.resolve("broker.key"), "PRIVATE KEY", broker.keys().getPrivate().getEncoded());
        try (Mosquitto mosquitto = new Mosquitto(dir, dir.resolve("fleet-ca.pem"), dir.resolve("broker.pem"),
                dir.resolve("broker.key"))) {
            CitadelJar.Run r = CitadelJar.run(240, "demo", "--broker", "127.0.0.1:" + mosquitto.port(),
                    "--broker-ca", dir.resolve("broker-ca.pem").toString(), "--ca-cert",
                    dir.resolve("fleet-ca.pem").toString(), "--ca-key", dir.resolve("fleet-ca.key").toString());

            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("broker: external, 127.0.0.1:" + mosquitto.port())
                    .contains("record of ota-ns-1.1.0: SUCCEEDED")
                    .contains("record of ota-ns-1.2.0: FAILED")
                    .containsPattern("\n10 of 10 chapters as expected in [0-9.]+ s");
            Matcher thing = Pattern.compile("connected to the broker 127\\.0\\.0\\.1:\\d+ as (citadel-demo-[0-9a-f]+)")
                    .matcher(r.out());
            assertThat(thing.find()).as(r.out()).isTrue();
            // use_identity_as_username: Mosquitto names the device by the CN of the certificate the demo issued.
            assertThat(mosquitto.log()).containsPattern("as " + thing.group(1) + " \\([^)]*u'" + thing.group(1)
                    + "'\\)");
        }
    }
}
