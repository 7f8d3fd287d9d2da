package dev.citadel.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Baselines measured in the same run as {@link PsaCallBench}: the floor each dispatcher stands on. {@code
 * interfaceCall} is one virtual call; {@code socketPingPong} sends 32 bytes over a Unix socket to an echo thread in
 * this JVM and reads 24 back, one connection per benchmark thread, with nothing of Citadel in the loop.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BaselineBench {

    /** Something the JIT cannot see through. */
    public interface Target {
        int call(int handle, int type);
    }

    private Target target;
    private Path dir;
    private ServerSocketChannel server;
    private final ConcurrentLinkedDeque<SocketChannel> clients = new ConcurrentLinkedDeque<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        target = Integer.getInteger("never.set", 0) == 1 ? (h, t) -> h : (h, t) -> 0;
        dir = Files.createTempDirectory("citadel-baseline");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("echo.sock")));
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    SocketChannel ch = server.accept();
                    Thread t = new Thread(() -> echo(ch));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void echo(SocketChannel ch) {
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        ByteBuffer out = ByteBuffer.allocateDirect(64);
        try (ch) {
            while (true) {
                in.clear().limit(32);
                while (in.hasRemaining()) {
                    if (ch.read(in) < 0) {
                        return;
                    }
                }
                out.clear().limit(24);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            }
        } catch (IOException ignored) {
            // benchmark over
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        server.close();
        Files.deleteIfExists(dir.resolve("echo.sock"));
        Files.deleteIfExists(dir);
    }

    /** Per-thread connection of the ping-pong baseline. */
    @State(Scope.Thread)
    public static class Conn {
        SocketChannel ch;
        final ByteBuffer out = ByteBuffer.allocateDirect(64);
        final ByteBuffer in = ByteBuffer.allocateDirect(64);

        @Setup(Level.Trial)
        public void open(BaselineBench b) throws IOException {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(b.dir.resolve("echo.sock")));
            b.clients.add(ch);
        }
    }

    @Benchmark
    public int interfaceCall() {
        return target.call(0x4000010F, 0);
    }

    @Benchmark
    public int socketPingPong(Conn c) throws IOException {
        c.out.clear().limit(32);
        while (c.out.hasRemaining()) {
            c.ch.write(c.out);
        }
        c.in.clear().limit(24);
        while (c.in.hasRemaining()) {
            if (c.ch.read(c.in) < 0) {
                throw new IOException("echo closed");
            }
        }
        return c.in.get(0);
    }
}
