package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.jca.CitadelTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS against a JSSE server that needs client authentication: the client's CertificateVerify is signed in the
 * SPE through the Citadel provider (its private keys cannot sign anywhere else), and the server sees the client's
 * certificate. Both doors, TLS 1.3 and 1.2, ECDSA P-256/P-384 and RSA client keys.
 */
class TlsClientAuthTest {
    private static JcaDoors doors;
    private static TestPki deviceCa;
    private static TestPki serverCa;
    private static final Map<String, CitadelPrivateKey> KEYS = new HashMap<>();
    private final ExecutorService server = Executors.newSingleThreadExecutor();

    enum ClientKey {
        EC_P256,
        EC_P384,
        RSA_2048,
        /** A key whose PSA policy permits PKCS#1 v1.5 only: TLS 1.2 must fall back to rsa_pkcs1_sha256. */
        RSA_2048_PKCS1
    }

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
    void uninstall() throws Exception {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        Security.removeProvider(CitadelProvider.NAME);
    }

    static synchronized CitadelPrivateKey key(Door door, ClientKey kind) throws Exception {
        String k = door + "/" + kind;
        CitadelPrivateKey key = KEYS.get(k);
        if (key == null) {
            switch (kind) {
                case EC_P256:
                    key = (CitadelPrivateKey) doors.generate(door, "EC", new ECGenParameterSpec("secp256r1"))
                            .getPrivate();
                    break;
                case EC_P384:
                    key = (CitadelPrivateKey) doors.generate(door, "EC", new ECGenParameterSpec("secp384r1"))
                            .getPrivate();
                    break;
                case RSA_2048:
                    key = (CitadelPrivateKey) doors.generate(door, "RSA", 2048).getPrivate();
                    break;
                default:
                    key = doors.rsaPkcs1Only(door, 2048);
            }
            KEYS.put(k, key);
        }
        return key;
    }

    static Stream<Arguments> cases() {
        return Stream.of(Door.values()).flatMap(d -> Stream.of(
                Arguments.of(d, "TLSv1.3", ClientKey.EC_P256),
                Arguments.of(d, "TLSv1.3", ClientKey.EC_P384),
                Arguments.of(d, "TLSv1.3", ClientKey.RSA_2048),
                Arguments.of(d, "TLSv1.2", ClientKey.EC_P256),
                Arguments.of(d, "TLSv1.2", ClientKey.EC_P384),
                Arguments.of(d, "TLSv1.2", ClientKey.RSA_2048),
                Arguments.of(d, "TLSv1.2", ClientKey.RSA_2048_PKCS1)));
    }

    /** A loopback listener whose connections become TLS server sockets needing client authentication. */
    private record Listener(ServerSocket socket, SSLContext context, String protocol) {
        int port() {
            return socket.getLocalPort();
        }
    }

    private Listener listen(TestPki trustedClientCa, String protocol) throws Exception {
        return new Listener(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()),
                serverCa.server(trustedClientCa).context(), protocol);
    }

    /**
     * Serves one connection: handshake, then echoes one line; returns the client certificate it saw. TLS runs over the
     * accepted socket without owning it, so that after a failed handshake the server can drain what the client still
     * sends before closing: closing with unread data would reset the connection and could hide the server's alert.
     */
    private Future<X509Certificate> serveOnce(Listener listener) {
        return server.submit(() -> {
            try (ServerSocket l = listener.socket(); Socket plain = l.accept()) {
                plain.setSoTimeout(20_000);
                SSLSocket s = (SSLSocket) listener.context().getSocketFactory().createSocket(plain, null, false);
                s.setUseClientMode(false);
                s.setNeedClientAuth(true);
                s.setEnabledProtocols(new String[] {listener.protocol()});
                try {
                    s.startHandshake();
                } catch (SSLException e) {
                    drain(plain);
                    throw e;
                }
                Certificate[] peer = s.getSession().getPeerCertificates();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line = in.readLine();
                OutputStream out = s.getOutputStream();
                out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.close();
                return (X509Certificate) peer[0];
            }
        });
    }

    private static void drain(Socket plain) {
        try {
            InputStream in = plain.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // until the client closes
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String talk(SSLContext client, int port, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
            s.getOutputStream().write("hello from the device\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void handshakeSignsInTheSpeAndTheServerSeesTheClientCertificate(Door door, String protocol, ClientKey kind)
            throws Exception {
        CitadelPrivateKey key = key(door, kind);
        X509Certificate cert = deviceCa.issue(key.publicKey(), "CN=device-" + kind, false);
        SSLContext client = CitadelTls.clientContext(key, List.of(cert, deviceCa.caCert), List.of(serverCa.caCert));
        Listener listener = listen(deviceCa, protocol);
        Future<X509Certificate> seen = serveOnce(listener);

        String reply = talk(client, listener.port(), protocol);

        assertThat(reply).isEqualTo("echo hello from the device");
        X509Certificate serverSaw = seen.get(20, TimeUnit.SECONDS);
        assertThat(serverSaw).isEqualTo(cert);
        assertThat(serverSaw.getSubjectX500Principal().getName()).isEqualTo("CN=device-" + kind);
    }

    static Stream<Arguments> doorsAndProtocols() {
        return Stream.of(Door.values()).flatMap(d -> Stream.of(Arguments.of(d, "TLSv1.3"), Arguments.of(d, "TLSv1.2")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doorsAndProtocols")
    void aServerThatRejectsTheCertificateGivesAClearHandshakeError(Door door, String protocol) throws Exception {
        CitadelPrivateKey key = key(door, ClientKey.EC_P256);
        X509Certificate cert = deviceCa.issue(key.publicKey(), "CN=device", false);
        SSLContext client = CitadelTls.clientContext(key, List.of(cert), List.of(serverCa.caCert));
        TestPki otherCa = new TestPki("Some other CA");
        Listener listener = listen(otherCa, protocol);
        Future<X509Certificate> seen = serveOnce(listener);

        // The client only reads: in TLS 1.3 its handshake ends before the server judges the certificate, and the
        // server's alert is then the first thing it reads (a write could meet the closed socket first).
        assertThatThrownBy(() -> {
            try (SSLSocket s = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.port())) {
                s.setSoTimeout(20_000);
                s.setEnabledProtocols(new String[] {protocol});
                s.startHandshake();
                s.getInputStream().read();
            }
        }).isInstanceOf(SSLException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> seen.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(SSLException.class);
    }

    @Test
    void aCertificateThatDoesNotMatchTheKeyIsRefused() throws Exception {
        CitadelPrivateKey key = key(Door.FUNCTION_CALL, ClientKey.EC_P256);
        KeyPair other = TestPki.jdkEcKeys("secp256r1");
        X509Certificate wrong = deviceCa.issue(other.getPublic(), "CN=someone else", false);

        assertThatThrownBy(() -> CitadelTls.clientContext(key, List.of(wrong), List.of(serverCa.caCert)))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> CitadelTls.clientContext(key, List.of(), List.of(serverCa.caCert)))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("no certificate");
    }
}
