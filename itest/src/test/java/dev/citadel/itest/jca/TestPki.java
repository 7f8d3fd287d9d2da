package dev.citadel.itest.jca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority (JDK keys, certificates made with Bouncy Castle's PKIX builders), and a TLS server
 * identity it issues. JDK keys come from named JDK providers, so a Citadel provider at position 1 cannot take them.
 */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    final String name;
    final KeyPair caKeys;
    final X509Certificate caCert;

    TestPki(String name) throws Exception {
        this.name = name;
        caKeys = jdkEcKeys("secp256r1");
        caCert = issue(caKeys.getPublic(), "CN=" + name, true);
    }

    static KeyPair jdkEcKeys(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static KeyPair jdkRsaKeys(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** A certificate for {@code subjectKey}, signed by this CA's JDK key. */
    X509Certificate issue(PublicKey subjectKey, String subject, boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKey);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, ca
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        PrivateKey signer = caKeys == null ? null : caKeys.getPrivate();
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    /** A JSSE server context with a P-256 identity issued by this CA, trusting {@code clientCa}'s certificates. */
    ServerIdentity server(TestPki clientCa) throws Exception {
        KeyPair keys = jdkEcKeys("secp256r1");
        X509Certificate cert = issue(keys.getPublic(), "CN=localhost", false);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {cert, caCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("client-ca", clientCa.caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new ServerIdentity(ctx, keys, cert);
    }

    record ServerIdentity(SSLContext context, KeyPair keys, X509Certificate cert) {}

    /** PEM of {@code type} (for example {@code CERTIFICATE}, {@code PRIVATE KEY}) around {@code der}. */
    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static void writePem(Path file, String... blocks) throws IOException {
        Files.writeString(file, String.join("", blocks), StandardCharsets.US_ASCII);
    }
}
