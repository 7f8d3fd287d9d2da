package dev.citadel.psa.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SpinningChannel} and {@link SpinGroup} over a real Unix domain socket pair. */
class SpinningChannelTest {
    /** A safety net so that a broken channel fails the test instead of hanging the build; not a timing assertion. */
    private static final long HANG_GUARD_SECONDS = 30;

    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;

    @BeforeEach
    void connect() throws IOException {
        Path socket = dir.resolve("s.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(socket));
        accepted = server.accept();
    }

    @AfterEach
    void closeAll() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    /** Reads exactly {@code n} bytes, or fewer if the stream ends. */
    private static byte[] readFully(SpinningChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
        byte[] r = new byte[b.position()];
        b.flip().get(r);
        return r;
    }

    @ParameterizedTest(name = "spinNanos {0}")
    @ValueSource(longs = {0, 25_000})
    void bytesWrittenOnOneSideAreReadOnTheOther(long spinNanos) throws Exception {
        SpinGroup group = new SpinGroup();
        group.enter();
        try (SpinningChannel a = new SpinningChannel(client, spinNanos, group);
                SpinningChannel b = new SpinningChannel(accepted, spinNanos, group)) {
            a.write(ByteBuffer.wrap("hello, secure world".getBytes(StandardCharsets.US_ASCII)));

            assertThat(new String(readFully(b, 19), StandardCharsets.US_ASCII)).isEqualTo("hello, secure world");
        } finally {
            group.exit();
        }
    }

    @ParameterizedTest(name = "spinNanos {0}")
    @ValueSource(longs = {0, 25_000})
    void twoThreadsExchangeManyMessagesInLockStep(long spinNanos) throws Exception {
        // Each side waits for the other on every message, so reads meet both an empty and a full socket.
        int rounds = 500;
        CompletableFuture<Integer> echo = async(() -> {
            SpinGroup group = new SpinGroup();
            group.enter();
            try (SpinningChannel b = new SpinningChannel(accepted, spinNanos, group)) {
                int served = 0;
                while (true) {
                    byte[] m = readFully(b, 4);
                    if (m.length < 4) {
                        return served;
                    }
                    int v = ByteBuffer.wrap(m).getInt();
                    b.write(ByteBuffer.allocate(4).putInt(0, v + 1));
                    served++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                group.exit();
            }
        });
        SpinGroup group = new SpinGroup();
        group.enter();
        try (SpinningChannel a = new SpinningChannel(client, spinNanos, group)) {
            for (int i = 0; i < rounds; i++) {
                a.write(ByteBuffer.allocate(4).putInt(0, i * 2));
                assertThat(ByteBuffer.wrap(readFully(a, 4)).getInt()).isEqualTo(i * 2 + 1);
            }
        } finally {
            group.exit();
        }
        assertThat(echo.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(rounds);
    }

    @ParameterizedTest(name = "spinNanos {0}")
    @ValueSource(longs = {0, 25_000})
    void readReturnsMinusOneAtEndOfStream(long spinNanos) throws Exception {
        SpinGroup group = new SpinGroup();
        group.enter();
        try (SpinningChannel b = new SpinningChannel(accepted, spinNanos, group)) {
            client.close();

            assertThat(b.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        } finally {
            group.exit();
        }
    }

    @ParameterizedTest(name = "spinNanos {0}")
    @ValueSource(longs = {0, 25_000})
    void closeFromAnotherThreadReleasesABlockedReader(long spinNanos) throws Exception {
        SpinGroup group = new SpinGroup();
        SpinningChannel b = new SpinningChannel(accepted, spinNanos, group);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Throwable> reader = async(() -> {
            group.enter();
            entered.countDown();
            try {
                b.read(ByteBuffer.allocate(8));
                return null;
            } catch (Throwable t) {
                return t;
            } finally {
                group.exit();
            }
        });
        awaitSleeping(group, entered);

        b.close();

        // AsynchronousCloseException is a ClosedChannelException too.
        assertThat(reader.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aClosedChannelRefusesToRead() throws IOException {
        SpinGroup group = new SpinGroup();
        group.enter();
        SpinningChannel b = new SpinningChannel(accepted, 25_000, group);
        b.close();

        assertThat(catchThrowable(() -> b.read(ByteBuffer.allocate(1))))
                .isInstanceOf(ClosedChannelException.class);
        group.exit();
    }

    @Test
    void aSpinGroupIsIdleAfterEnterAndExit() {
        SpinGroup group = new SpinGroup();

        group.enter();
        assertThat(group.busy()).isEqualTo(1);
        group.exit();

        assertThat(group.busy()).isZero();
    }

    @Test
    void aSpinGroupCountsEveryEnteredThread() throws Exception {
        SpinGroup group = new SpinGroup();
        group.enter();
        async(() -> {
            group.enter();
            return null;
        }).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(group.busy()).isEqualTo(2);
    }

    @ParameterizedTest(name = "spinNanos {0}")
    @ValueSource(longs = {0, 25_000})
    void aReadLeavesTheBusyCountAsItWas(long spinNanos) throws Exception {
        SpinGroup group = new SpinGroup();
        group.enter();
        try (SpinningChannel a = new SpinningChannel(client, spinNanos, group);
                SpinningChannel b = new SpinningChannel(accepted, spinNanos, group)) {
            a.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            readFully(b, 3);

            assertThat(group.busy()).isEqualTo(1);
        } finally {
            group.exit();
        }
        assertThat(group.busy()).isZero();
    }

    @Test
    void aThreadSleepingInReadIsNotBusy() throws Exception {
        SpinGroup group = new SpinGroup();
        SpinningChannel b = new SpinningChannel(accepted, 25_000, group);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Integer> reader = async(() -> {
            group.enter();
            entered.countDown();
            try {
                return b.read(ByteBuffer.allocate(1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                group.exit();
            }
        });
        awaitSleeping(group, entered);
        assertThat(reader).isNotDone();

        client.write(ByteBuffer.wrap(new byte[] {7}));

        assertThat(reader.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(group.busy()).isZero();
        b.close();
    }

    /** Runs {@code task} on a thread of its own (blocking reads must not occupy a shared pool). */
    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, r -> {
            Thread t = new Thread(r, "spinning-channel-test");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Waits until the one thread of {@code group} has entered and then left the busy count (gone to sleep). */
    private static void awaitSleeping(SpinGroup group, CountDownLatch entered) throws InterruptedException {
        assertThat(entered.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        while (group.busy() != 0) {
            Thread.onSpinWait();
        }
    }
}
