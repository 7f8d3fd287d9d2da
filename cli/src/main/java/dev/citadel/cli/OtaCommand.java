package dev.citadel.cli;

import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.MqttException;
import dev.citadel.ns.SocketClient;
import dev.citadel.ota.OtaAgent;
import dev.citadel.ota.OtaConfig;
import dev.citadel.ota.OtaOutcome;
import dev.citadel.ota.OtaStats;
import dev.citadel.psa.ClientIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel ota}: the device's OTA agent, as NS-side software beside a running SPE. */
@Command(
        name = "ota",
        mixinStandardHelpOptions = true,
        description = "Run the device's OTA agent (FreeRTOS OTA jobs over MQTT, writes through PSA FWU).",
        subcommands = {OtaCommand.Agent.class})
final class OtaCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel ota --help'", Main.USAGE);
    }

    /** One line of an agent's figures for a download. */
    static String describe(OtaStats st, OtaConfig config) {
        return String.format("%d bytes in %.2f s: transfer %.2f s, psa_fwu_write %.2f s, psa_fwu_finish %.3f s"
                + " (the SPE verified the MCUboot image), psa_verify_hash %.3f s (code-verify key 0x%x)",
                st.bytes(), st.totalNanos() / 1e9, st.transferNanos() / 1e9, st.writeNanos() / 1e9,
                st.finishNanos() / 1e9, st.signatureNanos() / 1e9, config.codeVerifyKey());
    }

    @Command(name = "agent", mixinStandardHelpOptions = true,
            description = {"Connect to the broker with the device key in the SPE (the token's '"
                    + ProvisionCommand.DEVICE_KEY + "' and its certificate) and handle OTA jobs: download, write",
                "through PSA FWU, verify (psa_fwu_finish, then the job's signature with the code-verify key 0x11),",
                "install and request the reboot. Run it beside 'citadel boot DIR --stay': after the reboot it",
                "reconnects to the new SPE and reports the job SUCCEEDED once the NS image accepted itself, or",
                "FAILED if it was reverted. Ctrl-C stops it."})
    static final class Agent extends ProvisionTarget implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--broker", required = true, paramLabel = "HOST:PORT",
                description = "The MQTT broker (TLS, client certificate).")
        String broker;

        @Option(names = "--broker-ca", required = true, paramLabel = "FILE",
                description = "The CA certificate the broker's certificate chains to (PEM).")
        Path brokerCa;

        @Option(names = "--thing", paramLabel = "NAME",
                description = "The thing name and MQTT client id (default: the device certificate's CN).")
        String thing;

        @Option(names = "--once", description = "Handle one job to its end (through the reboot), then exit:"
                + " 0 when it succeeded, 1 when it was refused or reverted or no job came.")
        boolean once;

        @Option(names = "--job-wait", defaultValue = "30", paramLabel = "SECONDS",
                description = "How long to wait for a job each time (default: ${DEFAULT-VALUE}).")
        int jobWait;

        @Option(names = "--spe-wait", defaultValue = "60", paramLabel = "SECONDS",
                description = "How long to wait for the SPE, at start and after a reboot (default: ${DEFAULT-VALUE}).")
        int speWait;

        @Override
        public Integer call() {
            if (!ClientIds.isValidNsid(nsid)) {
                throw new UserException("--nsid must be in [-65536, -1], got " + nsid, Main.USAGE);
            }
            if (jobWait < 1 || speWait < 1) {
                throw new UserException("--job-wait and --spe-wait must be 1 or more seconds", Main.USAGE);
            }
            HostPort where = HostPort.parse(broker);
            List<X509Certificate> anchors = ProvisionCommand.readCertificates(List.of(brokerCa));
            char[] userPin = userPin().toCharArray();
            try {
                return loop(where, anchors, userPin);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        /** Handles jobs until {@code --once} has its answer; the exit status. */
        private int loop(HostPort where, List<X509Certificate> anchors, char[] userPin) throws InterruptedException {
            String pending = null;
            while (true) {
                awaitSpe();
                OtaOutcome o;
                String name;
                try (NsDevice device = NsDevice.open(spe, nsid, userPin)) {
                    name = thing != null ? thing : commonName(device.chain().get(0));
                    OtaConfig config = OtaConfig.defaults(name);
                    DeviceMqtt mqtt = DeviceMqtt.connect(DeviceMqttOptions.builder(where.host(), where.port(),
                            device.tls(anchors), name).build());
                    OtaAgent agent = new OtaAgent(config, mqtt, device.client());
                    say("connected to " + broker + " as " + name + "; waiting up to " + jobWait + " s for a job");
                    try {
                        o = agent.runOnce(Duration.ofSeconds(jobWait));
                    } finally {
                        agent.mqtt().close();
                    }
                    if (o.stats().bytes() > 0) {
                        say(describe(o.stats(), config));
                    }
                } catch (IOException e) {
                    throw new UserException("cannot reach the SPE at " + spe + ": " + e.getMessage());
                } catch (GeneralSecurityException e) {
                    throw new UserException(e.getMessage());
                } catch (MqttException e) {
                    throw new UserException("the broker " + broker + ": " + e.getMessage());
                }
                say(o.kind() + o.jobId().map(j -> " (job " + j + ")").orElse("") + ": " + o.reason());
                switch (o.kind()) {
                    case REBOOT_REQUESTED -> {
                        pending = o.jobId().orElse(null);
                        awaitSpeGone();
                    }
                    case AWAITING_SELF_TEST -> Thread.sleep(1000);
                    case SUCCEEDED, REFUSED -> {
                        if (once && (pending == null || o.jobId().map(pending::equals).orElse(false))) {
                            return o.kind() == OtaOutcome.Kind.SUCCEEDED ? 0 : 1;
                        }
                        pending = null;
                    }
                    case NO_JOB -> {
                        if (once && pending == null) {
                            return 1;
                        }
                    }
                }
            }
        }

        /** Waits until the SPE's socket answers (at start, and while the device reboots). */
        private void awaitSpe() throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(speWait).toNanos();
            boolean told = false;
            while (true) {
                if (Files.exists(spe)) {
                    try (SocketClient c = SocketClient.connect(spe)) {
                        c.frameworkVersion();
                        return;
                    } catch (IOException | RuntimeException e) {
                        // not serving yet
                    }
                }
                if (System.nanoTime() > end) {
                    throw new UserException("no SPE at " + spe + " after " + speWait + " s (is 'citadel boot DIR"
                            + " --stay' running?)");
                }
                if (!told) {
                    say("waiting for the SPE at " + spe);
                    told = true;
                }
                Thread.sleep(200);
            }
        }

        /** After the reboot request: waits until the SPE that took it has gone (the device reboots). */
        private void awaitSpeGone() throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(speWait).toNanos();
            while (System.nanoTime() < end) {
                try (SocketClient c = SocketClient.connect(spe)) {
                    c.frameworkVersion();
                } catch (IOException | RuntimeException e) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new UserException("the SPE at " + spe + " still serves " + speWait + " s after the reboot request"
                    + " (is it run by 'citadel boot'?)");
        }

        private static String commonName(X509Certificate cert) {
            try {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        return rdn.getValue().toString();
                    }
                }
            } catch (InvalidNameException e) {
                // no CN: below
            }
            throw new UserException("the device certificate has no CN to use as the thing name: give --thing");
        }

        private static void say(String line) {
            System.out.println("[ota] " + line);
        }
    }

    /** {@code HOST:PORT}, checked. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            int port;
            try {
                port = colon < 1 ? -1 : Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new UserException("--broker must be HOST:PORT, got " + text, Main.USAGE);
            }
            return new HostPort(text.substring(0, colon), port);
        }
    }
}
