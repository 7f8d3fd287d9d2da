package dev.citadel.itest.mqtt;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA for the MQTT tests (JDK keys from SunEC by name, so an installed Citadel provider cannot take them), whose
 * broker certificates name 127.0.0.1 and localhost for the client's host name check.
 */
public final class MqttPki {
    private static final AtomicLong SERIAL = new AtomicLong(9000);

    public final String name;
    public final KeyPair keys;
    public final X509Certificate cert;

    public MqttPki(String name) throws Exception {
        this.name = name;
        keys = jdkEcKeys();
        cert = issue(keys.getPublic(), "CN=" + name, true, false);
    }

    public static KeyPair jdkEcKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public X509Certificate issue(PublicKey key, String subject, boolean ca, boolean server) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, ca
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC").build(keys.getPrivate())));
    }

    /** A JDK key pair and its certificate from this CA. */
    public record Identity(KeyPair keys, X509Certificate cert) {
        public List<X509Certificate> chain() {
            return List.of(cert);
        }

        /** A key manager presenting this identity (a JDK key, for the services a device meets). */
        public javax.net.ssl.X509KeyManager keyManager() throws Exception {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("id", keys.getPrivate(), new char[0], new X509Certificate[] {cert});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, new char[0]);
            return (javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0];
        }
    }

    public Identity identity(String subject, boolean server) throws Exception {
        KeyPair k = jdkEcKeys();
        return new Identity(k, issue(k.getPublic(), subject, false, server));
    }

    public static void writePem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
    }
}
