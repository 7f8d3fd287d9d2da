package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.SpeProcess;
import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.ns.SocketClient;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory flow with the real processes: {@code citadel spe serve} on a device directory, and {@code citadel
 * provision device} run twice (key pair and CSR, then the issued certificate and the root CA). The CSR verifies with
 * Bouncy Castle and the JDK; the device then authenticates to a JSSE server
 * through {@code KeyManagerFactory} over the Citadel KeyStore, and again after the SPE restarts.
 */
class ProvisionRoundTripTest {
    private static final String KEY = "Device Priv TLS Key";
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @AfterEach
    void uninstall() {
        Security.removeProvider(CitadelProvider.NAME);
    }

    static PKCS10CertificationRequest readCsr(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            return (PKCS10CertificationRequest) p.readObject();
        }
    }

    @Test
    void provisionedDeviceAuthenticatesWithTheIssuedCertificateAcrossAnSpeRestart() throws Exception {
        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        String spe = socket.toString();
        TestPki deviceCa = new TestPki("Device CA");
        TestPki serverCa = new TestPki("Server CA");
        Path csr = dir.resolve("req.pem");
        X509Certificate cert;
        try (SpeProcess p = SpeProcess.start(device, socket, log::add)) {
            CitadelCli.Run first = CitadelCli.ok("provision", "device", "--spe", spe, "--pin", "0000",
                    "--so-pin", "so-secret", "--subject", "CN=device-42,O=Citadel", "--csr", csr.toString());
            assertThat(first.out()).contains("[1/5] token initialised", "[2/5] generated ec-p256 device key pair",
                    "[3/5] wrote the device CSR");

            // The CSR: signed by the key in the SPE (BC and the JDK check it), for the subject asked.
            PKCS10CertificationRequest req = readCsr(csr);
            assertThat(req.getSubject().toString()).isEqualTo("CN=device-42,O=Citadel");
            PublicKey pub = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(req.getSubjectPublicKeyInfo().getEncoded()));
            assertThat(req.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pub))).isTrue();
            Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
            jdk.initVerify(pub);
            jdk.update(req.toASN1Structure().getCertificationRequestInfo().getEncoded());
            assertThat(jdk.verify(req.getSignature())).isTrue();
            assertThat(ASN1Sequence.getInstance(req.getSignature())).isNotNull();

            cert = deviceCa.issue(pub, "CN=device-42,O=Citadel", false);
            Path certPem = dir.resolve("cert.pem");
            TestPki.writePem(certPem, TestPki.pem("CERTIFICATE", cert.getEncoded()),
                    TestPki.pem("CERTIFICATE", deviceCa.caCert.getEncoded()));
            Path root = dir.resolve("root.pem");
            TestPki.writePem(root, TestPki.pem("CERTIFICATE", serverCa.caCert.getEncoded()));
            CitadelCli.Run second = CitadelCli.ok("provision", "device", "--spe", spe, "--pin", "0000",
                    "--cert", certPem.toString(), "--root-ca", root.toString());
            assertThat(second.out()).contains("[1/5] token initialised already", "[2/5] device key pair present",
                    "[4/5] installed 'Device Cert'", "[5/5] installed 'Root Cert'");
            try (SocketClient ns = SocketClient.connect(socket)) {
                assertThat(handshake(ns, deviceCa, serverCa)).isEqualTo(cert);
                assertFreeRtosLabels(ns, cert);
            }
        }
        try (SpeProcess p = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            assertThat(handshake(ns, deviceCa, serverCa)).as("after the SPE restarted").isEqualTo(cert);
        }
    }

    /** A TLS 1.3 mutual-auth handshake with the KeyStore's entry through KeyManagerFactory; the certificate seen. */
    private static X509Certificate handshake(SocketClient ns, TestPki deviceCa, TestPki serverCa) throws Exception {
        CitadelProvider provider = new CitadelProvider(ns);
        Security.removeProvider(CitadelProvider.NAME);
        Security.addProvider(provider);
        KeyStore ks = KeyStore.getInstance("Citadel", provider);
        ks.load(CitadelKeyStoreParameter.of(ns, "0000".toCharArray()));
        assertThat(ks.getCertificateChain(KEY)).hasSize(2);
        assertThat(ks.getCertificate("Root Cert")).isEqualTo(serverCa.caCert);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", ks.getCertificate("Root Cert"));
        tmf.init(anchors);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (MutualTlsServer server = new MutualTlsServer(serverCa.server(deviceCa).context(), "TLSv1.3")) {
            assertThat(server.talk(client, "TLSv1.3")).isEqualTo("echo hello from the device");
            return server.clientCertificate();
        }
    }

    /** The objects a FreeRTOS device looks up, found by label through PKCS#11. */
    private static void assertFreeRtosLabels(SocketClient ns, X509Certificate cert) throws Exception {
        Cryptoki p = PsaToken.open(ns, TokenConfig.defaults()).application();
        p.initialize(Ckf.OS_LOCKING_OK);
        long s = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION);
        p.login(s, Ckf.USER_USER, "0000".getBytes(StandardCharsets.US_ASCII));
        assertThat(find(p, s, Cko.PRIVATE_KEY, KEY)).hasSize(1);
        assertThat(find(p, s, Cko.PUBLIC_KEY, "Device Pub TLS Key")).hasSize(1);
        long[] c = find(p, s, Cko.CERTIFICATE, "Device Cert");
        assertThat(c).hasSize(1);
        assertThat(p.getAttributes(s, c[0], Cka.VALUE).get(0).value()).isEqualTo(cert.getEncoded());
        assertThat(find(p, s, Cko.CERTIFICATE, "Root Cert")).hasSize(1);
        p.finalizeLibrary();
    }

    private static long[] find(Cryptoki p, long s, long cls, String label) throws Exception {
        p.findObjectsInit(s, List.of(CkAttribute.ofLong(Cka.CLASS, cls), CkAttribute.ofString(Cka.LABEL, label)));
        long[] found = p.findObjects(s, 8);
        p.findObjectsFinal(s);
        return found;
    }
}
