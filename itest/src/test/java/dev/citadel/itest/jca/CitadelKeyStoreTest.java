package dev.citadel.itest.jca;

import static dev.citadel.itest.jca.KeyStoreDevice.CERTIFICATE;
import static dev.citadel.itest.jca.KeyStoreDevice.PRIVATE_KEY;
import static dev.citadel.itest.jca.KeyStoreDevice.PUBLIC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.jca.CitadelTls;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KeyStore "Citadel" as a view of the PKCS#11 token: what one side makes, the other sees (found by label through
 * {@code Cryptoki}); keys sign in the SPE; entries survive an SPE restart; JSSE authenticates with an entry through
 * {@code KeyManagerFactory}. Both doors.
 */
class CitadelKeyStoreTest {
    private static final byte[] MESSAGE = "a message to sign".getBytes(StandardCharsets.UTF_8);
    private static TestPki deviceCa;
    private static TestPki serverCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        deviceCa = new TestPki("Device CA");
        serverCa = new TestPki("Server CA");
    }

    @AfterEach
    void uninstall() {
        Security.removeProvider(CitadelProvider.NAME);
    }

    private KeyStoreDevice device(Door door) throws Exception {
        KeyStoreDevice d = new KeyStoreDevice(dir.resolve("device"), door);
        d.initToken();
        return d;
    }

    private static void assertSignsInTheSpe(PrivateKey key, java.security.PublicKey pub) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(MESSAGE);
        byte[] sig = s.sign();
        assertThat(s.getProvider().getName()).isEqualTo(CitadelProvider.NAME);
        Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
        v.initVerify(pub);
        v.update(MESSAGE);
        assertThat(v.verify(sig)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aKeyPairMadeThroughPkcs11IsAKeyEntryWithTheCertificatesOfItsId(Door door) throws Exception {
        try (KeyStoreDevice d = device(door)) {
            KeyStoreDevice.Session p11 = d.user();
            byte[] id = HexFormat.of().parseHex("c1d2");
            long[] pair = p11.ecPair("device key", id);
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            Security.addProvider(d.provider);

            assertThat(Collections.list(ks.aliases())).containsExactly("device key");
            assertThat(ks.isKeyEntry("device key")).isTrue();
            assertThat(ks.getCertificateChain("device key")).as("no certificate yet").isNull();
            CitadelPrivateKey key = (CitadelPrivateKey) ks.getKey("device key", null);
            long psaId = ByteBuffer.wrap(p11.attr(pair[1], Cka.CITADEL_PSA_KEY_ID)).getLong();
            assertThat(Integer.toUnsignedLong(key.keyId())).isEqualTo(psaId);
            assertThat(key.publicKey().getEncoded()).isEqualTo(p11.attr(pair[1], Cka.PUBLIC_KEY_INFO));
            assertSignsInTheSpe(key, key.publicKey());

            X509Certificate leaf = deviceCa.issue(key.publicKey(), "CN=device", false);
            // Given out of order: the store orders the chain by issuer and subject.
            ks.setKeyEntry("device key", key, null, new Certificate[] {leaf, deviceCa.caCert});
            assertThat(ks.getCertificateChain("device key")).containsExactly(leaf, deviceCa.caCert);
            assertThat(ks.getCertificate("device key")).isEqualTo(leaf);
            assertThat(ks.getCertificateAlias(leaf)).isEqualTo("device key");
            assertThat(Collections.list(ks.aliases())).containsExactly("device key");

            long[] certs = p11.find(CERTIFICATE, "device key");
            assertThat(certs).hasSize(2);
            for (long c : certs) {
                assertThat(p11.attr(c, Cka.ID)).isEqualTo(id);
            }
            p11.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aJdkKeyIsImportedAsASensitiveNonExtractableTokenKeyThatSignsInTheSpe(Door door) throws Exception {
        try (KeyStoreDevice d = device(door)) {
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            Security.addProvider(d.provider);
            KeyPair jdk = TestPki.jdkEcKeys("secp256r1");
            X509Certificate cert = deviceCa.issue(jdk.getPublic(), "CN=imported", false);

            ks.setKeyEntry("imported", jdk.getPrivate(), null, new Certificate[] {cert});

            PrivateKey key = (PrivateKey) ks.getKey("imported", null);
            assertThat(key).isInstanceOf(CitadelPrivateKey.class);
            assertThat(key.getEncoded()).isNull();
            assertSignsInTheSpe(key, jdk.getPublic());
            PsaCrypto crypto = new PsaCrypto(d.client);
            assertThatThrownBy(() -> crypto.exportKey(((CitadelPrivateKey) key).keyId()))
                    .isInstanceOfSatisfying(PsaException.class,
                            e -> assertThat(e.psaStatus()).isEqualTo(PsaStatus.NOT_PERMITTED));

            KeyStoreDevice.Session p11 = d.user();
            long[] priv = p11.find(PRIVATE_KEY, "imported");
            assertThat(priv).hasSize(1);
            assertThat(p11.attr(priv[0], Cka.SENSITIVE)).containsExactly(1);
            assertThat(p11.attr(priv[0], Cka.EXTRACTABLE)).containsExactly(0);
            assertThat(p11.p().getAttributeValue(p11.s(), priv[0], List.of(AttributeQuery.value(Cka.VALUE))).rv())
                    .isEqualTo(Ckr.ATTRIBUTE_SENSITIVE);
            assertThat(p11.find(CERTIFICATE, "imported")).hasSize(1);
            p11.close();
        }
    }

    @Test
    void anRsaJdkKeyIsImportedWithItsCrtComponents() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            KeyPair jdk = TestPki.jdkRsaKeys(2048);
            ks.setKeyEntry("rsa", jdk.getPrivate(), null,
                    new Certificate[] {deviceCa.issue(jdk.getPublic(), "CN=rsa", false)});

            PrivateKey key = (PrivateKey) ks.getKey("rsa", null);
            Signature s = Signature.getInstance("SHA256withRSA", d.provider);
            s.initSign(key);
            s.update(MESSAGE);
            Signature v = Signature.getInstance("SHA256withRSA", "SunRsaSign");
            v.initVerify(jdk.getPublic());
            v.update(MESSAGE);
            assertThat(v.verify(s.sign())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void certificateEntriesAreCertificateObjectsSeenByPkcs11(Door door) throws Exception {
        try (KeyStoreDevice d = device(door)) {
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            ks.setCertificateEntry("Root Cert", serverCa.caCert);

            assertThat(ks.isCertificateEntry("Root Cert")).isTrue();
            assertThat(ks.isKeyEntry("Root Cert")).isFalse();
            assertThat(ks.getCertificate("Root Cert")).isEqualTo(serverCa.caCert);
            assertThat(ks.getCertificateAlias(serverCa.caCert)).isEqualTo("Root Cert");
            assertThat(ks.size()).isEqualTo(1);
            KeyStoreDevice.Session p11 = d.user();
            long[] c = p11.find(CERTIFICATE, "Root Cert");
            assertThat(c).hasSize(1);
            assertThat(p11.attr(c[0], Cka.VALUE)).isEqualTo(serverCa.caCert.getEncoded());
            p11.close();

            // Replacing an entry keeps one object under the label.
            ks.setCertificateEntry("Root Cert", deviceCa.caCert);
            assertThat(ks.getCertificate("Root Cert")).isEqualTo(deviceCa.caCert);
            KeyStoreDevice.Session again = d.user();
            assertThat(again.find(CERTIFICATE, "Root Cert")).hasSize(1);
            again.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void deletingAKeyEntryDestroysItsKeysAndCertificates(Door door) throws Exception {
        try (KeyStoreDevice d = device(door)) {
            KeyStoreDevice.Session p11 = d.user();
            p11.ecPair("gone", new byte[] {7});
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            CitadelPrivateKey key = (CitadelPrivateKey) ks.getKey("gone", null);
            ks.setKeyEntry("gone", key, null, new Certificate[] {deviceCa.issue(key.publicKey(), "CN=gone", false)});
            ks.setCertificateEntry("Root Cert", serverCa.caCert);

            ks.deleteEntry("gone");

            assertThat(Collections.list(ks.aliases())).containsExactly("Root Cert");
            assertThat(p11.find(PRIVATE_KEY, "gone")).isEmpty();
            assertThat(p11.find(PUBLIC_KEY, "gone")).isEmpty();
            assertThat(p11.find(CERTIFICATE, "gone")).isEmpty();
            assertThatThrownBy(() -> new PsaCrypto(d.client).getKeyAttributes(key.keyId()))
                    .isInstanceOfSatisfying(PsaException.class,
                            e -> assertThat(e.psaStatus()).isEqualTo(PsaStatus.INVALID_HANDLE));
            ks.deleteEntry("Root Cert");
            assertThat(ks.size()).isZero();
            p11.close();
        }
    }

    @Test
    void aCertificateThatDoesNotMatchTheKeyIsRefusedAndNothingChanges() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            KeyStoreDevice.Session p11 = d.user();
            p11.ecPair("mine", new byte[] {1});
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            CitadelPrivateKey key = (CitadelPrivateKey) ks.getKey("mine", null);
            X509Certificate other = deviceCa.issue(TestPki.jdkEcKeys("secp256r1").getPublic(), "CN=other", false);

            assertThatThrownBy(() -> ks.setKeyEntry("mine", key, null, new Certificate[] {other}))
                    .isInstanceOf(KeyStoreException.class).hasMessageContaining("does not match");
            KeyPair jdk = TestPki.jdkEcKeys("secp256r1");
            assertThatThrownBy(() -> ks.setKeyEntry("jdk", jdk.getPrivate(), null, new Certificate[] {other}))
                    .isInstanceOf(KeyStoreException.class).hasMessageContaining("does not match");

            assertThat(Collections.list(ks.aliases())).containsExactly("mine");
            assertThat(p11.find(CERTIFICATE, "mine")).isEmpty();
            assertThat(p11.find(PRIVATE_KEY, "jdk")).isEmpty();
            p11.close();
        }
    }

    @Test
    void aWrongPinFailsTheLoadWithAnUnrecoverableKeyCauseAndALockedPinSaysSo() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> d.keyStore("9999".toCharArray()))
                        .isInstanceOf(IOException.class).hasMessage("wrong PIN")
                        .hasCauseInstanceOf(UnrecoverableKeyException.class);
            }
            // The third failure locks the PIN (maxFailedLogins 3), and the right PIN no longer helps.
            assertThatThrownBy(() -> d.keyStore("9999".toCharArray())).isInstanceOf(IOException.class)
                    .hasMessageContaining("locked");
            assertThatThrownBy(() -> d.keyStore(KeyStoreDevice.PIN)).isInstanceOf(IOException.class)
                    .hasMessageContaining("locked").hasCauseInstanceOf(UnrecoverableKeyException.class);
            KeyStore ks = KeyStore.getInstance("Citadel", d.provider);
            assertThatThrownBy(() -> ks.load(new ByteArrayInputStream(new byte[0]), KeyStoreDevice.PIN))
                    .isInstanceOf(IOException.class).hasMessageContaining("load(null, pin)");
        }
    }

    @Test
    void loadWithNullAndThePinUsesTheProvidersClient() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            d.keyStore(KeyStoreDevice.PIN).setCertificateEntry("Root Cert", serverCa.caCert);
            // A token of its own, opened by the store over the provider's client, reads the same objects.
            KeyStore ks = KeyStore.getInstance("Citadel", d.provider);
            ks.load(null, KeyStoreDevice.PIN);
            assertThat(ks.getCertificate("Root Cert")).isEqualTo(serverCa.caCert);
            KeyStore withParameter = KeyStore.getInstance("Citadel", d.provider);
            withParameter.load(CitadelKeyStoreParameter.of(d.client, KeyStoreDevice.PIN)
                    .withConfig(KeyStoreDevice.CONFIG));
            assertThat(withParameter.getCertificate("Root Cert")).isEqualTo(serverCa.caCert);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKIX", "SunX509"})
    void keyManagerFactoryOverTheKeyStoreAuthenticatesJsseClientsAndSurvivesAnSpeRestart(String kmfAlgorithm)
            throws Exception {
        X509Certificate leaf;
        try (KeyStoreDevice d = device(Door.SOCKET)) {
            KeyStoreDevice.Session p11 = d.user();
            p11.ecPair("Device Priv TLS Key", new byte[] {1, 2, 3});
            p11.close();
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            CitadelPrivateKey key = (CitadelPrivateKey) ks.getKey("Device Priv TLS Key", null);
            leaf = deviceCa.issue(key.publicKey(), "CN=device-" + kmfAlgorithm, false);
            ks.setKeyEntry("Device Priv TLS Key", key, null, new Certificate[] {leaf, deviceCa.caCert});
            assertThat(handshake(d, ks, kmfAlgorithm)).isEqualTo(leaf);
        }
        try (KeyStoreDevice d = new KeyStoreDevice(dir.resolve("device"), Door.SOCKET)) {
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            assertThat(ks.getCertificateChain("Device Priv TLS Key")).containsExactly(leaf, deviceCa.caCert);
            assertThat(handshake(d, ks, kmfAlgorithm)).isEqualTo(leaf);
        }
    }

    private X509Certificate handshake(KeyStoreDevice d, KeyStore ks, String kmfAlgorithm) throws Exception {
        Security.removeProvider(CitadelProvider.NAME);
        Security.addProvider(d.provider);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(kmfAlgorithm);
        kmf.init(ks, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server-ca", serverCa.caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (MutualTlsServer server = new MutualTlsServer(serverCa.server(deviceCa).context(), "TLSv1.3")) {
            assertThat(server.talk(client, "TLSv1.3")).isEqualTo("echo hello from the device");
            return server.clientCertificate();
        }
    }

    @Test
    void aKeyWithoutACertificateGivesAClearErrorWhenBuildingTheTlsContext() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            KeyStoreDevice.Session p11 = d.user();
            p11.ecPair("Device Priv TLS Key", new byte[] {9});
            p11.close();
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);

            assertThatThrownBy(() -> CitadelTls.clientContext(ks, "Device Priv TLS Key", List.of(serverCa.caCert)))
                    .isInstanceOf(KeyStoreException.class).hasMessageContaining("has no certificate");
            assertThatThrownBy(() -> CitadelTls.clientContext(ks, "no such key", List.of(serverCa.caCert)))
                    .isInstanceOf(KeyStoreException.class).hasMessageContaining("no key entry");
        }
    }

    @Test
    void aServerThatRejectsTheCertificateGivesAClearSslException() throws Exception {
        try (KeyStoreDevice d = device(Door.FUNCTION_CALL)) {
            KeyStoreDevice.Session p11 = d.user();
            p11.ecPair("Device Priv TLS Key", new byte[] {4});
            p11.close();
            KeyStore ks = d.keyStore(KeyStoreDevice.PIN);
            CitadelPrivateKey key = (CitadelPrivateKey) ks.getKey("Device Priv TLS Key", null);
            ks.setKeyEntry("Device Priv TLS Key", key, null,
                    new Certificate[] {deviceCa.issue(key.publicKey(), "CN=device", false)});
            SSLContext client = CitadelTls.clientContext(ks, "Device Priv TLS Key", List.of(serverCa.caCert));
            try (MutualTlsServer server = new MutualTlsServer(serverCa.server(new TestPki("Other CA")).context(),
                    "TLSv1.3")) {
                assertThatThrownBy(() -> server.handshakeAndRead(client, "TLSv1.3"))
                        .isInstanceOf(SSLException.class).hasMessageContaining("certificate");
                assertThatThrownBy(server::clientCertificate).hasCauseInstanceOf(SSLException.class);
            }
        }
    }
}
