package dev.citadel.cli;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.SignatureName;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The demo's factory CA: it issues the device's certificate from the CSR the device signed in its SPE, and the
 * certificates of the services the device meets (the embedded broker, the OTA service). With an external broker the
 * user brings the CA the broker trusts ({@code --ca-cert}, {@code --ca-key}).
 */
final class DemoPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private long serial = System.currentTimeMillis();

    /** A JDK key with its certificate (a service's identity, never the device's). */
    record Identity(PrivateKey key, X509Certificate cert) {
        X509KeyManager keyManager() throws GeneralSecurityException {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            ks.setKeyEntry("id", key, new char[0], new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, new char[0]);
            return (X509KeyManager) kmf.getKeyManagers()[0];
        }
    }

    private DemoPki(PrivateKey caKey, X509Certificate caCert) {
        this.caKey = caKey;
        this.caCert = caCert;
    }

    /** A new CA with an ECDSA P-256 key, valid for a day. */
    static DemoPki create(String name) throws GeneralSecurityException {
        KeyPair ca = ecKeyPair();
        DemoPki pki = new DemoPki(ca.getPrivate(), null);
        return new DemoPki(ca.getPrivate(), pki.sign(ca.getPublic(), new X500Name("CN=" + name), true,
                Purpose.CA, new X500Name("CN=" + name)));
    }

    /** The CA the user brings: its certificate and its private key (PEM). */
    static DemoPki load(Path certFile, Path keyFile) {
        X509Certificate cert = ProvisionCommand.readCertificates(List.of(certFile)).get(0);
        PrivateKey key = ProvisionCommand.readPrivateKey(keyFile);
        if (cert.getBasicConstraints() < 0) {
            throw new UserException(certFile + " is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        return new DemoPki(key, cert);
    }

    X509Certificate caCert() {
        return caCert;
    }

    /** The device's certificate, for the CSR it signed with its key in the SPE; the CSR's signature is checked. */
    X509Certificate issueDevice(Path csrFile) throws GeneralSecurityException {
        PKCS10CertificationRequest csr;
        try (Reader r = Files.newBufferedReader(csrFile, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            csr = (PKCS10CertificationRequest) p.readObject();
        } catch (IOException | ClassCastException e) {
            throw new UserException("the CSR " + csrFile + " cannot be read: " + e.getMessage());
        }
        PublicKey key;
        try {
            key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new UserException("the device's CSR carries a bad signature");
            }
        } catch (org.bouncycastle.openssl.PEMException | OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("the CSR: " + e.getMessage(), e);
        }
        return sign(key, csr.getSubject(), false, Purpose.CLIENT, issuer());
    }

    /** A service's identity: a fresh JDK key, certified for TLS server (naming the loopback address) or client use. */
    Identity identity(String commonName, boolean server) throws GeneralSecurityException {
        KeyPair k = ecKeyPair();
        return new Identity(k.getPrivate(), sign(k.getPublic(), new X500Name("CN=" + commonName), false,
                server ? Purpose.SERVER : Purpose.CLIENT, issuer()));
    }

    private X500Name issuer() {
        return X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
    }

    private enum Purpose { CA, SERVER, CLIENT }

    private X509Certificate sign(PublicKey key, X500Name subject, boolean ca, Purpose purpose, X500Name issuer)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(++serial),
                    Date.from(now.minus(Duration.ofMinutes(10))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            switch (purpose) {
                case CA -> b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                case SERVER -> {
                    b.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
                }
                case CLIENT -> b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            String alg = (caKey.getAlgorithm().equals("RSA") ? SignatureName.RSA_PKCS1V15_SHA256
                    : SignatureName.ECDSA_SHA256).jcaName();
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(caKey)));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(CurveName.SECP256R1.jcaName()), RANDOM);
        return g.generateKeyPair();
    }
}
