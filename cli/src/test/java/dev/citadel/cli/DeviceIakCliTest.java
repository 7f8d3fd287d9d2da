package dev.citadel.cli;

import static dev.citadel.cli.ImageCliTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.otp.IakType;
import dev.citadel.hal.otp.Otp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device init --iak / --iak-hmac} and {@code device iak-pub}: the OTP's IAK and the printed public key. */
class DeviceIakCliTest {
    /** TF-M's template IAK, private scalar. */
    static final byte[] TFM_SCALAR =
            HexFormat.of().parseHex("a9b454b26d6f90a4ea31193564cba91fec6f9a002a7dc0504b92a1937134585f");

    @TempDir
    static Path shared;
    private static BootRig rig;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        rig = new BootRig(shared);
    }

    static String publishedPem() throws Exception {
        try (InputStream in = DeviceIakCliTest.class.getResourceAsStream("/attest/tfm-template-iak-public.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** TF-M's key as a SEC1 "EC PRIVATE KEY" (RFC 5915), its DER laid out here around the published point. */
    Path tfmSec1Pem() throws Exception {
        byte[] spki = der(publishedPem());
        byte[] point = java.util.Arrays.copyOfRange(spki, spki.length - 65, spki.length);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(HexFormat.of().parseHex("307702010104 20".replace(" ", "")));
        d.writeBytes(TFM_SCALAR);
        d.writeBytes(HexFormat.of().parseHex("a00a06082a8648ce3d030107a144034200"));
        d.writeBytes(point);
        return pem("tfm.pem", "EC PRIVATE KEY", d.toByteArray());
    }

    Path pem(String name, String label, byte[] der) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n");
        return p;
    }

    CliTest.Run init(Path d, String... extra) {
        String[] base = {"device", "init", d.toString(), "--rotpk0", rig.key0.toString(), "--rotpk1",
            rig.key1.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliTest.citadel(all);
    }

    @Test
    void tfmsPublishedDevelopmentKeyIsProvisionedAndItsPublishedPublicKeyPrinted() throws Exception {
        Path d = dir.resolve("dev");
        CliTest.Run run = init(d, "--iak", tfmSec1Pem().toString());
        assertThat(run.code()).as(run.toString()).isZero();

        Otp.Iak iak = Otp.open(d.resolve("otp.bin")).iak().orElseThrow();
        assertThat(iak.type()).isEqualTo(IakType.ECC_P256);
        assertThat(iak.key()).isEqualTo(TFM_SCALAR);
        CliTest.Run pub = BootRig.ok("device", "iak-pub", d.toString());
        assertThat(der(pub.out())).isEqualTo(der(publishedPem()));
        assertThat(run.out()).contains(pub.out().trim());
    }

    @Test
    void aPkcs8P384KeyIsProvisionedAsP384() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        Path d = dir.resolve("dev");
        CliTest.Run run = init(d, "--iak", pem("p384.pem", "PRIVATE KEY", kp.getPrivate().getEncoded()).toString());
        assertThat(run.code()).as(run.toString()).isZero();

        Otp.Iak iak = Otp.open(d.resolve("otp.bin")).iak().orElseThrow();
        assertThat(iak.type()).isEqualTo(IakType.ECC_P384);
        assertThat(new java.math.BigInteger(1, iak.key())).isEqualTo(((ECPrivateKey) kp.getPrivate()).getS());
        assertThat(der(BootRig.ok("device", "iak-pub", d.toString()).out())).isEqualTo(kp.getPublic().getEncoded());
    }

    @Test
    void aSymmetricIakIsProvisionedAndHasNoPublicKey() throws Exception {
        Path key = dir.resolve("hmac.key");
        Files.write(key, TFM_SCALAR);
        Path d = dir.resolve("dev");
        CliTest.Run run = init(d, "--iak-hmac", key.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("symmetric");

        Otp.Iak iak = Otp.open(d.resolve("otp.bin")).iak().orElseThrow();
        assertThat(iak.type()).isEqualTo(IakType.HMAC_SHA256);
        assertThat(iak.key()).isEqualTo(TFM_SCALAR);
        assertOneLineError(CliTest.citadel("device", "iak-pub", d.toString()), 1, "symmetric");
    }

    @Test
    void withoutAnIakOptionTheDeviceGetsARandomP256Iak() throws Exception {
        Path d = dir.resolve("dev");
        assertThat(init(d).code()).isZero();
        assertThat(Otp.open(d.resolve("otp.bin")).iak().orElseThrow().type()).isEqualTo(IakType.ECC_P256);
    }

    @Test
    void badIakFilesAreOneLineAndCreateNoDevice() throws Exception {
        Path d = dir.resolve("dev");
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[31]);
        assertOneLineError(init(d, "--iak-hmac", shortKey.toString()), 1, "32 raw bytes");
        assertThat(d).doesNotExist();

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a key\n");
        CliTest.Run bad = init(d, "--iak", garbage.toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err().lines().toList()).hasSize(1);
        assertThat(d).doesNotExist();

        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        CliTest.Run ed = init(d, "--iak", pem("ed.pem", "PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded())
                .toString());
        assertOneLineError(ed, 1, "not a P-256 or P-384 private key");
        assertThat(d).doesNotExist();

        assertOneLineError(init(d, "--iak", garbage.toString(), "--iak-hmac", shortKey.toString()), 2, "exclude");
        assertThat(d).doesNotExist();
        assertOneLineError(init(d, "--iak", dir.resolve("missing.pem").toString()), 1, "missing.pem");
    }
}
