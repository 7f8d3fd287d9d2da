package dev.citadel.itest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.partitions.SfnTestPartition;
import dev.citadel.itest.partitions.TestServices;
import dev.citadel.ns.SocketClient;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.ipc.Frames;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer that stalls inside a frame, or never reads its replies, loses its connection; an idle one does not. */
class StalledPeerTest {
    private static final long TIMEOUT_MILLIS = 300;

    @TempDir
    Path dir;

    private SpeServer server;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        Spm spm = Spm.builder().partition(new SfnTestPartition()).log(log::add).build();
        spm.start();
        server = SpeServer.start(spm, dir.resolve("spe.sock"),
                ServerConfig.defaults().withLog(log::add).withFrameTimeoutMillis(TIMEOUT_MILLIS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SocketChannel raw() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(server.socket()));
        return ch;
    }

    /** Reads until end of stream, in the background; completes with the bytes read. */
    private static CompletableFuture<Integer> drainUntilClosed(SocketChannel ch) {
        return CompletableFuture.supplyAsync(() -> {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            int total = 0;
            try {
                int n;
                while ((n = ch.read(b.clear())) >= 0) {
                    total += n;
                }
            } catch (IOException e) {
                // closed
            }
            return total;
        });
    }

    /** The SPE logs a connection's end just after closing it, so the line may trail the close a little. */
    private void awaitLogLine(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.stream().noneMatch(l -> l.contains(text)) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(log).anyMatch(l -> l.contains(text));
    }

    @Test
    void peerStallingInsideAFrameIsDisconnected() throws Exception {
        try (SocketChannel ch = raw()) {
            ByteBuffer half = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putInt(36).putShort((short) 0x5443);
            ch.write(half.flip());
            assertThat(drainUntilClosed(ch).get(10, TimeUnit.SECONDS)).isZero();
        }
        awaitLogLine("stalled");
    }

    @Test
    void peerStallingInsideTheLengthPrefixIsDisconnected() throws Exception {
        try (SocketChannel ch = raw()) {
            ch.write(ByteBuffer.wrap(new byte[] {36}));
            assertThat(drainUntilClosed(ch).get(10, TimeUnit.SECONDS)).isZero();
        }
        awaitLogLine("stalled");
    }

    @Test
    void peerIdleBetweenFramesKeepsItsConnection() throws Exception {
        try (SocketClient c = SocketClient.connect(server.socket())) {
            assertThat(c.call(TestServices.SFN_STATELESS_HANDLE, TestServices.ECHO, null, null)).isZero();
            Thread.sleep(3 * TIMEOUT_MILLIS);
            assertThat(server.liveConnections()).isEqualTo(1);
            assertThat(c.call(TestServices.SFN_STATELESS_HANDLE, TestServices.ECHO, null, null)).isZero();
            assertThat(server.connectionsServed()).isEqualTo(1);
        }
    }

    @Test
    void peerThatNeverReadsItsRepliesIsDisconnected() throws Exception {
        try (SocketChannel ch = raw()) {
            // Each request asks for a 64 KiB echo; unread, the replies fill the socket and the SPE's write stalls.
            byte[] payload = new byte[64 * 1024];
            ByteBuffer frame = ByteBuffer.allocate(Wire64.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            int length = Frames.encodeCall(frame, 1, -1, TestServices.SFN_STATELESS_HANDLE, TestServices.ECHO,
                    new InVec[] {InVec.of(payload)}, new OutVec[] {OutVec.allocate(payload.length)});
            ch.configureBlocking(false);
            int sent = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean closed = false;
            while (!closed && System.nanoTime() < end) {
                frame.clear().limit(length);
                try {
                    while (frame.hasRemaining() && System.nanoTime() < end) {
                        if (ch.write(frame) == 0) {
                            Thread.sleep(5);
                        }
                    }
                    sent++;
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("the SPE closed the connection after %d unread replies", sent).isTrue();
        }
        awaitLogLine("stalled");
        try (SocketClient c = SocketClient.connect(server.socket())) {
            assertThat(c.call(TestServices.SFN_STATELESS_HANDLE, TestServices.ECHO, null, null)).isZero();
        }
    }

    /** Size of one encoded 64 KiB echo request. */
    private static final class Wire64 {
        static final int SIZE = 4 + 28 + 8 + 64 * 1024;
    }
}
