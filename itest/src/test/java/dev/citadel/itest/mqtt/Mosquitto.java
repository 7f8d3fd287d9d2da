package dev.citadel.itest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto, started on loopback for a test with {@code require_certificate true} and
 * {@code use_identity_as_username true} (a client is named by its certificate's CN), its log collected; stopped by
 * {@link #close}. Fails when {@code mosquitto} is missing (the interop profile installs it).
 */
final class Mosquitto implements AutoCloseable {
    private final Process process;
    private final StringBuilder log = new StringBuilder();
    private final int port;

    /**
     * @param clientCa the CA whose client certificates are accepted (PEM)
     * @param cert the broker's certificate (PEM)
     * @param key its private key (PEM)
     */
    Mosquitto(Path dir, Path clientCa, Path cert, Path key) throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // Mosquitto has no ephemeral listener port; the probed free port is taken at once.
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + clientCa,
                "certfile " + cert,
                "keyfile " + key,
                "require_certificate true",
                "use_identity_as_username true",
                "persistence false",
                // started as root, Mosquitto would drop to user "mosquitto", who cannot read the test's files
                "user " + System.getProperty("user.name"),
                "log_dest stderr", // unbuffered, unlike stdout into a pipe
                "log_type all",
                ""));
        process = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> copy(process.getInputStream(), log), "mosquitto-log");
        reader.setDaemon(true);
        reader.start();
        awaitListening();
    }

    int port() {
        return port;
    }

    String log() {
        return text(log);
    }

    /** Waits up to 10 s for Mosquitto to log {@code text}. */
    void awaitLog(String text) throws InterruptedException {
        waitFor(log, text, "mosquitto");
    }

    private void awaitListening() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                assertThat(process.isAlive()).as("mosquitto is running; it printed:\n" + log()).isTrue();
                assertThat(System.nanoTime() < end).as("mosquitto listens in time; it printed:\n" + log()).isTrue();
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static String text(StringBuilder out) {
        synchronized (out) {
            return out.toString();
        }
    }

    static void copy(InputStream in, StringBuilder out) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static void waitFor(StringBuilder out, String text, String who) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (out) {
            while (out.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                assertThat(left).as(who + " printed \"" + text + "\" in time; it printed:\n" + out).isPositive();
                out.wait(left);
            }
        }
    }
}
