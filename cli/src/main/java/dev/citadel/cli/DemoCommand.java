package dev.citadel.cli;

import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.MqttMessage;
import dev.citadel.mqtt.Qos;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.ota.JobStatus;
import dev.citadel.ota.OtaAgent;
import dev.citadel.ota.OtaConfig;
import dev.citadel.ota.OtaOutcome;
import dev.citadel.ota.OtaStats;
import dev.citadel.ota.StatusUpdate;
import dev.citadel.ota.server.JobOffer;
import dev.citadel.ota.server.OtaServer;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citadel demo}: the whole story of a device, on a fresh one in a temporary directory, in chapters: the
 * factory, secure boot, the PSA services, provisioning through PKCS#11, mutual-TLS MQTT, attestation, and three OTA
 * updates (accepted, tampered and refused, failing its self-test and reverted), then a last power cycle. Each chapter
 * checks that the device did what the story says; the summary lists them, and the exit status is 0 only when all
 * ended as expected.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Show the whole life of a device, on a fresh one in a temporary directory, in ten chapters:",
            " 1. the factory signs the SPE and the NS application (MCUboot images), creates the device, flashes it;",
            " 2. secure boot: BL2 verifies both images, the SPE and the NS application start from verified bytes;",
            " 3. the PSA services through the SPE's socket (keys stay inside, ITS, PS);",
            " 4. provisioning through the PKCS#11 token over PSA: a device key made in the SPE, its CSR, the",
            "    certificate from the factory CA, the root CA and the OTA code-verify key;",
            " 5. a mutual-TLS MQTT connection with the key in the SPE (an embedded broker, or --broker);",
            " 6. an attestation token over a fresh nonce, verified as a relying party does;",
            " 7. an OTA update to 1.1.0 over MQTT streams: written through PSA FWU, verified, test-booted, self-tested",
            "    and accepted;",
            " 8. an OTA of a tampered image: refused, the running image untouched;",
            " 9. an OTA to 1.2.0 whose self-test fails: rejected, and BL2 reverts to 1.1.0;",
            "10. a last power cycle: what the device keeps.",
            "Ends with a summary; exit status 0 when every chapter ended as expected."
        })
final class DemoCommand implements Runnable {
    private static final int CHAPTERS = 10;
    private static final String SO_PIN = "demo-so-pin";
    private static final String USER_PIN = "demo-user-pin";
    private static final String NS_FILE = "non_secure image";
    private static final Duration JOB_WAIT = Duration.ofSeconds(15);

    @Option(names = "--keep", description = "Keep the device directory (and the keys, images, certificates).")
    boolean keep;

    @Option(names = "--broker", paramLabel = "HOST:PORT",
            description = "Use this MQTT broker (TLS, client certificates required) instead of the embedded one;"
                    + " needs --broker-ca, --ca-cert and --ca-key.")
    String broker;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "The CA certificate the broker's chains to.")
    Path brokerCa;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "The CA the broker trusts for client certificates: it issues the device's certificate.")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "FILE", description = "That CA's private key (PEM).")
    Path caKey;

    /** Where the demo's output goes (tests capture it). */
    private final PrintStream out = System.out;
    private DemoStory story;
    /** The demo's directory: the commands it shows name their files relative to it. */
    private Path workDir;

    @Override
    public void run() {
        Optional<DemoBroker.External> external = externalBroker();
        Path dir;
        try {
            dir = Files.createTempDirectory("citadel-demo-");
        } catch (IOException e) {
            throw new UserException("cannot create a temporary directory: " + e.getMessage());
        }
        story = new DemoStory(out, CHAPTERS);
        workDir = dir;
        out.println("citadel demo: the life of a device, in " + CHAPTERS + " chapters (working in " + dir
                + "; the commands below name files relative to it)");
        Path device = dir.resolve("device");
        DemoDevice d = new DemoDevice(device, BootFiles.defaultSpeLib(), dir.resolve("spe.sock"), story::say);
        // Ctrl-C: the SPE process is stopped and the temporary directory removed, as at the end of a run.
        Thread interrupted = new Thread(() -> {
            d.close();
            if (!keep) {
                deleteTree(dir);
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (d) {
            new Story(dir, d, external).tell();
        } catch (UserException e) {
            story.abandon(e.getMessage());
        } finally {
            story.summary(keep ? "files kept in " + dir : "");
            if (!keep) {
                deleteTree(dir);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        if (!story.allAsExpected()) {
            throw new UserException("the demo did not go as expected (see the summary)");
        }
    }

    private Optional<DemoBroker.External> externalBroker() {
        if (broker == null) {
            if (brokerCa != null || caCert != null || caKey != null) {
                throw new UserException("--broker-ca, --ca-cert and --ca-key go with --broker", Main.USAGE);
            }
            return Optional.empty();
        }
        if (brokerCa == null || caCert == null || caKey == null) {
            throw new UserException("--broker needs --broker-ca (the broker's CA), --ca-cert and --ca-key (the CA it"
                    + " trusts for client certificates)", Main.USAGE);
        }
        OtaCommand.HostPort where = OtaCommand.HostPort.parse(broker);
        return Optional.of(new DemoBroker.External(where.host(), where.port(),
                ProvisionCommand.readCertificates(List.of(brokerCa)), DemoPki.load(caCert, caKey)));
    }

    /** One telling of the story: the files it makes, the device, the services it meets. */
    private final class Story {
        private final Path dir;
        private final DemoDevice device;
        private final Optional<DemoBroker.External> external;
        private final DemoFirmware firmware = new DemoFirmware(DemoCommand.this::citadel);
        /** The device's thing name (its MQTT client id and certificate CN), new at each run. */
        private final String thing = "citadel-demo-" + randomHex(3);
        private DemoPki pki;
        private DemoBroker broker;
        private OtaServer ota;
        private X509Certificate deviceCert;
        private java.security.PrivateKey codeSigningKey;

        Story(Path dir, DemoDevice device, Optional<DemoBroker.External> external) {
            this.dir = dir;
            this.device = device;
            this.external = external;
        }

        void tell() {
            try {
                factory();
                secureBoot();
                psaServices();
                provisioning();
                mqtt();
                attestation();
                otaAccepted();
                otaTampered();
                otaReverted();
                powerCycle();
            } catch (UserException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("interrupted");
            } catch (Exception e) {
                throw new UserException(e.getMessage() == null ? e.toString() : e.getMessage());
            } finally {
                if (ota != null) {
                    ota.close();
                }
                if (broker != null) {
                    broker.close();
                }
                Security.removeProvider(CitadelProvider.NAME);
            }
        }

        private Path file(String name) {
            return dir.resolve(name);
        }

        // 1 -------------------------------------------------------------------------------------------------------

        private void factory() throws IOException, GeneralSecurityException {
            story.begin("Factory: keys, images, device");
            Path speLib = BootFiles.defaultSpeLib();
            Path nsApp = BootFiles.defaultNsApp();
            if (!Files.isRegularFile(nsApp)) {
                throw new UserException("the NS application " + nsApp + " is missing (build with ./citadel)");
            }
            story.say("The vendor's keys: one per image (BL2 checks image i against ROTPK_i in OTP) and one that signs"
                    + " OTA files");
            citadel("image", "keygen", "-k", file("spe-key.pem").toString(), "-t", "ecdsa-p256");
            citadel("image", "keygen", "-k", file("ns-key.pem").toString(), "-t", "ecdsa-p256");
            citadel("image", "keygen", "-k", file("code-signing-key.pem").toString(), "-t", "ecdsa-p256");
            citadel("image", "getpub", "-k", file("code-signing-key.pem").toString(), "-e", "pem", "-o",
                    file("code-verify-key.pem").toString());
            codeSigningKey = ProvisionCommand.readPrivateKey(file("code-signing-key.pem"));
            story.say("Release 1.0.0: the SPE manifest (pinning the SPE's jars) as image 0, the NS application's jar"
                    + " as image 1");
            citadel("image", "spe-manifest", "--lib", speLib.toString(), "-o", file("spe-manifest.bin").toString());
            firmware.sign(file("spe-key.pem"), 0, "1.0.0", 1, file("spe-manifest.bin"), file("spe-1.0.0.bin"));
            firmware.sign(file("ns-key.pem"), 1, "1.0.0", 1, nsApp, file("ns-1.0.0.bin"));
            story.say("Releases for later: 1.1.0, and 1.2.0 whose jar carries a self-test that fails");
            firmware.sign(file("ns-key.pem"), 1, "1.1.0", 2, nsApp, file("ns-1.1.0.bin"));
            DemoFirmware.withFailingSelfTest(nsApp, file("nsapp-1.2.0.jar"));
            firmware.sign(file("ns-key.pem"), 1, "1.2.0", 3, file("nsapp-1.2.0.jar"), file("ns-1.2.0.bin"));
            story.say("A new device: OTP with ROTPK hashes, HUK and IAK; the 1.0.0 images in the primary slots");
            Path d = device.dir();
            citadel("device", "init", d.toString(), "--rotpk0", file("spe-key.pem").toString(), "--rotpk1",
                    file("ns-key.pem").toString());
            citadel("device", "iak-pub", d.toString(), "-o", file("iak-pub.pem").toString());
            citadel("device", "flash", d.toString(), "--image", "0", file("spe-1.0.0.bin").toString());
            citadel("device", "flash", d.toString(), "--image", "1", file("ns-1.0.0.bin").toString());
            story.end(true, "3 releases signed, device created and flashed with 1.0.0");
        }

        // 2 -------------------------------------------------------------------------------------------------------

        private void secureBoot() {
            story.begin("Secure boot");
            List<DemoDevice.Boot> boots = device.powerOn(DemoCommand::bl2Headline);
            SecureBoot.Verified v = device.verified();
            story.say("chain of trust: OTP ROTPK_0 " + SecureBoot.shortHex(v.spe().signerKeyHash()) + " -> image 0 "
                    + v.spe().version().toShortString() + " signature -> the manifest pins " + v.speCode().manifest().jars().size()
                    + " jars by SHA-256 -> only those bytes run as the SPE");
            story.say("                OTP ROTPK_1 " + SecureBoot.shortHex(v.ns().signerKeyHash()) + " -> image 1 "
                    + v.ns().version().toShortString() + " signature -> nsapp.jar (" + v.nsJar().length + " bytes) runs from memory");
            DemoDevice.Boot b = boots.get(boots.size() - 1);
            boolean hello = b.ns().stream().anyMatch(l -> l.contains("hello from the NS application"));
            story.end(hello && b.nsStatus() == 0, "BL2 verified SPE " + v.spe().version().toShortString() + " and NS "
                    + v.ns().version().toShortString() + "; the NS application " + (hello ? "reached the SPE" : "did not say hello"));
        }

        // 3 -------------------------------------------------------------------------------------------------------

        private void psaServices() {
            story.begin("PSA services through the socket");
            try (SocketClient ns = device.connect()) {
                DemoPsa.Findings f = DemoPsa.tour(ns, story::say);
                story.end(f.asExpected(), f.summary());
            }
        }

        // 4 -------------------------------------------------------------------------------------------------------

        private void provisioning() throws GeneralSecurityException, IOException {
            story.begin("Provisioning over PKCS#11");
            external.ifPresent(e -> pki = e.pki());
            if (pki == null) {
                pki = DemoPki.create("Citadel Demo Factory CA");
            }
            ProvisionCommand.write(file("factory-ca.pem"), ProvisionCommand.pem("CERTIFICATE",
                    pki.caCert().getEncoded()));
            String sock = device.socket().toString();
            story.say("The token (PKCS#11 over PSA: keys in Crypto, objects in PS, PINs in ITS) makes the device key"
                    + " in the SPE and signs its CSR there");
            citadel("provision", "device", "--spe", sock, "--so-pin", SO_PIN, "--pin", USER_PIN, "--subject",
                    "CN=" + thing, "--csr", file("device.csr").toString());
            deviceCert = pki.issueDevice(file("device.csr"));
            ProvisionCommand.write(file("device-cert.pem"), ProvisionCommand.pem("CERTIFICATE",
                    deviceCert.getEncoded()));
            story.say("The factory CA checks the CSR's signature and issues " + deviceCert.getSubjectX500Principal()
                    .getName());
            citadel("provision", "device", "--spe", sock, "--pin", USER_PIN, "--cert",
                    file("device-cert.pem").toString(), "--root-ca", file("factory-ca.pem").toString());
            citadel("provision", "code-verify-key", "--spe", sock, "--pin", USER_PIN, "--key",
                    file("code-verify-key.pem").toString());
            citadel("provision", "list", "--spe", sock, "--pin", USER_PIN);
            boolean match;
            try (NsDevice s = nsDevice()) {
                match = Arrays.equals(s.key().publicKey().getEncoded(), deviceCert.getPublicKey().getEncoded());
                story.say("the certificate's public key is the one the SPE holds: " + match
                        + "; the private key is sensitive and never leaves the SPE");
            }
            story.end(match, "device key in the SPE, certificate " + deviceCert.getSubjectX500Principal().getName()
                    + ", root CA and code-verify key installed");
        }

        // 5 -------------------------------------------------------------------------------------------------------

        private void mqtt() throws GeneralSecurityException, IOException, MqttException, InterruptedException {
            story.begin("Mutual-TLS MQTT");
            broker = external.isPresent() ? DemoBroker.external(external.get())
                    : DemoBroker.embedded(pki.identity("localhost", true), pki.caCert());
            story.say("broker: " + broker.describe());
            DemoPki.Identity service = pki.identity(thing + "-ota-service", false);
            ota = OtaServer.start(broker.connect(DeviceTls.of(service.keyManager(), broker.anchors()),
                    thing + "-ota-service"), thing);
            story.say("the OTA service (a JDK key certified by the same CA) is connected and serves " + thing);
            boolean echoed;
            String seen;
            try (NsDevice s = nsDevice(); DeviceMqtt m = broker.connect(s.tls(broker.anchors()), thing)) {
                story.say("the device connected as " + thing + ": its TLS client signature was made in the SPE by"
                        + " the key from chapter 4");
                BlockingQueue<MqttMessage> back = new LinkedBlockingQueue<>();
                String topic = "citadel/" + thing + "/telemetry";
                m.subscribe(topic, Qos.AT_LEAST_ONCE, back::add);
                m.publish(topic, "{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE,
                        false);
                MqttMessage got = back.poll(10, TimeUnit.SECONDS);
                echoed = got != null && new String(got.payload(), StandardCharsets.UTF_8).contains("21.5");
                story.say("published {\"temperature\":21.5} to " + topic + " (QoS 1); the broker delivered it back: "
                        + echoed);
                seen = broker.clientSubject(thing).orElse(null);
                if (seen != null) {
                    story.say("the broker authenticated the device by its certificate: " + seen);
                }
            }
            boolean identified = external.isPresent()
                    || deviceCert.getSubjectX500Principal().getName().equals(seen);
            story.end(echoed && identified, "connected to " + broker.name() + " as " + thing
                    + ", message round trip " + (echoed ? "done" : "failed"));
        }

        // 6 -------------------------------------------------------------------------------------------------------

        private void attestation() {
            story.begin("Attestation");
            try (SocketClient ns = device.connect()) {
                boolean ok = DemoPsa.attest(ns, file("iak-pub.pem"), device.verified(), story::say);
                story.end(ok, ok ? "token verified with the IAK public key; its measurements are BL2's"
                        : "the token did not verify");
            }
        }

        // 7 -------------------------------------------------------------------------------------------------------

        private void otaAccepted() throws Exception {
            story.begin("OTA 1.1.0: accepted");
            Update u = release("ota-ns-1.1.0", DemoFirmware.read(file("ns-1.1.0.bin")));
            boolean ok = u.installed() && u.running().equals("1.1.0") && u.status() == JobStatus.SUCCEEDED
                    && u.nsSaid("psa_fwu_accept: PSA_SUCCESS");
            story.end(ok, "running " + u.running() + " after a test boot and a passed self-test; job " + u.status());
        }

        // 8 -------------------------------------------------------------------------------------------------------

        private void otaTampered() throws Exception {
            story.begin("OTA of a tampered image: refused");
            byte[] genuine = DemoFirmware.read(file("ns-1.2.0.bin"));
            byte[] tampered = DemoFirmware.tampered(genuine);
            story.say("the 1.2.0 file with one bit flipped in its payload, offered with the genuine file's"
                    + " signature");
            Update u = update("ota-ns-1.2.0-tampered", tampered, DemoFirmware.codeSign(codeSigningKey, genuine));
            OptionalInt reset = device.awaitReset(1);
            ComponentInfo ns;
            try (SocketClient c = device.connect()) {
                ns = new PsaFwu(c.defaultClient()).query(1);
            }
            story.say("no reset requested: " + reset.isEmpty() + "; FWU component 1: " + ns.state() + ", running "
                    + ns.version());
            boolean untouched = reset.isEmpty() && ns.state() == FwuState.READY
                    && ns.version().equals(new dev.citadel.psa.fwu.FwuImageVersion(1, 1, 0, 0));
            boolean ok = !u.installed() && u.status() == JobStatus.REJECTED && untouched;
            story.end(ok, "refused (" + u.reason() + "); still running " + ns.version().major() + "."
                    + ns.version().minor() + "." + ns.version().patch());
            if (!untouched) {
                throw new UserException("the running image was touched by a refused update");
            }
        }

        // 9 -------------------------------------------------------------------------------------------------------

        private void otaReverted() throws Exception {
            story.begin("OTA 1.2.0: self-test fails, reverted");
            Update u = release("ota-ns-1.2.0", DemoFirmware.read(file("ns-1.2.0.bin")));
            boolean failed = u.nsSaid("self-test failed");
            boolean ok = u.installed() && failed && u.boots().size() >= 2 && u.running().equals("1.1.0")
                    && u.status() == JobStatus.FAILED;
            story.end(ok, "1.2.0 " + (failed ? "failed its self-test" : "did not fail") + " and was rejected; BL2"
                    + " reverted to " + u.running() + "; job " + u.status());
        }

        // 10 ------------------------------------------------------------------------------------------------------

        private void powerCycle() throws GeneralSecurityException, IOException, MqttException {
            story.begin("Power cycle: what the device keeps");
            device.close();
            story.say("[boot] power off; power on");
            List<DemoDevice.Boot> boots = device.powerOn(DemoCommand::bl2Headline);
            String running = device.verified().ns().version().toShortString();
            boolean kept;
            try (SocketClient ns = device.connect()) {
                kept = DemoPsa.readBack(ns, story::say);
            }
            boolean connected;
            try (NsDevice s = nsDevice(); DeviceMqtt m = broker.connect(s.tls(broker.anchors()), thing)) {
                connected = m.isConnected();
                story.say("MQTT with the device key provisioned in chapter 4: connected " + connected);
            }
            boolean ok = running.equals("1.1.0") && boots.size() == 1 && kept && connected;
            story.end(ok, "boots " + running + "; ITS, PS, token and keys kept across " + device.boots() + " boots");
        }

        // The OTA agent ---------------------------------------------------------------------------------------------

        /** The device's NS-side software for one boot: the token of NS client -1 and its device key. */
        private NsDevice nsDevice() throws IOException, GeneralSecurityException {
            return NsDevice.open(device.socket(), dev.citadel.psa.ClientIds.DEFAULT_NSID, USER_PIN.toCharArray());
        }

        /**
         * Offers a genuine release signed with the code-signing key; when the agent installs it, the device reboots
         * and a new agent reports the job.
         */
        private Update release(String jobId, byte[] file) throws Exception {
            Update u = update(jobId, file, DemoFirmware.codeSign(codeSigningKey, file));
            if (!u.installed()) {
                return u;
            }
            List<DemoDevice.Boot> boots = device.reboot(DemoCommand::bl2Headline);
            return u.afterReboot(report(u.jobId()), boots);
        }

        /** One run of the device's OTA agent ({@code runOnce}) over a fresh connection to the SPE and the broker. */
        private OtaOutcome runAgent(OtaConfig config) throws Exception {
            try (NsDevice s = nsDevice()) {
                OtaAgent agent = new OtaAgent(config, broker.connect(s.tls(broker.anchors()), thing), s.client());
                try {
                    return agent.runOnce(JOB_WAIT);
                } finally {
                    agent.mqtt().close();
                }
            }
        }

        /** Offers a job and runs the device's OTA agent on it, until it requests the reboot or refuses. */
        private Update update(String jobId, byte[] file, byte[] signature) throws Exception {
            OtaConfig config = OtaConfig.defaults(thing);
            ota.publish(JobOffer.mqtt(jobId, NS_FILE, file, signature, config.blockSize()));
            story.say("the OTA service published job " + jobId + ": " + file.length + " bytes, "
                    + (file.length + config.blockSize() - 1) / config.blockSize() + " blocks of "
                    + config.blockSize() + ", MQTT stream, sig-sha256-ecdsa");
            OtaOutcome o = runAgent(config);
            if (o.stats().bytes() > 0) {
                story.say("agent: " + OtaCommand.describe(o.stats(), config));
            }
            story.say("agent: " + o.kind() + ": " + o.reason());
            boolean installed = o.kind() == OtaOutcome.Kind.REBOOT_REQUESTED;
            JobStatus status = installed ? JobStatus.IN_PROGRESS : ota.awaitFinal(jobId, Duration.ofSeconds(5))
                    .map(StatusUpdate::status).orElse(JobStatus.IN_PROGRESS);
            if (!installed) {
                story.say("the OTA service's record of " + jobId + ": " + status
                        + ota.updates(jobId).stream().reduce((a, b) -> b).map(x -> " " + x.details()).orElse(""));
            }
            if (installed && device.awaitReset(5).isEmpty()) {
                throw new UserException("the SPE did not report the reset psa_fwu_request_reboot asked for");
            }
            // The agent's report before install (updatedBy) goes through the broker; the job it reads after the
            // reboot must carry it. A device's reboot outlasts that trip; this one is only a process restart.
            if (installed && ota.awaitUpdate(jobId, x -> x.details().containsKey("updatedBy"),
                    Duration.ofSeconds(5)).isEmpty()) {
                story.say("the OTA service has not received the agent's report before install yet");
            }
            return new Update(jobId, installed, o.reason(), status, device.verified().ns().version().toShortString(),
                    List.of());
        }

        /** After the reboot: a new agent on the new image reports the job's end; the service's record of it. */
        private Optional<StatusUpdate> report(String jobId) throws Exception {
            OtaOutcome o = runAgent(OtaConfig.defaults(thing));
            story.say("agent after the reboot: " + o.kind() + ": " + o.reason());
            Optional<StatusUpdate> last = ota.awaitFinal(jobId, Duration.ofSeconds(5));
            story.say("the OTA service's record of " + jobId + ": "
                    + last.map(x -> x.status() + " " + x.details()).orElse("still IN_PROGRESS"));
            return last;
        }
    }

    /** What one OTA job came to. */
    private record Update(String jobId, boolean installed, String reason, JobStatus status, String running,
            List<DemoDevice.Boot> boots) {
        /** The same job after the reboot: the boots it took (a revert takes two) and the service's last record. */
        Update afterReboot(Optional<StatusUpdate> last, List<DemoDevice.Boot> after) {
            DemoDevice.Boot now = after.get(after.size() - 1);
            return new Update(jobId, installed, reason, last.map(StatusUpdate::status).orElse(JobStatus.IN_PROGRESS),
                    now.verified().ns().version().toShortString(), after);
        }

        /** Whether the NS application printed {@code text} in one of the boots after the update. */
        boolean nsSaid(String text) {
            return boots.stream().flatMap(b -> b.ns().stream()).anyMatch(l -> l.contains(text));
        }
    }

    /** BL2's lines the story shows: the swap decision and each image's verdict. */
    private static boolean bl2Headline(String line) {
        return line.contains("swap type") || line.contains(") verified:") || line.contains("revert")
                || line.contains("refused");
    }

    /** Runs one citadel command as the user would type it, showing it and its output. */
    private void citadel(String... args) {
        story.say("$ citadel " + relative(String.join(" ", args)));
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(saved);
        }
        buf.toString(StandardCharsets.UTF_8).lines().forEach(l -> story.say("  " + relative(l)));
        if (code != 0) {
            throw new UserException("citadel " + args[0] + " " + args[1] + " failed");
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String relative(String text) {
        return workDir == null ? text : text.replace(workDir + java.io.File.separator, "");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
