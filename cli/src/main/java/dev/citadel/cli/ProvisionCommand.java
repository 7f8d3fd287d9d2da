package dev.citadel.cli;

import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code citadel provision}: a device's key and certificates in its PKCS#11 token, through a running SPE. Keys are
 * generated in the SPE, CSRs signed there through the Citadel provider; what is installed is what the Citadel
 * KeyStore and PKCS#11 applications see.
 */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        description = "Provision a device's keys and certificates in its PKCS#11 token (through a running SPE).",
        subcommands = {ProvisionCommand.InitToken.class, ProvisionCommand.Keygen.class, ProvisionCommand.Csr.class,
            ProvisionCommand.InstallCert.class, ProvisionCommand.Import.class, ProvisionCommand.ListEntries.class,
            ProvisionCommand.Remove.class, ProvisionCommand.CodeVerifyKey.class, ProvisionCommand.DeviceFlow.class})
final class ProvisionCommand implements Runnable {
    /** FreeRTOS's labels (freertos.md §2). */
    static final String DEVICE_KEY = "Device Priv TLS Key";
    static final String DEVICE_PUBLIC_KEY = "Device Pub TLS Key";
    static final String DEVICE_CERT = "Device Cert";
    static final String ROOT_CERT = "Root Cert";
    /** The OTA agent's code-verify key: FreeRTOS's PSA shim gives it PSA key id 0x11. */
    static final String CODE_VERIFY_KEY = "Code Verify Key";

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel provision --help'", Main.USAGE);
    }

    // The steps, shared by the subcommands and 'device'

    static boolean tokenInitialised(ProvisionTarget.Device d) throws CkException {
        Cryptoki p = d.application();
        try {
            return (p.getTokenInfo(PsaToken.SLOT_ID).flags() & Ckf.TOKEN_INITIALIZED) != 0;
        } finally {
            p.finalizeLibrary();
        }
    }

    static void initToken(ProvisionTarget.Device d, String soPin, String userPin, String label) throws CkException {
        Cryptoki p = d.application();
        try {
            p.initToken(PsaToken.SLOT_ID, soPin.getBytes(StandardCharsets.UTF_8), label);
            long s = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
            p.login(s, Ckf.USER_SO, soPin.getBytes(StandardCharsets.UTF_8));
            p.initPin(s, userPin.getBytes(StandardCharsets.UTF_8));
        } finally {
            p.finalizeLibrary();
        }
    }

    /** A token key pair; the private half sensitive and non-extractable. Returns its CKA_ID. */
    static byte[] keygen(ProvisionTarget.Device d, ProvisionKeyType type, String label, String publicLabel,
            byte[] id) throws Exception {
        Cryptoki p = d.user();
        long s = d.userSession();
        if (find(p, s, Cko.PRIVATE_KEY, label).length > 0) {
            throw new UserException("a private key labelled '" + label + "' exists already (provision remove"
                    + " --label '" + label + "' first)");
        }
        byte[] keyId = id == null ? new byte[0] : id;
        List<CkAttribute> pub = new ArrayList<>(type.publicParameters());
        pub.addAll(List.of(CkAttribute.ofBool(Cka.TOKEN, true), CkAttribute.ofString(Cka.LABEL, publicLabel),
                CkAttribute.ofBool(Cka.VERIFY, true), CkAttribute.ofBytes(Cka.ID, keyId)));
        List<CkAttribute> priv = List.of(CkAttribute.ofBool(Cka.TOKEN, true),
                CkAttribute.ofBool(Cka.PRIVATE, true), CkAttribute.ofBool(Cka.SENSITIVE, true),
                CkAttribute.ofBool(Cka.EXTRACTABLE, false), CkAttribute.ofBool(Cka.SIGN, true),
                CkAttribute.ofString(Cka.LABEL, label), CkAttribute.ofBytes(Cka.ID, keyId));
        long[] pair = p.generateKeyPair(s, type.mechanism(), pub, priv);
        if (id == null) {
            // The KeyStore's convention: the SHA-1 of the SubjectPublicKeyInfo.
            byte[] spki = p.getAttributes(s, pair[1], Cka.PUBLIC_KEY_INFO).get(0).value();
            keyId = MessageDigest.getInstance("SHA-1").digest(spki);
            p.setAttributeValue(s, pair[0], List.of(CkAttribute.ofBytes(Cka.ID, keyId)));
            p.setAttributeValue(s, pair[1], List.of(CkAttribute.ofBytes(Cka.ID, keyId)));
        }
        return keyId;
    }

    /**
     * The code-verify key as a token public key object (verify only): the curve and point come from the key's own
     * SubjectPublicKeyInfo, so no curve table is repeated here. Returns its PSA key id.
     */
    static int installCodeVerifyKey(ProvisionTarget.Device d, PublicKey key) throws Exception {
        Cryptoki p = d.user();
        long s = d.userSession();
        if (find(p, s, Cko.PUBLIC_KEY, CODE_VERIFY_KEY).length > 0) {
            throw new UserException("'" + CODE_VERIFY_KEY + "' exists already (provision remove --label '"
                    + CODE_VERIFY_KEY + "' first)");
        }
        if (!"EC".equals(key.getAlgorithm())) {
            throw new UserException("the code-verify key must be an EC public key (FreeRTOS OTA's"
                    + " sig-sha256-ecdsa), not " + key.getAlgorithm());
        }
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        long h = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PUBLIC_KEY),
                CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_EC), CkAttribute.ofBool(Cka.TOKEN, true),
                CkAttribute.ofBool(Cka.VERIFY, true), CkAttribute.ofString(Cka.LABEL, CODE_VERIFY_KEY),
                CkAttribute.ofBytes(Cka.EC_PARAMS, spki.getAlgorithm().getParameters().toASN1Primitive().getEncoded()),
                CkAttribute.ofBytes(Cka.EC_POINT, new DEROctetString(spki.getPublicKeyData().getBytes()).getEncoded())));
        byte[] id = p.getAttributes(s, h, Cka.CITADEL_PSA_KEY_ID).get(0).value();
        return (int) java.nio.ByteBuffer.wrap(id).getLong(); // CK_ULONG, as the token encodes it
    }

    /** The token's public keys that have no private key beside them (such as the code-verify key). */
    static List<Long> lonePublicKeys(ProvisionTarget.Device d) throws CkException {
        Cryptoki p = d.user();
        long s = d.userSession();
        List<Long> lone = new ArrayList<>();
        p.findObjectsInit(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PUBLIC_KEY)));
        long[] all;
        try {
            all = p.findObjects(s, 256);
        } finally {
            p.findObjectsFinal(s);
        }
        for (long h : all) {
            byte[] id = p.getAttributes(s, h, Cka.ID).get(0).value();
            long[] privates = new long[0];
            if (id != null && id.length > 0) {
                p.findObjectsInit(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY),
                        CkAttribute.ofBytes(Cka.ID, id)));
                try {
                    privates = p.findObjects(s, 1);
                } finally {
                    p.findObjectsFinal(s);
                }
            }
            if (privates.length == 0) {
                lone.add(h);
            }
        }
        return lone;
    }

    private static boolean labelled(ProvisionTarget.Device d, long object, String label) {
        try {
            return Arrays.equals(d.user().getAttributes(d.userSession(), object, Cka.LABEL).get(0).value(),
                    label.getBytes(StandardCharsets.UTF_8));
        } catch (CkException e) {
            return false;
        }
    }

    static long[] find(Cryptoki p, long s, long cls, String label) throws CkException {
        p.findObjectsInit(s, List.of(CkAttribute.ofLong(Cka.CLASS, cls), CkAttribute.ofString(Cka.LABEL, label)));
        try {
            return p.findObjects(s, 64);
        } finally {
            p.findObjectsFinal(s);
        }
    }

    static CitadelPrivateKey key(KeyStore ks, String label) throws Exception {
        Key k = ks.isKeyEntry(label) ? ks.getKey(label, null) : null;
        if (!(k instanceof CitadelPrivateKey)) {
            throw new UserException("no private key labelled '" + label + "' (provision keygen or import first)");
        }
        return (CitadelPrivateKey) k;
    }

    /** A PKCS#10 request for the key, signed in the SPE through the Citadel provider, as PEM. */
    static String csr(ProvisionTarget.Device d, KeyStore ks, String label, String subject) throws Exception {
        CitadelPrivateKey key = key(ks, label);
        X500Name name;
        try {
            name = new X500Name(subject);
        } catch (IllegalArgumentException e) {
            throw new UserException("not a distinguished name: " + subject + " (" + e.getMessage() + ")",
                    Main.USAGE);
        }
        ContentSigner signer = new JcaContentSignerBuilder(ProvisionKeyType.csrSignature(key))
                .setProvider(d.provider).build(key);
        PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(name, key.publicKey()).build(signer);
        return pem("CERTIFICATE REQUEST", req.getEncoded());
    }

    /**
     * Attaches {@code chain} to the key {@code label}; the leaf certificate object gets {@code certLabel}. A
     * certificate that does not carry the key's public key is refused with one line.
     */
    static void installCert(ProvisionTarget.Device d, KeyStore ks, String label, List<X509Certificate> chain,
            String certLabel) throws Exception {
        CitadelPrivateKey key = key(ks, label);
        X509Certificate leaf = chain.get(0);
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new UserException("the certificate of " + leaf.getSubjectX500Principal().getName()
                    + " does not match key '" + label + "': not installed");
        }
        ks.setKeyEntry(label, key, null, chain.toArray(new Certificate[0]));
        if (!certLabel.equals(label)) {
            Cryptoki p = d.user();
            long s = d.userSession();
            for (long c : find(p, s, Cko.CERTIFICATE, label)) {
                byte[] v = p.getAttributes(s, c, Cka.VALUE).get(0).value();
                if (Arrays.equals(v, leaf.getEncoded())) {
                    p.setAttributeValue(s, c, List.of(CkAttribute.ofString(Cka.LABEL, certLabel)));
                }
            }
        }
    }

    static List<X509Certificate> readCertificates(List<Path> files) {
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
            } catch (IOException e) {
                throw new UserException("cannot read " + f + ": " + e.getMessage());
            } catch (CertificateException e) {
                throw new UserException(f + " holds no readable X.509 certificate (PEM or DER)");
            }
        }
        if (out.isEmpty()) {
            throw new UserException("no certificate in " + files);
        }
        return out;
    }

    /** A public key from a PEM SubjectPublicKeyInfo, or from a certificate (PEM or DER). */
    static PublicKey readPublicKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o instanceof SubjectPublicKeyInfo spki) {
                return new JcaPEMKeyConverter().getPublicKey(spki);
            }
        } catch (IOException e) {
            if (!Files.isReadable(file)) {
                throw new UserException("cannot read the key " + file + ": " + e.getMessage());
            }
        }
        try {
            return readCertificates(List.of(file)).get(0).getPublicKey();
        } catch (UserException e) {
            throw new UserException(file + " holds no PEM public key and no certificate");
        }
    }

    static PrivateKey readPrivateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair) {
                return conv.getKeyPair((PEMKeyPair) o).getPrivate();
            }
            if (o instanceof PrivateKeyInfo) {
                return conv.getPrivateKey((PrivateKeyInfo) o);
            }
            throw new UserException(file + " holds no unencrypted PEM private key (PKCS#8, SEC 1 or PKCS#1)");
        } catch (IOException e) {
            throw new UserException("cannot read the key " + file + ": " + e.getMessage());
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static byte[] hexId(String hex) {
        if (hex == null) {
            return null;
        }
        try {
            byte[] b = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
            if (b.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new UserException("--id must be hex bytes, got " + hex, Main.USAGE);
        }
    }

    static void write(Path out, String text) {
        try {
            Files.writeString(out, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UserException("cannot write " + out + ": " + e.getMessage());
        }
    }

    // Subcommands

    @Command(name = "init-token", mixinStandardHelpOptions = true,
            description = "C_InitToken and C_InitPIN: set the SO PIN and the user PIN (--pin).")
    static final class InitToken extends ProvisionTarget implements Runnable {
        @Option(names = "--so-pin", required = true, paramLabel = "PIN", description = "The security officer's PIN.")
        String soPin;

        @Option(names = "--label", defaultValue = "citadel", paramLabel = "L", description = "Token label.")
        String label;

        @Option(names = "--reinit", description = "Re-initialise an initialised token: destroys all its objects.")
        boolean reinit;

        @Override
        public void run() {
            with(d -> {
                if (tokenInitialised(d) && !reinit) {
                    throw new UserException("the token is initialised already (--reinit erases it)");
                }
                initToken(d, soPin, userPin(), label);
                System.out.println("token '" + label + "' initialised");
            });
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Generate a key pair in the SPE (C_GenerateKeyPair): a token private key, sensitive and"
                    + " non-extractable, and its public key.")
    static final class Keygen extends ProvisionTarget implements Runnable {
        @Option(names = "--label", required = true, paramLabel = "L", description = "The private key's label.")
        String label;

        @Option(names = "--public-label", paramLabel = "L", description = "The public key's label (default: --label).")
        String publicLabel;

        @Option(names = "--id", paramLabel = "HEX",
                description = "CKA_ID of both halves (default: SHA-1 of the public key).")
        String id;

        @Option(names = "--type", defaultValue = "ec-p256", paramLabel = "TYPE",
                description = "ec-p256, ec-p384 or rsa-2048 (default: ${DEFAULT-VALUE}).")
        String type;

        @Override
        public void run() {
            ProvisionKeyType t = ProvisionKeyType.byName(type);
            byte[] keyId = hexId(id);
            with(d -> {
                byte[] made = keygen(d, t, label, publicLabel == null ? label : publicLabel, keyId);
                System.out.println("generated " + t.cliName + " key pair '" + label + "' (id "
                        + HexFormat.of().formatHex(made) + ")");
            });
        }
    }

    @Command(name = "csr", mixinStandardHelpOptions = true,
            description = "Write a PKCS#10 certificate request for a key, signed inside the SPE.")
    static final class Csr extends ProvisionTarget implements Runnable {
        @Option(names = "--label", required = true, paramLabel = "L", description = "The private key's label.")
        String label;

        @Option(names = "--subject", required = true, paramLabel = "DN", description = "e.g. \"CN=device-42\".")
        String subject;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write it (PEM).")
        Path out;

        @Override
        public void run() {
            with(d -> {
                String pem = csr(d, d.keyStore(), label, subject);
                write(out, pem);
                System.out.println("wrote the certificate request of '" + label + "' to " + out);
            });
        }
    }

    @Command(name = "install-cert", mixinStandardHelpOptions = true,
            description = "Install a key's certificate and its chain (they get the key's CKA_ID).")
    static final class InstallCert extends ProvisionTarget implements Runnable {
        @Option(names = "--label", required = true, paramLabel = "L", description = "The private key's label.")
        String label;

        @Option(names = "--cert-label", paramLabel = "L",
                description = "The certificate object's label (default: --label).")
        String certLabel;

        @Parameters(arity = "1..*", paramLabel = "CERT", description = "The certificate, then its chain (PEM or DER).")
        List<Path> files;

        @Override
        public void run() {
            List<X509Certificate> chain = readCertificates(files);
            with(d -> {
                installCert(d, d.keyStore(), label, chain, certLabel == null ? label : certLabel);
                System.out.println("installed " + chain.size() + " certificate(s) for '" + label + "'");
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a private key and its certificate (C_CreateObject): the key becomes sensitive and"
                    + " non-extractable in the SPE.")
    static final class Import extends ProvisionTarget implements Runnable {
        @Option(names = "--label", required = true, paramLabel = "L", description = "The key's label.")
        String label;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key (PEM).")
        Path key;

        @Option(names = "--cert", required = true, paramLabel = "FILE",
                description = "Its certificate, then its chain (PEM).")
        Path cert;

        @Override
        public void run() {
            PrivateKey k = readPrivateKey(key);
            List<X509Certificate> chain = readCertificates(List.of(cert));
            with(d -> {
                KeyStore ks = d.keyStore();
                if (ks.containsAlias(label)) {
                    throw new UserException("'" + label + "' exists already (provision remove --label '" + label
                            + "' first)");
                }
                try {
                    ks.setKeyEntry(label, k, null, chain.toArray(new Certificate[0]));
                } catch (KeyStoreException e) {
                    throw new UserException(e.getMessage() + ": not imported");
                }
                System.out.println("imported " + k.getAlgorithm() + " key '" + label + "' with " + chain.size()
                        + " certificate(s)");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the token's keys and certificates.")
    static final class ListEntries extends ProvisionTarget implements Runnable {
        @Override
        public void run() {
            with(d -> {
                KeyStore ks = d.keyStore();
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        CitadelPrivateKey k = key(ks, a);
                        Certificate[] chain = ks.getCertificateChain(a);
                        System.out.println("key   '" + a + "' " + k.getAlgorithm() + " " + k.attributes().bits()
                                + " bits, " + (chain == null ? "no certificate"
                                        : chain.length + " certificate(s), "
                                                + ((X509Certificate) chain[0]).getSubjectX500Principal().getName()));
                    } else {
                        X509Certificate c = (X509Certificate) ks.getCertificate(a);
                        System.out.println("cert  '" + a + "' " + c.getSubjectX500Principal().getName());
                    }
                }
                for (long h : lonePublicKeys(d)) {
                    String label = new String(d.user().getAttributes(d.userSession(), h, Cka.LABEL).get(0).value(),
                            StandardCharsets.UTF_8);
                    System.out.println("pub   '" + label + "' verify only" + (label.equals(CODE_VERIFY_KEY)
                            ? " (checks OTA files' signatures)" : ""));
                }
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an entry: a key with its public key and certificates, or a certificate.")
    static final class Remove extends ProvisionTarget implements Runnable {
        @Option(names = "--label", required = true, paramLabel = "L", description = "The entry's label.")
        String label;

        @Override
        public void run() {
            with(d -> {
                KeyStore ks = d.keyStore();
                if (!ks.containsAlias(label)) {
                    long[] lone = lonePublicKeys(d).stream().filter(h -> labelled(d, h, label))
                            .mapToLong(Long::longValue).toArray();
                    if (lone.length == 0) {
                        throw new UserException("no entry labelled '" + label + "'");
                    }
                    for (long h : lone) {
                        d.user().destroyObject(d.userSession(), h);
                    }
                } else {
                    ks.deleteEntry(label);
                }
                System.out.println("removed '" + label + "'");
            });
        }
    }

    @Command(name = "code-verify-key", mixinStandardHelpOptions = true,
            description = {"Install the public key that checks OTA files' signatures, as '" + CODE_VERIFY_KEY + "'"
                    + " (FreeRTOS's label; the key gets PSA key id 0x11, where the OTA agent looks for it)."})
    static final class CodeVerifyKey extends ProvisionTarget implements Runnable {
        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The code-signing key's public key (PEM), or a certificate holding it.")
        Path key;

        @Override
        public void run() {
            PublicKey pub = readPublicKey(key);
            with(d -> System.out.printf("installed '%s' (PSA key 0x%x, verify only)%n", CODE_VERIFY_KEY,
                    installCodeVerifyKey(d, pub)));
        }
    }

    @Command(name = "device", mixinStandardHelpOptions = true,
            description = {"FreeRTOS's provisioning order in one command, for factory use: token initialisation if"
                    + " needed, the device key pair ('" + DEVICE_KEY + "' / '" + DEVICE_PUBLIC_KEY + "') if absent,"
                    + " its CSR (--csr), then the device certificate (--cert, as '" + DEVICE_CERT + "') and the root"
                    + " CA (--root-ca, as '" + ROOT_CERT + "')."})
    static final class DeviceFlow extends ProvisionTarget implements Runnable {
        @Option(names = "--so-pin", paramLabel = "PIN", description = "Needed if the token is not initialised.")
        String soPin;

        @Option(names = "--type", defaultValue = "ec-p256", paramLabel = "TYPE",
                description = "Device key type: ec-p256, ec-p384 or rsa-2048 (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--subject", paramLabel = "DN", description = "The CSR's subject (with --csr).")
        String subject;

        @Option(names = "--csr", paramLabel = "FILE", description = "Write the device key's CSR here.")
        Path csrOut;

        @Option(names = "--cert", paramLabel = "FILE", description = "The issued device certificate (and chain).")
        Path cert;

        @Option(names = "--root-ca", paramLabel = "FILE", description = "The root CA certificate to install.")
        Path rootCa;

        @Override
        public void run() {
            ProvisionKeyType t = ProvisionKeyType.byName(type);
            if (csrOut != null && subject == null) {
                throw new UserException("--csr needs --subject", Main.USAGE);
            }
            List<X509Certificate> chain = cert == null ? null : readCertificates(List.of(cert));
            List<X509Certificate> root = rootCa == null ? null : readCertificates(List.of(rootCa));
            with(d -> {
                if (tokenInitialised(d)) {
                    System.out.println("[1/5] token initialised already");
                } else {
                    if (soPin == null) {
                        throw new UserException("the token is not initialised: --so-pin is needed");
                    }
                    initToken(d, soPin, userPin(), "citadel");
                    System.out.println("[1/5] token initialised");
                }
                KeyStore ks = d.keyStore();
                if (ks.isKeyEntry(DEVICE_KEY)) {
                    System.out.println("[2/5] device key pair present");
                } else {
                    keygen(d, t, DEVICE_KEY, DEVICE_PUBLIC_KEY, null);
                    System.out.println("[2/5] generated " + t.cliName + " device key pair '" + DEVICE_KEY + "'");
                }
                if (csrOut != null) {
                    write(csrOut, csr(d, ks, DEVICE_KEY, subject));
                    System.out.println("[3/5] wrote the device CSR to " + csrOut);
                } else {
                    System.out.println("[3/5] no CSR asked for");
                }
                if (chain != null) {
                    installCert(d, ks, DEVICE_KEY, chain, DEVICE_CERT);
                    System.out.println("[4/5] installed '" + DEVICE_CERT + "' ("
                            + chain.get(0).getSubjectX500Principal().getName() + ")");
                } else {
                    System.out.println("[4/5] no device certificate given");
                }
                if (root != null) {
                    ks.setCertificateEntry(ROOT_CERT, root.get(0));
                    System.out.println("[5/5] installed '" + ROOT_CERT + "' ("
                            + root.get(0).getSubjectX500Principal().getName() + ")");
                } else {
                    System.out.println("[5/5] no root CA given");
                }
            });
        }
    }
}
