package dev.citadel.nsapp;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The smallest NS application: connects to the SPE's socket, asks {@code psa_framework_version}, hashes a word
 * with {@code psa_hash_compute}, prints one line and exits. BL2 tells it the socket in {@code CITADEL_SOCKET};
 * {@code --socket PATH} overrides that.
 */
public final class HelloSpe {
    /** The environment variable through which BL2 names the SPE's socket. */
    public static final String SOCKET_ENV = "CITADEL_SOCKET";

    private HelloSpe() {}

    public static void main(String[] args) {
        String socket = args.length == 2 && args[0].equals("--socket") ? args[1] : System.getenv(SOCKET_ENV);
        if (socket == null || socket.isEmpty()) {
            fail("no SPE socket: set " + SOCKET_ENV + " or pass --socket PATH");
        }
        try (SocketClient spe = SocketClient.connect(Path.of(socket))) {
            int version = spe.frameworkVersion();
            byte[] hash = new PsaCrypto(spe.defaultClient())
                    .hashCompute(Algorithm.SHA_256, "citadel".getBytes(StandardCharsets.US_ASCII));
            System.out.printf("citadel-ns: hello from the NS application: framework version %d.%d,"
                    + " SHA-256(\"citadel\") from the SPE = %s%n", version >> 8, version & 0xFF,
                    HexFormat.of().formatHex(hash));
        } catch (IOException e) {
            fail("cannot reach the SPE at " + socket + ": " + e.getMessage());
        } catch (PsaException e) {
            fail("the SPE refused a call: " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("citadel-ns: " + message);
        System.exit(1);
    }
}
