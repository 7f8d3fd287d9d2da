package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.boot.image.BootRecord;
import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyPem;
import dev.citadel.boot.launch.LaunchException;
import dev.citadel.boot.launch.SpeCode;
import dev.citadel.boot.launch.SpeManifest;
import dev.citadel.boot.launch.WorldProcess;
import dev.citadel.boot.measure.MeasuredBoot.BootedImage;
import dev.citadel.boot.measure.MeasuredBoot;
import dev.citadel.cli.CodeJars;
import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import dev.citadel.nsapp.HelloSpe;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.SpeMain;
import dev.citadel.spe.spm.BootData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BL2's hand-over, process by process: test-signed images (a manifest pinning the SPE's jars as image 0, the NS
 * application's jar as image 1) are verified, the SPE's jars read once and checked, and each world started from
 * memory through its standard input. The NS application talks to the SPE over the socket; both exit cleanly.
 */
class LaunchProcessTest {
    private static final Path ROOT = Path.of(System.getProperty("citadel.root", "..")).toAbsolutePath().normalize();
    private static final List<String> NS_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    @TempDir
    static Path dir;
    private static ImageSigningKey key;
    private static List<Path> speClassPath;
    private static Path nsJar;

    @BeforeAll
    static void build() throws Exception {
        key = (ImageSigningKey) KeyPem.read(Files.readString(
                ROOT.resolve("boot/src/test/resources/imgtool/ecdsa-p256.pem")), () -> new char[0]);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        speClassPath = CodeJars.speLib(lib);
        nsJar = dir.resolve("nsapp.jar");
        CodeJars.pack(List.of(CodeJars.origin(HelloSpe.class), CodeJars.origin(SocketClient.class),
                CodeJars.origin(PsaStatus.class)), nsJar, HelloSpe.class.getName());
    }

    private static SpeManifest manifestOf(List<Path> jars) throws IOException {
        List<SpeManifest.JarPin> pins = new ArrayList<>();
        for (Path j : jars) {
            pins.add(SpeManifest.JarPin.of(j.getFileName().toString(), Files.readAllBytes(j)));
        }
        return new SpeManifest(SpeMain.class.getName(), pins);
    }

    private static byte[] sign(byte[] payload, String swType, int slotSize) throws Exception {
        return new ImageSigner(new SecureRandom()).sign(payload, SignOptions.builder().key(key)
                .version(ImageVersion.parse("1.2.3")).headerSize(0x400).padHeader(true).slotSize(slotSize)
                .securityCounterAuto().bootRecord(swType).build());
    }

    private static VerifiedImage verify(byte[] image) {
        VerificationResult r = ImageVerifier.builder().trustKey(key.publicKey()).build().verify(image);
        assertThat(r.isValid()).as(r.toString()).isTrue();
        return ((VerificationResult.Valid) r).image();
    }

    /** The payload of an image BL2 verified: the bytes after its header area. */
    private static byte[] payload(byte[] image, VerifiedImage v) {
        int start = v.header().hdrSize();
        return Arrays.copyOfRange(image, start, start + (int) v.header().imgSize());
    }

    @Test
    void bothWorldsRunFromVerifiedBytesAndAChangedJarOnDiskChangesNothing() throws Exception {
        byte[] image0 = sign(manifestOf(speClassPath).encode(), "SPE", 0x20000);
        byte[] image1 = sign(Files.readAllBytes(nsJar), "NSPE", 0x40000);
        VerifiedImage v0 = verify(image0);
        VerifiedImage v1 = verify(image1);
        SpeCode spe = SpeCode.load(payload(image0, v0), speClassPath);
        byte[] ns = payload(image1, v1);
        byte[] shared = MeasuredBoot.sharedData(List.of(new BootedImage(0, v0), new BootedImage(1, v1)));

        // After the checks, every file the code came from is replaced: what runs must not notice.
        for (Path j : speClassPath) {
            Files.write(j, "replaced after verification".getBytes(StandardCharsets.US_ASCII));
        }
        Files.write(nsJar, new byte[] {'P', 'K', 3, 4});

        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (SpeProcess speProcess = SpeProcess.supervise(WorldProcess.startSpe(spe, shared, SpeProcess.JVM_FLAGS,
                List.of("--device", device.toString(), "--socket", socket.toString(), "--boot-data", "stdin")),
                log::add)) {
            assertThat(speProcess.readyLine()).startsWith("citadel-spe: ready socket=" + socket)
                    .endsWith(" measured-images=2");

            Process app = WorldProcess.startNs(ns, NS_FLAGS, List.of(), Map.of(HelloSpe.SOCKET_ENV,
                    socket.toString()));
            String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(err).isEmpty();
            assertThat(app.exitValue()).isZero();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest("citadel".getBytes(StandardCharsets.US_ASCII)));
            assertThat(out).isEqualTo("citadel-ns: running image 1 version 0.0.0+0 (FWU: image 0 READY, image 1"
                    + " READY)\n"
                    + "citadel-ns: hello from the NS application: framework version 1.1,"
                    + " SHA-256(\"citadel\") from the SPE = " + sha + "\n");
            assertThat(speProcess.stop()).isZero();
        }
        assertThat(log).noneMatch(l -> l.contains("Exception"));
    }

    @Test
    void theSpeReadsTheMeasurementsBl2Made() throws Exception {
        byte[] image0 = sign(manifestOf(speClassPath.subList(0, 1)).encode(), "SPE", 0x20000);
        byte[] image1 = sign("ns".getBytes(StandardCharsets.US_ASCII), "NSPE", 0x20000);
        VerifiedImage v0 = verify(image0);
        VerifiedImage v1 = verify(image1);

        BootData data = BootData.parse(MeasuredBoot.sharedData(List.of(new BootedImage(0, v0),
                new BootedImage(1, v1))));

        assertThat(data.measuredImages()).isEqualTo(2);
        BootRecord spe = BootRecord.decode(data.bootRecord(0).orElseThrow());
        BootRecord nspe = BootRecord.decode(data.bootRecord(1).orElseThrow());
        assertThat(spe.swType()).isEqualTo("SPE");
        assertThat(spe.measurementValue()).isEqualTo(v0.hash());
        assertThat(nspe.swType()).isEqualTo("NSPE");
        assertThat(nspe.measurementValue()).isEqualTo(v1.hash());
        assertThat(nspe.signerId()).isEqualTo(v1.signerKeyHash());
    }

    @Test
    void bl2RefusesASpeJarThatDiffersFromTheSignedManifest(@TempDir Path other) throws Exception {
        Path jar = CodeJars.jarOf(SpeMain.class, other, "spe.jar");
        byte[] manifest = manifestOf(List.of(jar)).encode();
        byte[] b = Files.readAllBytes(jar);
        b[b.length / 2] ^= 0x01;
        Files.write(jar, b);

        assertThatThrownBy(() -> SpeCode.load(manifest, List.of(jar)))
                .isInstanceOf(LaunchException.class)
                .hasMessage(jar + " differs from the SHA-256 and size that the verified SPE manifest pins");
        assertThatThrownBy(() -> SpeCode.load(manifest, List.of()))
                .hasMessage("the SPE manifest pins spe.jar, which is not on the SPE's class path");
    }
}
