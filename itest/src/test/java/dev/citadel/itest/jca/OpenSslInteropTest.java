package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.jca.CitadelTls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS against OpenSSL's {@code s_server -Verify 1}, started on loopback by the test: the server prints the
 * client certificate it received, which must be the Citadel key's certificate. Needs {@code openssl} (interop
 * profile); fails when it is missing.
 */
@Tag("interop")
class OpenSslInteropTest {
    private static JcaDoors doors;
    private static TestPki deviceCa;
    private static TestPki serverCa;
    @TempDir
    Path dir;
    private Process server;

    @BeforeAll
    static void start() throws Exception {
        doors = new JcaDoors();
        deviceCa = new TestPki("Device CA");
        serverCa = new TestPki("Server CA");
    }

    @AfterAll
    static void stop() {
        doors.close();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        Security.removeProvider(CitadelProvider.NAME);
    }

    static Stream<Arguments> cases() {
        return Stream.of(Door.values()).flatMap(d -> Stream.of(
                Arguments.of(d, "TLSv1.3", "EC", null),
                Arguments.of(d, "TLSv1.3", "RSA", "RSA-PSS+SHA256"),
                Arguments.of(d, "TLSv1.2", "EC", null),
                Arguments.of(d, "TLSv1.2", "RSA", "RSA+SHA256")));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void sServerSeesTheCitadelKeysCertificate(Door door, String protocol, String kind, String clientSigalgs)
            throws Exception {
        KeyPair kp = kind.equals("EC")
                ? doors.generate(door, "EC", new ECGenParameterSpec(protocol.equals("TLSv1.3") ? "secp256r1"
                        : "secp384r1"))
                : doors.generate(door, "RSA", 2048);
        CitadelPrivateKey key = (CitadelPrivateKey) kp.getPrivate();
        String subject = "CN=device-" + door.name().toLowerCase() + "-" + kind.toLowerCase();
        X509Certificate cert = deviceCa.issue(key.publicKey(), subject, false);
        TestPki.ServerIdentity id = serverCa.server(deviceCa);
        Path srvCert = dir.resolve("server.pem");
        Path srvKey = dir.resolve("server.key");
        Path clientCa = dir.resolve("client-ca.pem");
        TestPki.writePem(srvCert, TestPki.pem("CERTIFICATE", id.cert().getEncoded()));
        TestPki.writePem(srvKey, TestPki.pem("PRIVATE KEY", id.keys().getPrivate().getEncoded()));
        TestPki.writePem(clientCa, TestPki.pem("CERTIFICATE", deviceCa.caCert.getEncoded()));

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", srvCert.toString(), "-key", srvKey.toString(), "-CAfile", clientCa.toString(),
                "-Verify", "1", "-naccept", "1", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2"));
        if (clientSigalgs != null) {
            cmd.add("-client_sigalgs");
            cmd.add(clientSigalgs);
        }
        server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> copy(server.getInputStream(), out));
        reader.start();
        waitFor(out, "ACCEPT");

        SSLContext client = CitadelTls.clientContext(key, List.of(cert), List.of(serverCa.caCert));
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            s.getOutputStream().write("hello from the SPE's key\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            waitFor(out, "hello from the SPE's key");
        }
        server.getOutputStream().close();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("s_server ends after its one connection").isTrue();
        reader.join(5_000);

        String text;
        synchronized (out) {
            text = out.toString();
        }
        assertThat(text).contains("Client certificate");
        String pem = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----", text.indexOf("Client certificate")));
        pem = pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
        X509Certificate seen = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(seen).isEqualTo(cert);
        assertThat(text).contains("subject=CN = device-" + door.name().toLowerCase() + "-" + kind.toLowerCase());
    }

    private static void copy(InputStream in, StringBuilder out) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    out.notifyAll();
                }
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
    }

    private void waitFor(StringBuilder out, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (out) {
            while (out.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                assertThat(left).as("s_server printed \"" + text + "\" in time; it printed:\n" + out).isPositive();
                out.wait(left);
            }
        }
    }
}
