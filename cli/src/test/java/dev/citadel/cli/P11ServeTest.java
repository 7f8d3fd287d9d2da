package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel p11 serve} as its own process in front of an SPE process: the ready line, a connection served in
 * p11-kit's protocol (bytes of p11-kit 0.24.1's client), one log line per connection, a clean stop on SIGTERM.
 */
class P11ServeTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void servesTheTokenAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path p11 = dir.resolve("p11.sock");
        try (SpeProcess spe = SpeProcess.start(dir.resolve("device"), dir.resolve("spe.sock"), l -> {})) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Process serve = start(log, "--socket", p11.toString(), "--spe", dir.resolve("spe.sock").toString(),
                    "--label", "cli-test");
            try {
                String ready = readyLine(serve);
                assertThat(ready).isEqualTo("P11_KIT_SERVER_ADDRESS=unix:path=" + p11.toAbsolutePath()
                        + "; export P11_KIT_SERVER_ADDRESS");
                assertThat(Files.getPosixFilePermissions(p11)).hasSize(2);

                initializeAndListSlots(p11);
                waitFor(() -> log.stream().anyMatch(l -> l.contains("connection 1 (client protocol 0) ended")));
            } finally {
                serve.toHandle().destroy();
            }
            assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p11).doesNotExist();
            assertThat(log).noneMatch(l -> l.contains("Exception"));
        }
    }

    /** C_Initialize and C_GetSlotList(FALSE, NULL) with p11-kit 0.24.1's bytes: one slot. */
    private static void initializeAndListSlots(Path p11) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p11))) {
            OutputStream out = Channels.newOutputStream(c);
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            out.write(0);
            assertThat(in.read()).isZero();
            // C_Initialize with the client's handshake string, as p11-kit-client.so sends it.
            out.write(HEX.parseHex("00000010000000060000004263 6c69656e74".replace(" ", "")
                    + "000000010000000561797961790100000029"
                    + HEX.formatHex("PRIVATE-GNOME-KEYRING-PKCS11-PROTOCOL-V-1".getBytes(
                            StandardCharsets.US_ASCII))
                    + "00010000000100"));
            assertThat(HEX.formatHex(in.readNBytes(20))).isEqualTo("00000010000000000000000800000001"
                    + "00000000");
            // C_GetSlotList(FALSE, NULL): one slot.
            out.write(HEX.parseHex("00000011000000060000001063 6c69656e74".replace(" ", "")
                    + "00000004000000037966750000000000"));
            assertThat(HEX.formatHex(in.readNBytes(27))).isEqualTo("00000011000000000000000f00000004"
                    + "00000002617500" + "00000001");
        }
    }

    @Test
    void hostsTheDevicesSpeInProcessWithDevice(@TempDir Path dir) throws Exception {
        Path p11 = dir.resolve("p11.sock");
        Path device = dir.resolve("device");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Process serve = start(log, "--socket", p11.toString(), "--device", device.toString());
        try {
            assertThat(readyLine(serve)).startsWith("P11_KIT_SERVER_ADDRESS=unix:path=");
            initializeAndListSlots(p11);
            waitFor(() -> log.stream().anyMatch(l -> l.contains("connection 1 (client protocol 0) ended")));
            // The hosted SPE holds the device: neither a second server nor an SPE process may serve it meanwhile.
            CliTest.Run second = CliTest.citadel("p11", "serve", "--socket", dir.resolve("b.sock").toString(),
                    "--device", device.toString());
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err().lines().toList()).hasSize(1);
            assertThat(second.err()).contains("cannot open the device").doesNotContain("Exception");
        } finally {
            serve.toHandle().destroy();
        }
        assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p11).doesNotExist();
        assertThat(log).noneMatch(l -> l.contains("Exception"));
    }

    @Test
    void speAndDeviceExcludeEachOther(@TempDir Path dir) {
        CliTest.Run both = CliTest.citadel("p11", "serve", "--socket", dir.resolve("p11.sock").toString(),
                "--spe", dir.resolve("spe.sock").toString(), "--device", dir.resolve("device").toString());
        assertThat(both.code()).isEqualTo(Main.USAGE);
        assertThat(both.err()).contains("mutually exclusive").doesNotContain("Exception");
    }

    @Test
    void missingOrDeadSpeIsOneLineAndExitCode1(@TempDir Path dir) throws Exception {
        CliTest.Run missing = CliTest.citadel("p11", "serve", "--socket", dir.resolve("p11.sock").toString(),
                "--spe", dir.resolve("nothing.sock").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().lines().toList()).singleElement().asString().startsWith("citadel: ")
                .contains("no SPE socket");

        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        gone.bind(UnixDomainSocketAddress.of(stale));
        gone.close();
        CliTest.Run dead = CliTest.citadel("p11", "serve", "--socket", dir.resolve("p11.sock").toString(),
                "--spe", stale.toString());
        assertThat(dead.code()).isEqualTo(1);
        assertThat(dead.err().lines().toList()).singleElement().asString().startsWith("citadel: ")
                .contains("cannot reach the SPE").doesNotContain("Exception");
        assertThat(dir.resolve("p11.sock")).doesNotExist();
    }

    /** Starts {@code citadel p11 serve ARGS} from this JVM's class path; its stderr lines go to {@code log}. */
    static Process start(List<String> log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "p11",
                "serve"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    log.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "p11-stderr");
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    /** The first stdout line of {@code p}, within 20 s. */
    static String readyLine(Process p) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        return line.get(20, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
