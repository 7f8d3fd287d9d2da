package dev.citadel.psa.ipc;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A socket channel whose blocking reads first poll for a short while before they sleep.
 *
 * <p>Waking a thread that sleeps in {@code read} costs more than the whole request on a virtual machine (an
 * inter-processor interrupt and a context switch on each side). A peer in lock-step usually answers within
 * microseconds, so polling for up to {@code spinNanos} catches most replies and requests without a wake-up; past that
 * the thread sleeps in the selector and costs nothing. Only a group's single busy thread polls ({@link SpinGroup}), so
 * polling never competes with threads that have work. {@code spinNanos = 0} disables polling.
 *
 * <p>With a timeout, a read or write that makes no progress for that long fails with
 * {@link SocketTimeoutException}, so a peer that stalls mid-frame cannot hold a thread for ever.
 *
 * <p>One thread reads and writes at a time; {@link #close()} may be called from any thread.
 */
public final class SpinningChannel implements AutoCloseable {
    /** Default polling budget before a read sleeps. */
    public static final long DEFAULT_SPIN_NANOS = 25_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long spinNanos;
    private final SpinGroup group;
    private final long writeTimeoutMillis;

    /**
     * @param group the waiting threads this channel's thread belongs to; it must have {@link SpinGroup#enter() entered}
     *     the group while it reads or writes
     */
    public SpinningChannel(SocketChannel channel, long spinNanos, SpinGroup group) throws IOException {
        this(channel, spinNanos, group, 0);
    }

    /**
     * @param writeTimeoutMillis how long a write may wait for the peer to read, 0 for ever; any positive value also
     *     enables {@link #read(ByteBuffer, long)} timeouts
     */
    public SpinningChannel(SocketChannel channel, long spinNanos, SpinGroup group, long writeTimeoutMillis)
            throws IOException {
        this.channel = channel;
        this.spinNanos = spinNanos;
        this.group = group;
        this.writeTimeoutMillis = writeTimeoutMillis;
        if (spinNanos == 0 && writeTimeoutMillis == 0) {
            // Never polls: a plain blocking channel sleeps in read itself, one system call fewer than a selector.
            this.selector = null;
            this.key = null;
        } else {
            channel.configureBlocking(false);
            this.selector = Selector.open();
            this.key = channel.register(selector, 0);
        }
    }

    /**
     * Reads at least one byte into {@code b} (which must have room), waiting as long as it takes.
     *
     * @return the bytes read, or -1 at end of stream
     */
    public int read(ByteBuffer b) throws IOException {
        return read(b, 0);
    }

    /**
     * Reads at least one byte into {@code b}, waiting at most {@code timeoutMillis} (0: for ever). Timeouts need a
     * channel made with a write timeout.
     *
     * @return the bytes read, or -1 at end of stream
     * @throws SocketTimeoutException if nothing arrived in time
     */
    public int read(ByteBuffer b, long timeoutMillis) throws IOException {
        if (selector == null) {
            group.sleeping();
            try {
                return channel.read(b);
            } finally {
                group.awake();
            }
        }
        int n;
        if (group.mayPoll()) {
            long deadline = System.nanoTime() + spinNanos;
            do {
                n = channel.read(b);
                if (n != 0) {
                    return n;
                }
                Thread.onSpinWait();
            } while (System.nanoTime() - deadline < 0 && group.mayPoll());
        }
        // Straight to the selector: in lock-step the peer's bytes are rarely there yet, and a read that finds
        // nothing would be one more system call per request.
        long deadline = deadline(timeoutMillis);
        while (true) {
            await(SelectionKey.OP_READ, deadline);
            n = channel.read(b);
            if (n != 0) {
                return n;
            }
        }
    }

    /** Writes all of {@code b}. */
    public void write(ByteBuffer b) throws IOException {
        long deadline = deadline(writeTimeoutMillis);
        while (b.hasRemaining()) {
            if (channel.write(b) > 0) {
                deadline = deadline(writeTimeoutMillis);
            } else if (selector != null) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    private static long deadline(long timeoutMillis) {
        return timeoutMillis <= 0 ? 0 : System.nanoTime() + timeoutMillis * 1_000_000;
    }

    /** Sleeps until {@code op} is ready; {@code deadline} 0 waits for ever. */
    private void await(int op, long deadline) throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        group.sleeping();
        try {
            key.interestOps(op);
            if (deadline == 0) {
                selector.select();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
                    throw new SocketTimeoutException("no progress for the timeout");
                }
            }
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            throw new ClosedChannelException();
        } finally {
            group.awake();
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Closes the channel and wakes a thread waiting on it. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (selector != null) {
            selector.wakeup();
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
