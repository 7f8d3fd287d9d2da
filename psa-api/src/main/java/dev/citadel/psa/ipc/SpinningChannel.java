package dev.citadel.psa.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A socket channel whose reads first poll for a short while before they sleep.
 *
 * <p>Waking a thread that sleeps in {@code read} costs more than the whole request on a virtual machine (an
 * inter-processor interrupt and a context switch on each side). A peer in lock-step usually answers within
 * microseconds, so polling for up to {@code spinNanos} catches most replies and requests without a wake-up; past that
 * the thread sleeps in a selector and costs nothing.
 *
 * <p>Only a group's lone busy thread polls ({@link SpinGroup}). While several threads of the group are busy nobody
 * polls, and the channel switches to plain blocking mode, where a read sleeps in the kernel with one system call
 * instead of a selector's two; it switches back when polling is allowed again. {@code spinNanos = 0} never polls.
 *
 * <p>One thread reads and writes at a time; {@link #close()} may be called from any thread and wakes it.
 */
public final class SpinningChannel implements AutoCloseable {
    /** Default polling budget before a read sleeps. */
    public static final long DEFAULT_SPIN_NANOS = 25_000;

    private final SocketChannel channel;
    private final long spinNanos;
    private final SpinGroup group;
    private Selector selector;
    private SelectionKey key;
    private boolean blocking = true;

    /**
     * @param group the waiting threads this channel's thread belongs to; it must have {@link SpinGroup#enter() entered}
     *     the group while it reads or writes
     */
    public SpinningChannel(SocketChannel channel, long spinNanos, SpinGroup group) throws IOException {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must not be negative");
        }
        this.channel = channel;
        this.spinNanos = spinNanos;
        this.group = group;
        channel.configureBlocking(true);
    }

    /**
     * Reads at least one byte into {@code b} (which must have room), waiting as long as it takes.
     *
     * @return the bytes read, or -1 at end of stream
     */
    public int read(ByteBuffer b) throws IOException {
        if (spinNanos == 0 || !group.mayPoll()) {
            toBlocking();
            group.sleeping();
            try {
                return channel.read(b);
            } finally {
                group.awake();
            }
        }
        toNonBlocking();
        long deadline = System.nanoTime() + spinNanos;
        int n;
        do {
            n = channel.read(b);
            if (n != 0) {
                return n;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - deadline < 0 && group.mayPoll());
        // The peer is slow: sleep in the selector until bytes come.
        while (true) {
            await(SelectionKey.OP_READ);
            n = channel.read(b);
            if (n != 0) {
                return n;
            }
        }
    }

    /** Writes all of {@code b}. */
    public void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.write(b) == 0 && !blocking) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    private Selector selector() throws ClosedChannelException {
        Selector s;
        synchronized (this) {
            s = selector;
        }
        if (s == null) {
            throw new ClosedChannelException();
        }
        return s;
    }

    private void toBlocking() throws IOException {
        if (!blocking) {
            key.cancel();
            try {
                selector().selectNow(); // completes the deregistration
            } catch (ClosedSelectorException e) {
                throw new ClosedChannelException();
            }
            channel.configureBlocking(true);
            blocking = true;
        }
    }

    private void toNonBlocking() throws IOException {
        if (blocking) {
            channel.configureBlocking(false);
            synchronized (this) {
                if (selector == null) {
                    if (!channel.isOpen()) {
                        throw new ClosedChannelException();
                    }
                    selector = Selector.open();
                }
            }
            try {
                key = channel.register(selector(), 0);
            } catch (ClosedSelectorException e) {
                throw new ClosedChannelException();
            }
            blocking = false;
        }
    }

    private void await(int op) throws IOException {
        group.sleeping();
        try {
            Selector s = selector();
            key.interestOps(op);
            s.select();
            s.selectedKeys().clear();
        } catch (ClosedSelectorException | CancelledKeyException e) {
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
        Selector s;
        synchronized (this) {
            s = selector;
            selector = null;
        }
        if (s != null) {
            s.wakeup();
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
