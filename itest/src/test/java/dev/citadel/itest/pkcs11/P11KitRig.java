package dev.citadel.itest.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import dev.citadel.pkcs11.rpc.P11KitServer;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An SPE process on a device directory, and the token served to {@code p11-kit-client.so} by an in-process
 * {@link P11KitServer} that reaches the SPE through its real socket; native tools run against it. A new rig on the
 * same device directory is an SPE restart.
 */
final class P11KitRig implements AutoCloseable {
    static final String MODULE = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";
    static final String SO_PIN = "12345678";
    static final String PIN = "1234";

    final Path dir;
    private final SpeProcess spe;
    private final SocketClient client;
    final P11KitServer server;

    private P11KitRig(Path dir, SpeProcess spe, SocketClient client, P11KitServer server) {
        this.dir = dir;
        this.spe = spe;
        this.client = client;
        this.server = server;
    }

    /** Starts an SPE on {@code dir/device} and the token's p11-kit server on {@code dir/p11.sock}. */
    static P11KitRig start(Path dir) throws Exception {
        assertThat(Path.of(MODULE)).as("p11-kit-modules is installed").exists();
        SpeProcess spe = SpeProcess.start(dir.resolve("device"), dir.resolve("spe.sock"), l -> {});
        SocketClient client = SocketClient.connect(dir.resolve("spe.sock"));
        PsaToken token = PsaToken.open(client.defaultClient(), TokenConfig.defaults().withPinIterations(1000));
        P11KitServer server = P11KitServer.start(dir.resolve("p11.sock"), token::application,
                P11KitServer.Listener.NONE);
        return new P11KitRig(dir, spe, client, server);
    }

    /** Initialises the token (label {@code label}) and the user PIN with pkcs11-tool. */
    void provision(String label) throws Exception {
        assertThat(pkcs11Tool("--init-token", "--label", label, "--so-pin", SO_PIN))
                .contains("Token successfully initialized");
        assertThat(pkcs11Tool("--login", "--login-type", "so", "--so-pin", SO_PIN, "--init-pin", "--pin", PIN))
                .contains("User PIN successfully initialized");
    }

    /** A finished program: its exit code and its merged output. */
    record Result(int code, String output) {}

    /** {@code pkcs11-tool --module p11-kit-client.so ARGS}, which must succeed; its output. */
    String pkcs11Tool(String... args) throws Exception {
        Result r = pkcs11ToolResult(args);
        assertThat(r.code).as(r.output).isZero();
        return r.output;
    }

    Result pkcs11ToolResult(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of());
    }

    /** Runs {@code cmd} with the server's address (and {@code env}) in its environment; stderr merged. */
    Result run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("P11_KIT_SERVER_ADDRESS", server.address());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Stops the server, the client and the SPE process (SIGTERM). */
    @Override
    public void close() throws Exception {
        server.close();
        client.close();
        assertThat(spe.stop()).isZero();
    }
}
