package dev.citadel.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The native C client ({@code clients/c}), built with gcc and run against an SPE with the test partitions: every rule
 * of TF-M's client API table through the C API and the socket, plus the C library's own memory checks. Needs gcc and
 * make, so it runs in the {@code interop} profile ({@code ./mvnw -B verify -Pinterop}), where a missing tool fails it.
 */
@Tag("interop")
public class NativeClientTest {
    private static Path build;

    @BeforeAll
    static void buildClient() throws Exception {
        build = makeClient();
    }

    /** Builds {@code clients/c} with make into the build directory and returns that directory. */
    public static Path makeClient() throws Exception {
        Path root = Path.of(System.getProperty("citadel.root", "..")).toAbsolutePath().normalize();
        Path dir = Path.of(System.getProperty("citadel.build", "target")).toAbsolutePath().resolve("c-client");
        Files.createDirectories(dir);
        Result make = run(List.of("make", "-C", root.resolve("clients/c").toString(), "BUILD=" + dir), 180);
        assertThat(make.code).as("make clients/c:%n%s", make.output).isZero();
        return dir;
    }

    @Test
    void encoderAndTransportSelfTestPasses() throws Exception {
        Result r = run(List.of(build.resolve("frame_selftest").toString()), 60);
        assertThat(r.code).as(r.output).isZero();
        assertThat(r.output).containsPattern("(?m)\\d+ checks, 0 failed$");
    }

    @Test
    void conformanceProgramPassesAgainstTheSpe() throws Exception {
        try (TestSpe spe = new TestSpe()) {
            Result r = run(List.of(build.resolve("psa_conformance").toString(), spe.socket().toString()), 120);
            assertThat(r.code).as(r.output).isZero();
            assertThat(r.output).containsPattern("(?m)^\\d+ passed, 0 failed$").doesNotContain("not ok");
            // The program covers the whole table: at least this many checks ran.
            String last = r.output.lines().filter(l -> l.endsWith("0 failed")).findFirst().orElseThrow();
            assertThat(Integer.parseInt(last.split(" ")[0])).isGreaterThanOrEqualTo(60);
        }
    }

    /**
     * Requests laid out by C structs exactly as TF-M's NS interface builds them (the 56-byte pack iovec, the 24-byte
     * key attributes), through the socket: import, export, hash, sign and verify. The signature the SPE made is then
     * checked here with the JDK, against the hash and public key the C program printed.
     */
    @Test
    void tfmLayoutCryptoRequestsFromC() throws Exception {
        try (TestSpe spe = new TestSpe(new dev.citadel.spe.crypto.CryptoPartition())) {
            Result r = run(List.of(build.resolve("crypto_raw").toString(), spe.socket().toString()), 120);
            assertThat(r.code).as(r.output).isZero();
            assertThat(r.output).containsPattern("(?m)^\\d+ passed, 0 failed$").doesNotContain("not ok");
            java.util.Map<String, byte[]> values = new java.util.HashMap<>();
            r.output.lines().filter(l -> l.matches("[a-z]+=[0-9a-f]+"))
                    .forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                            java.util.HexFormat.of().parseHex(l.substring(l.indexOf('=') + 1))));
            assertThat(values.get("hash")).isEqualTo(
                    java.security.MessageDigest.getInstance("SHA-256").digest("abc".getBytes()));
            byte[] point = values.get("public");
            java.security.AlgorithmParameters ec = java.security.AlgorithmParameters.getInstance("EC");
            ec.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.spec.ECParameterSpec p256 = ec.getParameterSpec(java.security.spec.ECParameterSpec.class);
            java.security.PublicKey pub = java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(
                            new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)),
                            new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65))), p256));
            java.security.Signature verifier = java.security.Signature.getInstance("NONEwithECDSAinP1363Format");
            verifier.initVerify(pub);
            verifier.update(values.get("hash"));
            assertThat(verifier.verify(values.get("signature"))).isTrue();
        }
    }

    /** A finished program: its exit code and its merged output. */
    public record Result(int code, String output) {}

    /** Runs {@code cmd}, stdin closed, stderr merged into stdout. */
    public static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
