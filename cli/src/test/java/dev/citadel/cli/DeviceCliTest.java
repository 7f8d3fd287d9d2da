package dev.citadel.cli;

import static dev.citadel.cli.ImageCliTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.otp.Lifecycle;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device init}, {@code device flash}, {@code image spe-manifest} and {@code boot}: what they write, and bad input. */
class DeviceCliTest {
    @TempDir
    static Path shared;
    private static BootRig rig;
    private static Path spe;
    private static Path ns;

    @TempDir
    Path dir;

    @BeforeAll
    static void keysAndImages() throws Exception {
        rig = new BootRig(shared);
        spe = rig.spe("1.0.0", 1);
        ns = rig.ns("1.0.0", 1);
    }

    private Path init() {
        Path d = dir.resolve("dev");
        BootRig.ok("device", "init", d.toString(), "--rotpk0", rig.key0.toString(), "--rotpk1", rig.key1.toString());
        return d;
    }

    @Test
    void initProgramsTheRotpkHashesOfTheGivenKeysAFreshHukAndIakAndTheLifecycle() throws Exception {
        Path d = init();

        Otp otp = Otp.open(d.resolve("otp.bin"));
        // imgtool getpubhash: SHA-256 of the DER public key, read here with the JDK from the public PEM
        Path pub = dir.resolve("pub0.pem");
        BootRig.ok("image", "getpub", "-k", rig.key0.toString(), "-e", "raw", "-o", pub.toString());
        assertThat(otp.read(OtpField.ROTPK_0).orElseThrow())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pub)));
        assertThat(otp.isProgrammed(OtpField.HUK)).isTrue();
        assertThat(otp.isProgrammed(OtpField.IAK)).isTrue();
        assertThat(otp.isProgrammed(OtpField.ROTPK_1)).isTrue();
        assertThat(otp.lifecycle()).contains(Lifecycle.SECURED.value());
        assertThat(Files.size(d.resolve("internal_flash.bin"))).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void initTakesALifecycleByName() throws Exception {
        Path d = dir.resolve("dev");
        BootRig.ok("device", "init", d.toString(), "--rotpk0", rig.key0.toString(), "--rotpk1", rig.key1.toString(),
                "--lifecycle", "psa-rot-provisioning");
        assertThat(Otp.open(d.resolve("otp.bin")).lifecycle()).contains(Lifecycle.PSA_ROT_PROVISIONING.value());
    }

    @Test
    void initRefusesAnExistingDeviceAndLeavesItAsItWas() throws Exception {
        Path d = init();
        byte[] otp = Files.readAllBytes(d.resolve("otp.bin"));

        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", rig.key0.toString(),
                "--rotpk1", rig.key1.toString()), 1, "already holds a device");
        assertThat(Files.readAllBytes(d.resolve("otp.bin"))).isEqualTo(otp);
    }

    @Test
    void initRefusesBadKeysAndCreatesNothing() throws Exception {
        Path d = dir.resolve("dev");
        Path garbage = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----\n");
        KeyPairGenerator x = KeyPairGenerator.getInstance("X25519");
        Path x25519 = Files.writeString(dir.resolve("x25519.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(x.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", dir.resolve("none.pem")
                .toString(), "--rotpk1", rig.key1.toString()), 1, "not found");
        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", garbage.toString(),
                "--rotpk1", rig.key1.toString()), 1, "bad.pem");
        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", rig.key0.toString(),
                "--rotpk1", x25519.toString()), 1, "x25519.pem");
        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", rig.key0.toString(),
                "--rotpk1", rig.key1.toString(), "--lifecycle", "shipped"), 2, "--lifecycle");
        assertOneLineError(CliTest.citadel("device", "init", d.toString(), "--rotpk0", rig.key0.toString()), 2,
                "--rotpk1");
        assertThat(d).doesNotExist();
    }

    @Test
    void flashWritesTheImageAtItsSlotAndSaysBl2WillAcceptIt() throws Exception {
        Path d = init();

        CliTest.Run r = BootRig.ok("device", "flash", d.toString(), "--image", "1", ns.toString());

        assertThat(r.out()).contains("into the primary slot of image 1 [0x20000, +0x90000)")
                .contains("BL2 will accept it: version 1.0.0+0");
        byte[] image = Files.readAllBytes(ns);
        byte[] flash = Files.readAllBytes(d.resolve("internal_flash.bin"));
        assertThat(java.util.Arrays.copyOfRange(flash, 0x20000, 0x20000 + image.length)).isEqualTo(image);
    }

    @Test
    void flashWarnsOfAnImageSignedByAnotherKey() {
        Path d = init();
        // image 0's key signed it, but image 1 is checked against ROTPK_1
        Path wrong = rig.sign(rig.nsJar, rig.key0, "1.0.0", 1, "NSPE", 0x90000);

        CliTest.Run r = BootRig.ok("device", "flash", d.toString(), "--image", "1", wrong.toString());

        assertThat(r.out()).contains("note: BL2 will refuse it: KEY_NOT_ALLOWED");
    }

    @Test
    void flashRefusesBadInputInOneLine() throws Exception {
        Path d = init();
        Path big = Files.write(dir.resolve("big.bin"), new byte[200 * 1024]);
        Path bigImage = rig.sign(big, rig.key0, "1.0.0", 1, "SPE", 0x40000);
        Path notImage = Files.write(dir.resolve("junk.bin"), new byte[100]);

        assertOneLineError(CliTest.citadel("device", "flash", dir.resolve("none").toString(), "--image", "0",
                spe.toString()), 1, "no device directory");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0",
                dir.resolve("none.bin").toString()), 1, "not found");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", notImage.toString()), 1,
                "is not an MCUboot image");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", bigImage.toString()), 1,
                "do not fit the primary slot of image 0 (131072 bytes)");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "2", spe.toString()), 2,
                "images 0 (secure) and 1 (non-secure), not 2");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", "--slot", "scratch",
                spe.toString()), 2, "--slot must be primary or secondary");
        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", "--permanent",
                spe.toString()), 2, "--permanent applies to --slot secondary only");
    }

    @Test
    void flashRefusesADeviceAnSpeHolds() throws Exception {
        Path d = init();
        try (DeviceDirectory held = DeviceDirectory.openOrCreate(d)) {
            assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", spe.toString()), 1,
                    "in use");
            assertOneLineError(CliTest.citadel("boot", d.toString(), "--spe-lib", rig.speLib.toString()), 1,
                    "in use");
        }
    }

    @Test
    void flashRefusesADecommissionedDevice() throws Exception {
        Path d = dir.resolve("dev");
        BootRig.ok("device", "init", d.toString(), "--rotpk0", rig.key0.toString(), "--rotpk1", rig.key1.toString(),
                "--lifecycle", "decommissioned");

        assertOneLineError(CliTest.citadel("device", "flash", d.toString(), "--image", "0", spe.toString()), 1,
                "decommissioned");
    }

    @Test
    void bootRefusesADeviceWithoutImagesOrWithoutItsSpeJars() throws Exception {
        Path d = init();

        assertOneLineError(CliTest.citadel("boot", dir.resolve("none").toString(), "--spe-lib",
                rig.speLib.toString()), 1, "no device directory");
        assertOneLineError(CliTest.citadel("boot", d.toString(), "--spe-lib", rig.speLib.toString()), 1,
                "boot refused: image 0 (secure): the primary slot holds no image");
        BootRig.ok("device", "flash", d.toString(), "--image", "0", spe.toString());
        BootRig.ok("device", "flash", d.toString(), "--image", "1", ns.toString());
        assertOneLineError(CliTest.citadel("boot", d.toString(), "--spe-lib", dir.resolve("nolib").toString()), 1,
                "SPE library directory");
        Path other = Files.createDirectories(dir.resolve("other-lib"));
        Files.write(other.resolve("spe.jar"), new byte[] {'P', 'K', 3, 4});
        assertOneLineError(CliTest.citadel("boot", d.toString(), "--spe-lib", other.toString()), 1,
                "boot refused: image 0's SPE code:");
    }

    @Test
    void speManifestRefusesAMissingLibraryAndABadMainClass() {
        assertOneLineError(CliTest.citadel("image", "spe-manifest", "--lib", dir.resolve("none").toString(), "-o",
                dir.resolve("m.bin").toString()), 1, "SPE library directory");
        assertOneLineError(CliTest.citadel("image", "spe-manifest", "--lib", rig.speLib.toString(), "--main",
                "not a class", "-o", dir.resolve("m.bin").toString()), 2, "");
    }
}
