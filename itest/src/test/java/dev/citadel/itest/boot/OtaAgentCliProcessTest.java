package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.CitadelJar;
import dev.citadel.itest.mqtt.MqttPki;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.MqttBroker;
import dev.citadel.ota.JobStatus;
import dev.citadel.ota.StatusUpdate;
import dev.citadel.ota.server.JobOffer;
import dev.citadel.ota.server.OtaServer;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel ota agent} beside {@code citadel boot --stay}, both as processes, as a user runs them: the device is
 * provisioned through {@code citadel provision} (device key in the SPE, certificate from a fleet CA, code-verify key);
 * an OTA service publishes a job on a mutual-TLS broker; the agent downloads and writes the NS image 1.1.0 through PSA
 * FWU and requests the reboot; {@code citadel boot} reboots, BL2 test-swaps, the NS application accepts itself; the
 * agent reconnects to the new SPE, reports SUCCEEDED and ({@code --once}) exits 0. Then a job whose file does not
 * match its signature: the agent refuses it and exits 1, and the device keeps 1.1.0.
 */
@Timeout(300)
class OtaAgentCliProcessTest {
    private static final String PIN = "4321";

    @TempDir
    Path dir;

    @Test
    void theAgentUpdatesTheDeviceThatCitadelBootRunsAndReportsTheJob() throws Exception {
        Path root = Path.of(System.getProperty("citadel.root", ".."));
        Path speLib = root.resolve("cli/target/spe-lib");
        Path nsJar = root.resolve("cli/target/ns-app/nsapp.jar");
        Path key0 = file("key0.pem");
        Path key1 = file("key1.pem");
        Path codeKey = file("code-signing.pem");
        Citadel.ok("image", "keygen", "-k", key0.toString(), "-t", "ecdsa-p256");
        Citadel.ok("image", "keygen", "-k", key1.toString(), "-t", "ecdsa-p256");
        Citadel.ok("image", "keygen", "-k", codeKey.toString(), "-t", "ecdsa-p256");
        Citadel.ok("image", "getpub", "-k", codeKey.toString(), "-e", "pem", "-o", file("code-verify.pem").toString());
        Citadel.ok("image", "spe-manifest", "--lib", speLib.toString(), "-o", file("manifest.bin").toString());
        Path device = file("device");
        Citadel.ok("device", "init", device.toString(), "--rotpk0", key0.toString(), "--rotpk1", key1.toString());
        Citadel.ok("device", "flash", device.toString(), "--image", "0",
                sign(key0, "SPE", 0x20000, "1.0.0", file("manifest.bin"), "spe.bin").toString());
        Citadel.ok("device", "flash", device.toString(), "--image", "1",
                sign(key1, "NSPE", 0x90000, "1.0.0", nsJar, "ns-1.0.0.bin").toString());
        byte[] v2 = Files.readAllBytes(sign(key1, "NSPE", 0x90000, "1.1.0", nsJar, "ns-1.1.0.bin"));
        byte[] v3 = Files.readAllBytes(sign(key1, "NSPE", 0x90000, "1.2.0", nsJar, "ns-1.2.0.bin"));

        MqttPki fleetCa = new MqttPki("Fleet CA");
        MqttPki brokerCa = new MqttPki("Broker CA");
        MqttPki.writePem(file("broker-ca.pem"), "CERTIFICATE", brokerCa.cert.getEncoded());
        MqttPki.Identity brokerId = brokerCa.identity("CN=broker", true);
        try (CitadelJar.Running boot = CitadelJar.start("boot", device.toString(), "--stay");
                MqttBroker broker = MqttBroker.start(BrokerConfig.builder()
                        .identity(brokerId.keys().getPrivate(), brokerId.chain())
                        .clientTrustAnchors(List.of(fleetCa.cert)).build())) {
            boot.awaitOutput("the SPE serves on", 60);
            String sock = device.resolve("spe.sock").toString();
            Citadel.ok("provision", "device", "--spe", sock, "--so-pin", "so-pin", "--pin", PIN, "--subject",
                    "CN=gateway-7", "--csr", file("device.csr").toString());
            MqttPki.writePem(file("device.pem"), "CERTIFICATE",
                    fleetCa.issue(csrKey(file("device.csr")), "CN=gateway-7", false, false).getEncoded());
            Citadel.ok("provision", "device", "--spe", sock, "--pin", PIN, "--cert", file("device.pem").toString());
            Citadel.ok("provision", "code-verify-key", "--spe", sock, "--pin", PIN, "--key",
                    file("code-verify.pem").toString());

            DeviceTls serviceTls = DeviceTls.of(fleetCa.identity("CN=ota-service", false).keyManager(),
                    List.of(brokerCa.cert));
            try (OtaServer ota = OtaServer.start(DeviceMqtt.connect(DeviceMqttOptions.builder("127.0.0.1",
                    broker.port(), serviceTls, "ota-service").build()), "gateway-7")) {
                PrivateKey signing = privateKey(codeKey);
                ota.publish(JobOffer.mqtt("job-1.1.0", "non_secure image", v2, sign(signing, v2), 4096));

                CitadelJar.Run agent = CitadelJar.run(120, "ota", "agent", "--spe", sock, "--pin", PIN,
                        "--broker", "127.0.0.1:" + broker.port(), "--broker-ca", file("broker-ca.pem").toString(),
                        "--once");

                assertThat(agent.code()).as(agent.toString()).isZero();
                assertThat(agent.out()).contains("[ota] connected to 127.0.0.1:" + broker.port() + " as gateway-7")
                        .contains("[ota] REBOOT_REQUESTED (job job-1.1.0): installed 1.1.0+0; reboot requested")
                        .contains("[ota] SUCCEEDED (job job-1.1.0): running 1.1.0+0");
                Optional<StatusUpdate> last = ota.awaitFinal("job-1.1.0", Duration.ofSeconds(10));
                assertThat(last).map(StatusUpdate::status).contains(JobStatus.SUCCEEDED);
                boot.awaitOutput("the SPE serves on", 10);
                assertThat(boot.out()).contains("[boot] reset requested by the FWU partition (271,"
                        + " psa_fwu_request_reboot); rebooting (1)")
                        .contains("[bl2] image 1: swap type TEST")
                        .contains("citadel-ns: running image 1 version 1.1.0+0 (FWU: image 0 READY, image 1 TRIAL)")
                        .contains("citadel-ns: psa_fwu_accept: PSA_SUCCESS (0)");

                byte[] tampered = v3.clone();
                tampered[0x400 + 64] ^= 0x10;
                ota.publish(JobOffer.mqtt("job-tampered", "non_secure image", tampered, sign(signing, v3), 4096));
                CitadelJar.Run refused = CitadelJar.run(120, "ota", "agent", "--spe", sock, "--pin", PIN,
                        "--broker", "127.0.0.1:" + broker.port(), "--broker-ca", file("broker-ca.pem").toString(),
                        "--once");
                assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
                assertThat(refused.out()).contains("[ota] REFUSED (job job-tampered)")
                        .contains("PSA_ERROR_INVALID_SIGNATURE").doesNotContain("REBOOT_REQUESTED");
                assertThat(boot.out()).doesNotContain("rebooting (2)");
            }
        }
    }

    @Test
    void withoutARunningSpeTheAgentSaysSoInOneLine() throws Exception {
        Path ca = file("ca.pem");
        MqttPki.writePem(ca, "CERTIFICATE", new MqttPki("Any CA").cert.getEncoded());
        CitadelJar.Run r = CitadelJar.run(60, "ota", "agent", "--spe", file("none.sock").toString(), "--pin", PIN,
                "--broker", "127.0.0.1:1", "--broker-ca", ca.toString(), "--spe-wait", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("citadel: no SPE at").contains("is 'citadel boot DIR --stay' running?")
                .doesNotContain("Exception");
        assertThat(CitadelJar.run(60, "ota", "agent", "--spe", "x", "--pin", PIN, "--broker", "nohost",
                "--broker-ca", ca.toString()).out()).contains("--broker must be HOST:PORT");
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private Path sign(Path key, String type, int slot, String version, Path payload, String out) {
        Citadel.ok("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", version, "-s",
                version.equals("1.0.0") ? "1" : "2", "--boot-record", type, "-H", "0x400", "--pad-header", "-S",
                "0x" + Integer.toHexString(slot), "--align", "16", "--max-sectors", "144", payload.toString(),
                file(out).toString());
        return file(out);
    }

    private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static PublicKey csrKey(Path csr) throws Exception {
        try (Reader r = Files.newBufferedReader(csr, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPublicKey(((PKCS10CertificationRequest) p.readObject())
                    .getSubjectPublicKeyInfo());
        }
    }

    /** The code-signing key as {@code citadel image keygen} wrote it (PKCS#8 PEM). */
    private static PrivateKey privateKey(Path pem) throws Exception {
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }
}
