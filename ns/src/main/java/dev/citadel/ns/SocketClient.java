package dev.citadel.ns;

import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.ipc.Frames;
import dev.citadel.psa.ipc.SpinGroup;
import dev.citadel.psa.ipc.SpinningChannel;
import dev.citadel.psa.ipc.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The IPC dispatcher: PSA calls travel to an SPE process over its Unix domain socket, in the protocol of
 * {@code docs/wire-protocol.md}. Thread-safe: each call borrows one of a pool of connections, so calls from different
 * threads proceed in parallel. A broken connection makes that call return {@code PSA_ERROR_COMMUNICATION_FAILURE}
 * and is replaced on the next call.
 *
 * <p>The SPE binds connection handles to the client ID, and closes them when the socket connection that opened them
 * closes; pooled connections stay open until {@link #close()}.
 */
public final class SocketClient implements Dispatcher {
    private static final int COMMUNICATION_FAILURE = PsaStatus.COMMUNICATION_FAILURE.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();

    private final UnixDomainSocketAddress address;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Channel> all = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PsaClient defaultClient = new View(ClientIds.DEFAULT_NSID);

    private final long spinNanos;
    /** One group for every client in this JVM: while several calls wait at once, none of them polls. */
    private static final SpinGroup SPIN_GROUP = new SpinGroup();

    private SocketClient(Path socket, long spinNanos) {
        this.address = UnixDomainSocketAddress.of(socket);
        this.spinNanos = spinNanos;
    }

    /**
     * Connects to the SPE listening on {@code socket}.
     *
     * @throws IOException if no SPE accepts a connection there
     */
    public static SocketClient connect(Path socket) throws IOException {
        return connect(socket, 0);
    }

    /**
     * Connects to the SPE listening on {@code socket}; a call waiting for its reply polls for up to {@code spinNanos}
     * before it sleeps ({@link SpinningChannel}), 0 to sleep at once. {@link #connect(Path)} sleeps at once, so NS
     * applications spend no CPU waiting; polling (e.g. 25 000 ns) roughly halves a lone caller's round trip at the
     * price of a busy core while it waits (figures in {@code docs/benchmarks.md}).
     *
     * @throws IOException if no SPE accepts a connection there
     */
    public static SocketClient connect(Path socket, long spinNanos) throws IOException {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must not be negative");
        }
        SocketClient client = new SocketClient(Objects.requireNonNull(socket, "socket"), spinNanos);
        client.idle.push(client.open());
        return client;
    }

    @Override
    public PsaClient asClient(int nsid) {
        CallChecks.checkNsid(nsid);
        return new View(nsid);
    }

    @Override
    public PsaClient defaultClient() {
        return defaultClient;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Channel c : all) {
                c.closeQuietly();
            }
            all.clear();
            idle.clear();
        }
    }

    private Channel open() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        Channel c = new Channel(new SpinningChannel(ch, spinNanos, SPIN_GROUP));
        all.add(c);
        return c;
    }

    private Channel borrow() throws IOException {
        if (closed.get()) {
            throw new IOException("client closed");
        }
        Channel c = idle.pollFirst();
        return c != null ? c : open();
    }

    private void release(Channel c) {
        if (c.broken || closed.get()) {
            c.closeQuietly();
            all.remove(c);
        } else {
            idle.offerFirst(c);
        }
    }

    /** Runs one exchange; returns the reply's result, or {@code fallback} if the connection failed. */
    private int exchange(Request r, int fallback) {
        Channel c;
        try {
            c = borrow();
        } catch (IOException e) {
            OutVec.clearLengths(r.out);
            return fallback;
        }
        SPIN_GROUP.enter();
        try {
            return c.exchange(r);
        } catch (IOException e) {
            c.broken = true;
            OutVec.clearLengths(r.out);
            return fallback;
        } finally {
            SPIN_GROUP.exit();
            release(c);
        }
    }

    /** One request's parameters. */
    private record Request(int kind, int nsid, int target, int version, int type, InVec[] in, OutVec[] out) {}

    private final class View implements PsaClient {
        private final int nsid;

        View(int nsid) {
            this.nsid = nsid;
        }

        @Override
        public int frameworkVersion() {
            return exchange(new Request(Wire.KIND_FRAMEWORK_VERSION, nsid, 0, 0, 0, null, null), 0);
        }

        @Override
        public int version(int sid) {
            return exchange(new Request(Wire.KIND_VERSION, nsid, sid, 0, 0, null, null), 0);
        }

        @Override
        public int connect(int sid, int version) {
            return exchange(new Request(Wire.KIND_CONNECT, nsid, sid, version, 0, null, null), COMMUNICATION_FAILURE);
        }

        @Override
        public int call(int handle, int type, InVec[] in, OutVec[] out) {
            if (CallChecks.refuse(type, in, out) || Frames.callRequestSize(in, out) > Wire.MAX_FRAME_LENGTH) {
                OutVec.clearLengths(out);
                return PROGRAMMER_ERROR;
            }
            long capacity = 0;
            for (int i = 0; out != null && i < out.length; i++) {
                capacity += out[i].capacity();
            }
            if (!Wire.replyFits(out == null ? 0 : out.length, capacity)) {
                OutVec.clearLengths(out);
                return PROGRAMMER_ERROR;
            }
            return exchange(new Request(Wire.KIND_CALL, nsid, handle, 0, type, in, out), COMMUNICATION_FAILURE);
        }

        @Override
        public void close(int handle) {
            exchange(new Request(Wire.KIND_CLOSE, nsid, handle, 0, 0, null, null), 0);
        }
    }

    /** One socket connection with its buffers; used by one thread at a time. */
    private static final class Channel {
        private final SpinningChannel channel;
        private ByteBuffer send = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer receive = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
        private int seq;
        volatile boolean broken;

        Channel(SpinningChannel channel) {
            this.channel = channel;
        }

        int exchange(Request r) throws IOException {
            int s = ++seq;
            int length;
            send.clear();
            if (r.kind == Wire.KIND_CALL) {
                long size = Frames.callRequestSize(r.in, r.out);
                if (send.capacity() < size) {
                    send = ByteBuffer.allocateDirect((int) size).order(ByteOrder.LITTLE_ENDIAN);
                }
                length = Frames.encodeCall(send, s, r.nsid, r.target, r.type, r.in, r.out);
            } else {
                length = Frames.encodeSimple(send, r.kind, s, r.nsid, r.target, r.version);
            }
            send.clear().limit(length);
            channel.write(send);
            ByteBuffer reply = readFrame();
            return decode(reply, r, s);
        }

        private ByteBuffer readFrame() throws IOException {
            receive.clear();
            fill(receive, Wire.PREFIX);
            int length = receive.getInt(0);
            if (length < Wire.REPLY_HEADER || length > Wire.MAX_FRAME_LENGTH) {
                throw new IOException("reply frame length " + Integer.toUnsignedString(length));
            }
            int total = Wire.PREFIX + length;
            if (receive.capacity() < total) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(total).order(ByteOrder.LITTLE_ENDIAN);
                receive.flip();
                bigger.put(receive);
                receive = bigger;
            }
            fill(receive, total);
            return receive;
        }

        private void fill(ByteBuffer b, int upTo) throws IOException {
            while (b.position() < upTo) {
                if (channel.read(b) < 0) {
                    throw new EOFException("the SPE closed the connection");
                }
            }
            if (b.position() > upTo && upTo > Wire.PREFIX) {
                throw new IOException("unexpected bytes after the reply");
            }
        }

        private static int decode(ByteBuffer b, Request r, int seq) throws IOException {
            int length = b.getInt(0);
            int p = Wire.PREFIX;
            if ((b.getShort(p) & 0xFFFF) != Wire.MAGIC || (b.get(p + 2) & 0xFF) != Wire.VERSION) {
                throw new IOException("reply is not protocol version " + Wire.VERSION);
            }
            int kind = b.get(p + 3) & 0xFF;
            if (kind == Wire.KIND_ERROR) {
                throw new IOException("the SPE refused the frame: " + PsaStatus.describe(b.getInt(p + 8)));
            }
            if (kind != r.kind || b.getInt(p + 4) != seq) {
                throw new IOException("reply does not match the request");
            }
            int result = b.getInt(p + 8);
            int outCount = b.get(p + 12) & 0xFF;
            int expectedOut = r.out == null ? 0 : r.out.length;
            if (outCount != expectedOut) {
                throw new IOException("reply has " + outCount + " output vectors, expected " + expectedOut);
            }
            int q = p + Wire.REPLY_HEADER + 4 * outCount;
            long payload = 0;
            for (int i = 0; i < outCount; i++) {
                int n = b.getInt(p + Wire.REPLY_HEADER + 4 * i);
                if (n < 0 || n > r.out[i].capacity()) {
                    throw new IOException("reply overflows output vector " + i);
                }
                payload += n;
            }
            if (Wire.REPLY_HEADER + 4L * outCount + payload != length) {
                throw new IOException("reply length does not match its vectors");
            }
            for (int i = 0; i < outCount; i++) {
                OutVec v = r.out[i];
                int n = b.getInt(p + Wire.REPLY_HEADER + 4 * i);
                b.get(q, v.array(), v.offset(), n);
                v.setLength(n);
                q += n;
            }
            return result;
        }

        void closeQuietly() {
            broken = true;
            channel.close();
        }
    }
}
