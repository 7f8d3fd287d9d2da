package dev.citadel.nsapp;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The smallest NS application: connects to the SPE's socket, reports the version it runs and, on a trial, tests and
 * confirms (or rejects) itself ({@link SelfTest}); then asks {@code psa_framework_version}, hashes a word with
 * {@code psa_hash_compute}, prints one line and exits. BL2 tells it the socket in {@code CITADEL_SOCKET};
 * {@code --socket PATH} overrides that. Its arguments (after {@code citadel boot DIR --}) may name a task instead:
 * {@code attest --nonce HEX --out FILE} ({@link AttestTask}) or {@code update --image FILE [--component N]}
 * ({@link UpdateTask}).
 */
public final class HelloSpe {
    /** The environment variable through which BL2 names the SPE's socket. */
    public static final String SOCKET_ENV = "CITADEL_SOCKET";
    /** Exit status of bad arguments. */
    static final int USAGE = 2;
    static final String USAGE_LINE = "usage: [--socket PATH] [attest --nonce HEX --out FILE"
            + " | update --image FILE [--component 0|1]]";

    private HelloSpe() {}

    public static void main(String[] args) {
        String socket = System.getenv(SOCKET_ENV);
        String[] rest = args;
        if (rest.length >= 1 && rest[0].equals("--socket")) {
            if (rest.length < 2) {
                exit(USAGE, "--socket needs a PATH; " + USAGE_LINE);
            }
            socket = rest[1];
            rest = Arrays.copyOfRange(rest, 2, rest.length);
        }
        AttestTask attest = null;
        UpdateTask update = null;
        if (rest.length > 0) {
            String[] options = Arrays.copyOfRange(rest, 1, rest.length);
            try {
                switch (rest[0]) {
                    case "attest" -> attest = AttestTask.parse(options);
                    case "update" -> update = UpdateTask.parse(options);
                    default -> exit(USAGE, "unknown task '" + rest[0] + "'; " + USAGE_LINE);
                }
            } catch (IllegalArgumentException e) {
                exit(USAGE, e.getMessage());
            }
        }
        if (socket == null || socket.isEmpty()) {
            exit(1, "no SPE socket: set " + SOCKET_ENV + " or pass --socket PATH");
        }
        try (SocketClient spe = SocketClient.connect(Path.of(socket))) {
            PsaClient client = spe.defaultClient();
            if (!new SelfTest(client, HelloSpe::say).onStart()) {
                return;
            }
            if (attest != null) {
                say(attest.run(client));
            } else if (update != null) {
                update.run(client, HelloSpe::say);
            } else {
                hello(spe);
            }
        } catch (IOException e) {
            exit(1, "cannot reach the SPE at " + socket + ": " + e.getMessage());
        } catch (PsaException e) {
            exit(1, "the SPE refused a call: " + e.getMessage());
        } catch (IllegalStateException e) {
            exit(1, e.getMessage());
        }
    }

    private static void hello(SocketClient spe) throws PsaException {
        int version = spe.frameworkVersion();
        byte[] hash = new PsaCrypto(spe.defaultClient())
                .hashCompute(Algorithm.SHA_256, "citadel".getBytes(StandardCharsets.US_ASCII));
        System.out.printf("citadel-ns: hello from the NS application: framework version %d.%d,"
                + " SHA-256(\"citadel\") from the SPE = %s%n", version >> 8, version & 0xFF,
                HexFormat.of().formatHex(hash));
    }

    static void say(String line) {
        System.out.println("citadel-ns: " + line);
    }

    static void exit(int status, String message) {
        System.err.println("citadel-ns: " + message);
        System.exit(status);
    }
}
