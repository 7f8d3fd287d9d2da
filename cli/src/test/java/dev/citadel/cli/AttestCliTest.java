package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citadel attest verify} as a relying party runs it: claim dump, verdict, exit codes, one-line errors. */
class AttestCliTest {
    @TempDir
    Path dir;

    private Path token;
    private Path pub;
    private final String zeroNonce = "00".repeat(64);

    @BeforeEach
    void copyVectors() throws IOException {
        token = copy("psa-2_0_0_sign1.bin");
        pub = copy("public.pem");
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/psa-attestation/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    private static void assertOneLineError(CliTest.Run r, int code, String contains) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("citadel: ").contains(contains).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aValidTokenPrintsItsClaimsAndExitsZero() {
        CliTest.Run r = CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--nonce", zeroNonce);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("profile:                 http://arm.com/psa/2.0.0")
                .contains("instance ID:             01fa58755f658627ce5460f29b75296713248cae7ad9e2984b90280efcbcb50248")
                .contains("0x3000 (SECURED)").contains("type SPE, version 1.6.0").contains("type NSPE")
                .contains("certification reference: 0604565272829-10010").endsWith("verdict: VALID\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aWrongNonceExitsOneWithTheReason() {
        CliTest.Run r = CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--nonce", "01".repeat(64));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("verdict: NOT VALID: NONCE:");
    }

    @Test
    void aFlippedByteExitsOneAtTheSignature() throws IOException {
        byte[] b = Files.readAllBytes(token);
        b[b.length - 1] ^= 1;
        Files.write(token, b);
        CliTest.Run r = CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("verdict: NOT VALID: SIGNATURE:");
    }

    @Test
    void aHexTokenAndAnHmacKeyVerify() throws IOException {
        Path mac0 = copy("psa-mac0.cbor");
        Path hexToken = dir.resolve("mac0.hex");
        Files.writeString(hexToken, HexFormat.of().formatHex(Files.readAllBytes(mac0)) + "\n");
        CliTest.Run r = CliTest.citadel("attest", "verify", hexToken.toString(), "--hmac-key",
                copy("tfm-hs-iak.bin").toString(), "--nonce", "01".repeat(32));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("algorithm:               HMAC_256_256").contains("verdict: VALID");
    }

    @Test
    void referenceValuesAreReported() throws IOException {
        Path ref = dir.resolve("ref.json");
        Files.writeString(ref, "{\"software-components\": [{\"measurement-type\": \"SPE\", \"measurement-value\": \""
                + "00".repeat(32) + "\", \"signer-id\": \"" + "00".repeat(32) + "\"}]}");
        CliTest.Run r = CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--reference-values", ref.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("MISMATCH  'SPE'").contains("NO_REFERENCE  no reference value for type 'NSPE'")
                .contains("verdict: NOT VALID: REFERENCE_VALUES:");
    }

    @Test
    void garbageIsNotValidWithoutAStackTrace() throws IOException {
        Path junk = dir.resolve("junk");
        Files.write(junk, "not a token".getBytes(StandardCharsets.US_ASCII));
        CliTest.Run r = CliTest.citadel("attest", "verify", junk.toString(), "--key", pub.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("verdict: NOT VALID: MALFORMED:");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aMissingTokenFileIsOneLine() {
        assertOneLineError(CliTest.citadel("attest", "verify", dir.resolve("nope").toString(), "--key",
                pub.toString()), 1, "not found");
    }

    @Test
    void aKeyThatIsNotPemIsOneLine() throws IOException {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "hello");
        assertOneLineError(CliTest.citadel("attest", "verify", token.toString(), "--key", bad.toString()), 2,
                "no PEM block");
    }

    @Test
    void aBadNonceIsOneLine() {
        assertOneLineError(CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--nonce", "xyz"), 2, "nonce");
    }

    @Test
    void badReferenceValuesAreOneLine() throws IOException {
        Path ref = dir.resolve("ref.json");
        Files.writeString(ref, "{\"software-components\": 3}");
        assertOneLineError(CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--reference-values", ref.toString()), 2, "software-components");
    }

    @Test
    void aKeyIsRequiredAndOnlyOne() {
        assertOneLineError(CliTest.citadel("attest", "verify", token.toString()), 2, "--key");
        assertOneLineError(CliTest.citadel("attest", "verify", token.toString(), "--key", pub.toString(),
                "--hmac-key", pub.toString()), 2, "mutually exclusive");
    }
}
