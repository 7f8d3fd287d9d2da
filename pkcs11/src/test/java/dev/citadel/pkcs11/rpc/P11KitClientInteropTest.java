package dev.citadel.pkcs11.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code p11-kit-client.so} (p11-kit 0.24.1) driven by OpenSC's {@code pkcs11-tool} against
 * {@link P11KitServer} backed by a one-key test token. The signature is checked with the JDK. Needs p11-kit-modules
 * and opensc: {@code interop} profile, where a missing tool fails the test.
 */
@Tag("interop")
class P11KitClientInteropTest {
    static final String MODULE = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";

    @TempDir
    static Path dir;
    static P11KitServer server;

    @BeforeAll
    static void start() throws IOException {
        assertThat(Path.of(MODULE)).as("p11-kit-modules is installed").exists();
        server = P11KitServer.start(dir.resolve("p11.sock"), OneKeyToken::new, P11KitServer.Listener.NONE);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void listsTheSlotAndToken() throws Exception {
        String out = tool("-L");
        assertThat(out).contains("Available slots:").contains("token label        : javatok-peer")
                .contains("token manufacturer : SoftHSM project").contains("serial num         : 361941987ba94867");
    }

    @Test
    void listsPublicObjectsWithoutLoginAndBothWithLogin() throws Exception {
        String pub = tool("-O");
        assertThat(pub).contains("Public Key Object; EC").contains("label:      citadel-ec").contains("ID:         02")
                .doesNotContain("Private Key Object");
        String all = tool("-O", "--login", "--pin", "1234");
        assertThat(all).contains("Private Key Object; EC").contains("Public Key Object; EC");
    }

    @Test
    void signsWithRawEcdsaAndTheJdkVerifies() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("hello world".getBytes(StandardCharsets.UTF_8));
        Path in = Files.write(dir.resolve("hash.bin"), hash);
        Path sig = dir.resolve("sig.bin");
        tool("--sign", "--mechanism", "ECDSA", "--id", "02", "--login", "--pin", "1234", "--input-file",
                in.toString(), "--output-file", sig.toString());
        byte[] s = Files.readAllBytes(sig);
        assertThat(s).hasSize(64);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(OneKeyToken.KEYS.getPublic());
        v.update("hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(s)).isTrue();
    }

    @Test
    void wrongPinIsReported() throws Exception {
        Result r = run("-O", "--login", "--pin", "9999");
        assertThat(r.code).isNotZero();
        assertThat(r.output).contains("CKR_PIN_INCORRECT");
    }

    private static String tool(String... args) throws Exception {
        Result r = run(args);
        assertThat(r.code).as(r.output).isZero();
        return r.output;
    }

    record Result(int code, String output) {}

    private static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("P11_KIT_SERVER_ADDRESS", server.address());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
