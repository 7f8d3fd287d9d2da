package dev.citadel.cli;

import static dev.citadel.cli.CliTest.citadel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code citadel image} against the imgtool-made files in boot's test resources (see their README). */
class ImageCliTest {
    static final Path IMGTOOL = Path.of("../boot/src/test/resources/imgtool").toAbsolutePath().normalize();
    static final Path CITADEL = Path.of("../boot/src/test/resources/citadel").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    static String r(String name) {
        return IMGTOOL.resolve(name).toString();
    }

    static void assertOneLineError(CliTest.Run run, int code, String contains) {
        assertThat(run.code()).as(run.toString()).isEqualTo(code);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("citadel: ").contains(contains).doesNotContain("Exception", "\tat ");
    }

    private Path sign(String... args) {
        Path out = dir.resolve("out.bin");
        List<String> a = new ArrayList<>(List.of("image", "sign"));
        a.addAll(Arrays.asList(args));
        a.add(out.toString());
        CliTest.Run run = citadel(a.toArray(new String[0]));
        assertThat(run.code()).as(run.toString()).isZero();
        return out;
    }

    @Test
    void ed25519ImagesAreImgtoolsByteForByteFromTheSameCommandLine() throws Exception {
        assertThat(Files.readAllBytes(sign("-k", r("ed25519.pem"), "-v", "1.2.3+4", "-H", "32", "--pad-header",
                "-S", "0x4000", r("payload.bin")))).isEqualTo(Files.readAllBytes(IMGTOOL.resolve("ed25519_h32.bin")));
        assertThat(Files.readAllBytes(sign("-k", r("ed25519.pem"), "--public-key-format", "full", "-v", "2.0.1+7",
                "-H", "0x400", "--pad-header", "-S", "0x8000", "--align", "4", "-M", "16", "--pad", "--confirm", "-s",
                "auto", "--boot-record", "NSPE", "-d", "(0, 1.2.3+4), (2, 0.9)", r("payload.bin"))))
                .isEqualTo(Files.readAllBytes(IMGTOOL.resolve("ed25519_full_all.bin")));
        assertThat(Files.readAllBytes(sign("-k", r("ed25519.pem"), "-v", "0.1", "-H", "0x200", "-S", "0x3000",
                "-R", "0", "--pad", r("payload-h512.bin"))))
                .isEqualTo(Files.readAllBytes(IMGTOOL.resolve("ed25519_zeros_erased0.bin")));
        assertThat(Files.readAllBytes(sign("-k", r("ed25519.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header",
                "-S", "0x2000", "--overwrite-only", "--confirm", r("payload.bin"))))
                .isEqualTo(Files.readAllBytes(IMGTOOL.resolve("ed25519_overwrite-only.bin")));
        assertThat(Files.readAllBytes(sign("-v", "0.0.1", "-H", "32", "--pad-header", "-S", "0x2000",
                r("payload.bin")))).isEqualTo(Files.readAllBytes(IMGTOOL.resolve("unsigned.bin")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519_h32.bin:ed25519:1.2.3+4", "ed25519_full_all.bin:ed25519:2.0.1+7",
        "ecdsa-p256_seccnt-auto.bin:ecdsa-p256:1.0.0+0", "ecdsa-p256_pad-confirm.bin:ecdsa-p256:3.4.5+0",
        "ecdsa-p384_boot-record.bin:ecdsa-p384:1.1.0+0", "rsa-2048_deps-test.bin:rsa-2048:1.2.3+0",
        "rsa-3072_tfm-like.bin:rsa-3072:2.1.0+0", "ed25519_zeros_erased0.bin:ed25519:0.1.0+0",
        "ed25519_overwrite-only.bin:ed25519:1.0.0+0"})
    void everyImgtoolImageVerifies(String spec) {
        String[] s = spec.split(":");
        CliTest.Run run = citadel("image", "verify", "-k", r(s[1] + ".pem"), r(s[0]));
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Image was correctly validated\nImage version: " + s[2] + "\n");
    }

    @Test
    void thePasswordProtectedImageVerifiesWithThePublicKeyAlone() throws Exception {
        Path pub = dir.resolve("pw.pub.pem");
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "citadel-pw\n");
        CliTest.Run run = citadel("image", "getpub", "-k", r("ecdsa-p256-pw.pem"), "--password-file", pw.toString(),
                "-e", "pem", "-o", pub.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(citadel("image", "verify", "-k", pub.toString(), r("ecdsa-p256-pw_full.bin")).code()).isZero();
    }

    @Test
    void aFullKeyImageVerifiesAgainstARotpkHash() {
        CliTest.Run hash = citadel("image", "getpubhash", "-k", r("rsa-3072.pem"), "-e", "lang-c");
        assertThat(hash.out()).contains("rsa_pub_key_hash[]");
        String hex = hash.out().lines().filter(l -> l.startsWith("    0x"))
                .map(l -> l.replace("0x", "").replace(",", "").replace(" ", "")).reduce("", String::concat);
        assertThat(citadel("image", "verify", "--key-hash", hex, r("rsa-3072_tfm-like.bin")).code()).isZero();
        assertOneLineError(citadel("image", "verify", "--key-hash", "00".repeat(32), r("rsa-3072_tfm-like.bin")), 1,
                "KEY_NOT_ALLOWED");
    }

    @Test
    void theWrongKeyIsOneLineAndExit1() {
        assertOneLineError(citadel("image", "verify", "-k", r("ecdsa-p256.pem"), r("ed25519_h32.bin")), 1,
                "image refused: KEY_UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072"})
    void getpubPrintsImgtoolsPemAndRaw(String key) throws Exception {
        assertThat(citadel("image", "getpub", "-k", r(key + ".pem"), "-e", "pem").out())
                .isEqualTo(Files.readString(IMGTOOL.resolve(key + ".pub.pem")));
        Path raw = dir.resolve("raw");
        assertThat(citadel("image", "getpub", "-k", r(key + ".pem"), "-e", "raw", "-o", raw.toString()).code()).isZero();
        assertThat(Files.readAllBytes(raw)).isEqualTo(Files.readAllBytes(IMGTOOL.resolve(key + ".pub.der")));
        String c = citadel("image", "getpub", "-k", r(key + ".pem")).out();
        String expected = Files.readString(IMGTOOL.resolve(key + ".pub.c"));
        assertThat(c.substring(c.indexOf('\n'))).isEqualTo(expected.substring(expected.indexOf('\n')));
    }

    @Test
    void keygenSignVerifyRoundTripWithAPassword() throws Exception {
        Path key = dir.resolve("k.pem");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "hunter2\n");
        assertThat(citadel("image", "keygen", "-k", key.toString(), "-t", "ecdsa-p256", "--password-file",
                pw.toString()).code()).isZero();
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Path img = sign("-k", key.toString(), "--password-file", pw.toString(), "-v", "1.0", "-H", "0x200",
                "--pad-header", "-S", "0x10000", r("payload.bin"));
        CliTest.Run v = citadel("image", "verify", "-k", key.toString(), "--password-file", pw.toString(),
                img.toString());
        assertThat(v.code()).as(v.toString()).isZero();
        assertOneLineError(citadel("image", "verify", "-k", r("ecdsa-p256.pem"), img.toString()), 1, "KEY_UNKNOWN");
    }

    @Test
    void dumpinfoShowsHeaderTlvsAndTrailer() {
        CliTest.Run run = citadel("image", "dumpinfo", r("ecdsa-p256_pad-confirm.bin"));
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("version:            3.4.5+0", "type: SEC_CNT (0x50)", "type: KEYHASH (0x1)",
                "type: ECDSASIG (0x22)", "image_ok:   SET (0x1)", "boot magic: good");
    }

    @Test
    void imagesCitadelSignedAndImgtoolVerifiedStillVerify() throws Exception {
        try (var files = Files.list(CITADEL)) {
            List<Path> images = files.filter(p -> p.toString().endsWith(".bin")).toList();
            assertThat(images).hasSizeGreaterThanOrEqualTo(5);
            for (Path img : images) {
                String name = img.getFileName().toString();
                String key = name.substring(0, name.indexOf('_'));
                CliTest.Run run = citadel("image", "verify", "-k", r(key + ".pem"), img.toString());
                assertThat(run.code()).as(name + " " + run).isZero();
            }
        }
    }

    // ---- bad input: one line, non-zero, no stack trace

    @Test
    void badInputIsOneLine() throws Exception {
        String payload = r("payload.bin");
        Path out = dir.resolve("x.bin");
        Path pubOnly = IMGTOOL.resolve("ed25519.pub.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
        Path truncatedPem = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n");
        assertOneLineError(citadel("image", "sign", "-k", dir.resolve("missing.pem").toString(), "-v", "1", "-H",
                "32", "--pad-header", "-S", "0x4000", payload, out.toString()), 1, "not found");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x4000", dir.resolve("nope.bin").toString(), out.toString()), 1, "input file");
        assertOneLineError(citadel("image", "sign", "-k", garbage.toString(), "-v", "1", "-H", "32",
                "--pad-header", "-S", "0x4000", payload, out.toString()), 1, "no PEM key found");
        assertOneLineError(citadel("image", "sign", "-k", truncatedPem.toString(), "-v", "1", "-H", "32",
                "--pad-header", "-S", "0x4000", payload, out.toString()), 1, "PKCS#8");
        assertOneLineError(citadel("image", "sign", "-k", pubOnly.toString(), "-v", "1", "-H", "32",
                "--pad-header", "-S", "0x4000", payload, out.toString()), 1, "public key only");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x400", payload, out.toString()), 1, "exceeds requested size 0x400");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x10zz", payload, out.toString()), 2, "--slot-size");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "16", "--pad-header",
                "-S", "0x4000", payload, out.toString()), 2, "Minimum value for -H/--header-size is 32");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "0x200",
                "-S", "0x4000", payload, out.toString()), 1, "does not start with zeros");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1.02", "-H", "32",
                "--pad-header", "-S", "0x4000", payload, out.toString()), 2, "invalid version");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x4000", "--boot-record", "MUCH_TOO_LONG_TYPE", payload, out.toString()), 2, "too long");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x4000", "-d", "(1, x)", payload, out.toString()), 2, "dependency");
        assertOneLineError(citadel("image", "sign", "-k", r("ed25519.pem"), "-v", "1", "-H", "32", "--pad-header",
                "-S", "0x4000", payload, dir.resolve("o.hex").toString()), 1, "Intel HEX");
        assertOneLineError(citadel("image", "keygen", "-k", dir.resolve("k").toString(), "-t", "dsa"), 2,
                "unknown key type");
        assertOneLineError(citadel("image", "getpub", "-k", r("ecdsa-p256-pw.pem"), "--password-file",
                Files.writeString(dir.resolve("wrong"), "nope").toString()), 1, "wrong password");
        assertOneLineError(citadel("image", "verify", r("payload.bin")), 1, "BAD_MAGIC");
        assertOneLineError(citadel("image", "verify", "-k", r("ed25519.pem"), "-S", "0x400", r("ed25519_h32.bin")),
                1, "TOO_LARGE_FOR_SLOT");
        assertOneLineError(citadel("image", "dumpinfo", r("payload.bin")), 1, "BAD_MAGIC");
        assertThat(Files.exists(out)).isFalse();
    }
}
