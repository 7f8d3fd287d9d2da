package dev.citadel.itest.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native PKCS#11 applications on the Citadel token through p11-kit 0.24.1's stock {@code p11-kit-client.so}: OpenSC's
 * pkcs11-tool, GnuTLS's p11tool, OpenSSL's pkcs11 engine and Java's SunPKCS11, against an SPE process. Every
 * signature is verified without the token (the JDK or openssl, with the public key pkcs11-tool read out). Ordered:
 * the token is initialised once, keys made by one tool are used by the next; the last test restarts the SPE.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class P11KitToolsInteropTest {
    private static final byte[] DATA = "the data to sign".getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private P11KitRig rig;
    private PublicKey ecPublic;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        rig = P11KitRig.start(dir);
        Files.write(dir.resolve("data.bin"), DATA);
        Files.write(dir.resolve("hash.bin"), java.security.MessageDigest.getInstance("SHA-256").digest(DATA));
    }

    @AfterAll
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void initialisesTheTokenAndListsTheSlot() throws Exception {
        rig.provision("interop");
        assertThat(rig.pkcs11Tool("-L")).contains("Slot 0 (0x1): Citadel PSA slot")
                .contains("token label        : interop").contains("token manufacturer : Citadel")
                .contains("token initialized").contains("PIN initialized");
    }

    @Test
    @Order(2)
    void generatesEcAndRsaKeyPairsAndListsThem() throws Exception {
        String ec = rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type",
                "EC:prime256v1", "--label", "ec-key", "--id", "01");
        assertThat(ec).contains("Key pair generated").contains("Private Key Object; EC")
                .contains("EC_PARAMS:  06082a8648ce3d030107");
        String rsa = rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type", "rsa:2048",
                "--label", "rsa-key", "--id", "02");
        assertThat(rsa).contains("Private Key Object; RSA").contains("Public Key Object; RSA 2048 bits");
        // A signing-only RSA key: its PSA policy has room for PSS (one that also decrypts gets OAEP instead).
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type", "rsa:2048", "--label",
                "pss-key", "--id", "03", "--usage-sign");

        String pub = rig.pkcs11Tool("-O");
        assertThat(pub).contains("Public Key Object; EC").contains("label:      ec-key")
                .contains("label:      rsa-key").contains("label:      pss-key").doesNotContain("Private Key");
        String all = rig.pkcs11Tool("-O", "--login", "--pin", P11KitRig.PIN);
        assertThat(all.split("Private Key Object", -1)).hasSize(4);
        assertThat(all.split("Public Key Object", -1)).hasSize(4);
    }

    @Test
    @Order(3)
    void ecdsaSignatureVerifiesWithTheJdk() throws Exception {
        ecPublic = publicKey("01", "EC");
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "ECDSA", "--id", "01",
                "-i", "hash.bin", "-o", "ec.sig");
        byte[] sig = Files.readAllBytes(dir.resolve("ec.sig"));
        assertThat(sig).hasSize(64);
        assertThat(verify("SHA256withECDSAinP1363Format", ecPublic, sig)).isTrue();
        // DER form, as pkcs11-tool converts it for OpenSSL.
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "ECDSA", "--id", "01",
                "-i", "hash.bin", "-o", "ec.der.sig", "--signature-format", "openssl");
        assertThat(verify("SHA256withECDSA", ecPublic, Files.readAllBytes(dir.resolve("ec.der.sig")))).isTrue();
    }

    @Test
    @Order(4)
    void rsaPkcs1AndPssSignaturesVerifyWithTheJdk() throws Exception {
        PublicKey rsa = publicKey("02", "RSA");
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", "02",
                "-i", "data.bin", "-o", "rsa.sig");
        assertThat(verify("SHA256withRSA", rsa, Files.readAllBytes(dir.resolve("rsa.sig")))).isTrue();

        // CKM_RSA_PKCS signs the DigestInfo it is given.
        byte[] digestInfo = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
        Files.write(dir.resolve("di.bin"), concat(digestInfo, Files.readAllBytes(dir.resolve("hash.bin"))));
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "RSA-PKCS", "--id", "02",
                "-i", "di.bin", "-o", "raw.sig");
        assertThat(verify("SHA256withRSA", rsa, Files.readAllBytes(dir.resolve("raw.sig")))).isTrue();

        PublicKey pss = publicKey("03", "RSA");
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "RSA-PKCS-PSS",
                "--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256", "--salt-len", "-1", "--id", "03",
                "-i", "hash.bin", "-o", "pss.sig");
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(pss);
        v.update(DATA);
        assertThat(v.verify(Files.readAllBytes(dir.resolve("pss.sig")))).isTrue();
    }

    /** What the 0.24.1 client or the key's PSA policy refuses, with the code each one gives. */
    @Test
    @Order(5)
    void refusalsAreReportedWithTheirCodes() throws Exception {
        // p11-kit 0.24.1's client knows no CKM_ECDSA_SHA256 and CKM_SHA256_RSA_PKCS_PSS: it refuses them itself.
        P11KitRig.Result ecdsaSha = rig.pkcs11ToolResult("--login", "--pin", P11KitRig.PIN, "--sign",
                "--mechanism", "ECDSA-SHA256", "--id", "01", "-i", "data.bin", "-o", "x.sig");
        assertThat(ecdsaSha.code()).isNotZero();
        assertThat(ecdsaSha.output()).contains("C_SignInit failed: rv = CKR_MECHANISM_INVALID");
        // The sign-and-decrypt RSA key's two PSA algorithms are PKCS#1 v1.5 signatures and OAEP: no PSS.
        P11KitRig.Result pss = rig.pkcs11ToolResult("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism",
                "RSA-PKCS-PSS", "--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256", "--salt-len", "-1", "--id",
                "02", "-i", "hash.bin", "-o", "y.sig");
        assertThat(pss.code()).isNotZero();
        assertThat(pss.output()).contains("CKR_KEY_FUNCTION_NOT_PERMITTED");
        P11KitRig.Result pin = rig.pkcs11ToolResult("-O", "--login", "--pin", "9999");
        assertThat(pin.output()).contains("CKR_PIN_INCORRECT");
    }

    @Test
    @Order(6)
    void p11toolListsTheObjects() throws Exception {
        P11KitRig.Result all = rig.run(List.of("p11tool", "--provider", P11KitRig.MODULE, "--list-all"), Map.of());
        assertThat(all.code()).as(all.output()).isZero();
        assertThat(all.output()).contains("token=interop;id=%01;object=ec-key;type=public")
                .contains("Type: Public key (EC/ECDSA-SECP256R1)").contains("object=rsa-key;type=public")
                .contains("Type: Public key (RSA-2048)").doesNotContain("type=private");
        P11KitRig.Result priv = rig.run(List.of("p11tool", "--provider", P11KitRig.MODULE, "--login",
                "--list-all-privkeys"), Map.of("GNUTLS_PIN", P11KitRig.PIN));
        assertThat(priv.code()).as(priv.output()).isZero();
        assertThat(priv.output()).contains("object=ec-key;type=private").contains("object=rsa-key;type=private")
                .contains("object=pss-key;type=private").contains("CKA_SENSITIVE");
    }

    @Test
    @Order(7)
    void opensslSignsThroughTheEngineAndVerifiesWithTheExportedKey() throws Exception {
        Path cnf = Files.writeString(dir.resolve("openssl.cnf"), String.join("\n",
                "openssl_conf = openssl_init",
                "[openssl_init]",
                "engines = engine_section",
                "[engine_section]",
                "pkcs11 = pkcs11_section",
                "[pkcs11_section]",
                "engine_id = pkcs11",
                "MODULE_PATH = " + P11KitRig.MODULE,
                "init = 0", ""));
        Map<String, String> env = Map.of("OPENSSL_CONF", cnf.toString());
        P11KitRig.Result sign = rig.run(List.of("openssl", "pkeyutl", "-engine", "pkcs11", "-keyform", "engine",
                "-sign", "-inkey", "pkcs11:token=interop;object=ec-key;type=private?pin-value=" + P11KitRig.PIN,
                "-in", "hash.bin", "-out", "engine.sig"), env);
        assertThat(sign.code()).as(sign.output()).isZero();
        rig.pkcs11Tool("--read-object", "--type", "pubkey", "--id", "01", "-o", "ec-pub.der");
        P11KitRig.Result pem = rig.run(List.of("openssl", "pkey", "-pubin", "-inform", "DER", "-in", "ec-pub.der",
                "-out", "ec-pub.pem"), Map.of());
        assertThat(pem.code()).as(pem.output()).isZero();
        P11KitRig.Result verify = rig.run(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                "ec-pub.pem", "-in", "hash.bin", "-sigfile", "engine.sig"), Map.of());
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("Signature Verified Successfully");
        // And the JDK agrees (the engine's signature is DER).
        assertThat(verify("SHA256withECDSA", ecPublic, Files.readAllBytes(dir.resolve("engine.sig")))).isTrue();

        P11KitRig.Result rsa = rig.run(List.of("openssl", "pkeyutl", "-engine", "pkcs11", "-keyform", "engine",
                "-sign", "-inkey", "pkcs11:token=interop;object=rsa-key;type=private?pin-value=" + P11KitRig.PIN,
                "-pkeyopt", "digest:sha256", "-in", "hash.bin", "-out", "engine-rsa.sig"), env);
        assertThat(rsa.code()).as(rsa.output()).isZero();
        assertThat(verify("SHA256withRSA", publicKey("02", "RSA"),
                Files.readAllBytes(dir.resolve("engine-rsa.sig")))).isTrue();
    }

    @Test
    @Order(8)
    void sunPkcs11SignsWithSha256WithEcdsa() throws Exception {
        Path cfg = Files.writeString(dir.resolve("sunpkcs11.cfg"), "name = Citadel\nlibrary = "
                + P11KitRig.MODULE + "\nslotListIndex = 0\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        P11KitRig.Result r = rig.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                SunPkcs11Signer.class.getName(), cfg.toString(), P11KitRig.PIN, HexFormat.of().formatHex(DATA)),
                Map.of());
        assertThat(r.code()).as(r.output()).isZero();
        String pub = line(r.output(), "public=");
        String sig = line(r.output(), "signature=");
        assertThat(line(r.output(), "provider=")).startsWith("SunPKCS11-Citadel");
        PublicKey key = KeyFactory.getInstance("EC", "SunEC")
                .generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(pub)));
        Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
        v.initVerify(key);
        v.update(DATA);
        assertThat(v.verify(HexFormat.of().parseHex(sig))).isTrue();
    }

    @Test
    @Order(9)
    void keysPersistAcrossAnSpeRestartAndAreFoundByLabel() throws Exception {
        rig.close();
        rig = null;
        rig = P11KitRig.start(dir);
        // pkcs11-tool 0.23's -O lists every object whatever --label says; --read-object and --sign look the
        // label up with C_FindObjects(CKA_LABEL, CKA_CLASS).
        String listed = rig.pkcs11Tool("-O", "--login", "--pin", P11KitRig.PIN, "--label", "ec-key");
        assertThat(listed).contains("Private Key Object; EC").contains("label:      ec-key").contains("ID:         01")
                .contains("Private Key Object; RSA").contains("label:      rsa-key");
        rig.pkcs11Tool("--read-object", "--type", "pubkey", "--label", "ec-key", "-o", "again.der");
        assertThat(Files.readAllBytes(dir.resolve("again.der"))).isEqualTo(ecPublic.getEncoded());
        rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--sign", "--mechanism", "ECDSA", "--label", "ec-key",
                "-i", "hash.bin", "-o", "after.sig");
        assertThat(verify("SHA256withECDSAinP1363Format", ecPublic,
                Files.readAllBytes(dir.resolve("after.sig")))).isTrue();
    }

    private PublicKey publicKey(String id, String algorithm) throws Exception {
        String file = "pub-" + id + ".der";
        rig.pkcs11Tool("--read-object", "--type", "pubkey", "--id", id, "-o", file);
        return KeyFactory.getInstance(algorithm).generatePublic(
                new X509EncodedKeySpec(Files.readAllBytes(dir.resolve(file))));
    }

    private static boolean verify(String algorithm, PublicKey key, byte[] signature) throws Exception {
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(key);
        v.update(DATA);
        return v.verify(signature);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + output));
    }
}
