package dev.citadel.spe.server;

import dev.citadel.psa.InVec;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.ipc.Frames;
import dev.citadel.psa.ipc.ProtocolException;
import dev.citadel.psa.ipc.Request;
import dev.citadel.psa.ipc.SpinGroup;
import dev.citadel.psa.ipc.SpinningChannel;
import dev.citadel.psa.ipc.Wire;
import dev.citadel.spe.spm.NsAgent;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;

/** Serves one socket connection: reads requests, runs them through its NS session, writes replies. */
final class ConnectionHandler implements Runnable {
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final InVec[] NO_IN = new InVec[0];
    private static final OutVec[] NO_OUT = new OutVec[0];

    private final int id;
    private final String peer;
    private final SpinningChannel channel;
    private final NsGateway session;
    private final NsAgent agent;
    private final SpeServer server;
    private final Request request = new Request();
    private ByteBuffer in = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer out = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final SpinGroup group;
    private final long frameTimeoutNanos;
    private long requests;
    /** Bytes of {@code in} holding data. */
    private int filled;
    /** Where the frame being served ends. */
    private int frameEnd;
    /** When the peer must have finished its frame or taken its reply (a nanoTime), or 0 while it owes nothing. */
    private volatile long stallDeadline;

    private volatile boolean stalled;

    ConnectionHandler(
            int id,
            String peer,
            SpinningChannel channel,
            NsGateway session,
            NsAgent agent,
            SpeServer server,
            SpinGroup group,
            long frameTimeoutMillis) {
        this.group = group;
        this.frameTimeoutNanos = frameTimeoutMillis * 1_000_000;
        this.id = id;
        this.peer = peer;
        this.channel = channel;
        this.session = session;
        this.agent = agent;
        this.server = server;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        String end;
        group.enter();
        try {
            while (true) {
                if (!readFrame()) {
                    end = "closed by peer";
                    break;
                }
                requests++;
                try {
                    request.decode(in.position(Wire.PREFIX), in.limit() - Wire.PREFIX);
                } catch (ProtocolException e) {
                    if (e.replyPossible()) {
                        sendError(e.status());
                    }
                    end = "protocol error: " + e.getMessage();
                    break;
                }
                serve();
                write(out);
            }
        } catch (ProtocolException e) {
            if (e.replyPossible()) {
                trySendError(e.status());
            }
            end = "protocol error: " + e.getMessage();
        } catch (ClosedChannelException e) {
            end = stalled
                    ? "peer stalled for over " + frameTimeoutNanos / 1_000_000 + " ms inside a frame or its reply"
                    : server.closing() ? "SPE shutting down" : "closed";
        } catch (EOFException e) {
            end = "peer closed mid-frame";
        } catch (IOException e) {
            end = "I/O error: " + e.getMessage();
        } catch (RuntimeException e) {
            end = "internal error: " + e;
        } finally {
            group.exit();
            channel.close();
            session.close();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        server.ended(this, "conn " + id + " " + peer + " agent=" + agent.name() + " requests=" + requests
                + " duration=" + ms + "ms: " + end);
    }

    void shutdown() {
        channel.close();
    }

    /**
     * Reads one frame into {@code in} (prefix included, at offset 0); false on a clean end of stream between frames.
     * Reads take whatever the socket holds, so a frame usually costs one system call; bytes beyond the frame are kept
     * for the next one.
     */
    private boolean readFrame() throws IOException, ProtocolException {
        if (frameEnd > 0) {
            System.arraycopy(in.array(), frameEnd, in.array(), 0, filled - frameEnd);
            filled -= frameEnd;
            frameEnd = 0;
        }
        // Between frames a client may idle for ever; once a frame has begun it must arrive within the timeout.
        while (filled < Wire.PREFIX) {
            if (filled > 0) {
                armWatchdog();
            }
            if (!fill()) {
                if (filled == 0) {
                    return false;
                }
                throw new EOFException();
            }
        }
        long length = Integer.toUnsignedLong(in.getInt(0));
        if (length > Wire.MAX_FRAME_LENGTH) {
            throw new ProtocolException(PROGRAMMER_ERROR, true, "frame length " + length + " exceeds the maximum");
        }
        int total = Wire.PREFIX + (int) length;
        if (in.capacity() < total) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(total, Math.min(in.capacity() * 2, total * 2)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            System.arraycopy(in.array(), 0, bigger.array(), 0, filled);
            in = bigger;
        }
        if (filled < total) {
            armWatchdog();
        }
        while (filled < total) {
            if (!fill()) {
                throw new EOFException();
            }
        }
        stallDeadline = 0;
        frameEnd = total;
        in.limit(total).position(0);
        return true;
    }

    /** Reads what the socket holds. */
    private boolean fill() throws IOException {
        in.limit(in.capacity()).position(filled);
        int n = channel.read(in);
        if (n < 0) {
            return false;
        }
        filled += n;
        return true;
    }

    private void serve() {
        Request r = request;
        out.clear();
        int result;
        switch (r.kind) {
            case Wire.KIND_FRAMEWORK_VERSION -> result = session.frameworkVersion();
            case Wire.KIND_VERSION -> result = session.version(r.nsid, r.target);
            case Wire.KIND_CONNECT -> result = session.connect(r.nsid, r.target, r.serviceVersion);
            case Wire.KIND_CLOSE -> {
                session.close(r.nsid, r.target);
                result = 0;
            }
            case Wire.KIND_CALL -> {
                serveCall(r);
                return;
            }
            default -> throw new IllegalStateException("decoded an unknown kind");
        }
        ensureOut(Wire.PREFIX + Wire.REPLY_HEADER);
        Frames.replyHeader(out, r.kind, r.seq, result, 0, 0);
        out.clear().limit(Wire.PREFIX + Wire.REPLY_HEADER);
    }

    private void serveCall(Request r) {
        int outCount = r.outCount;
        if (r.inCount + outCount > Psa.MAX_IOVEC
                || r.type < 0
                || r.type > Psa.CALL_TYPE_MAX
                || !Wire.replyFits(outCount, r.outCapacityTotal)) {
            replyCall(r, PROGRAMMER_ERROR, null);
            return;
        }
        int dataStart = Wire.PREFIX + Wire.REPLY_HEADER + 4 * outCount;
        ensureOut(dataStart + (int) r.outCapacityTotal);
        byte[] body = in.array();
        InVec[] inVecs = r.inCount == 0 ? NO_IN : new InVec[r.inCount];
        for (int i = 0; i < r.inCount; i++) {
            inVecs[i] = InVec.of(body, Wire.PREFIX + r.inOffset[i], r.inLength[i]);
        }
        OutVec[] outVecs = outCount == 0 ? NO_OUT : new OutVec[outCount];
        int p = dataStart;
        for (int i = 0; i < outCount; i++) {
            outVecs[i] = OutVec.of(out.array(), p, r.outCapacity[i]);
            p += r.outCapacity[i];
        }
        int status = session.call(r.nsid, r.target, r.type, inVecs, outVecs);
        replyCall(r, status, outVecs);
    }

    /** Writes the reply, moving each vector's bytes down so they follow one another. */
    private void replyCall(Request r, int status, OutVec[] outVecs) {
        int outCount = r.outCount;
        int dataStart = Wire.PREFIX + Wire.REPLY_HEADER + 4 * outCount;
        ensureOut(dataStart);
        int p = dataStart;
        for (int i = 0; i < outCount; i++) {
            int n = outVecs == null ? 0 : outVecs[i].length();
            out.putInt(Wire.PREFIX + Wire.REPLY_HEADER + 4 * i, n);
            if (n > 0 && outVecs[i].offset() != p) {
                System.arraycopy(out.array(), outVecs[i].offset(), out.array(), p, n);
            }
            p += n;
        }
        Frames.replyHeader(out, Wire.KIND_CALL, r.seq, status, outCount, p - dataStart);
        out.clear().limit(p);
    }

    private void ensureOut(int size) {
        if (out.capacity() < size) {
            out = ByteBuffer.allocate(Math.max(size, Math.min(out.capacity() * 2, Wire.PREFIX + Wire.MAX_FRAME_LENGTH)))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private void sendError(int status) throws IOException {
        ensureOut(Wire.PREFIX + Wire.REPLY_HEADER);
        out.clear();
        Frames.replyHeader(out, Wire.KIND_ERROR, in.limit() >= Wire.PREFIX + 8 ? in.getInt(Wire.PREFIX + 4) : 0,
                status, 0, 0);
        out.clear().limit(Wire.PREFIX + Wire.REPLY_HEADER);
        write(out);
    }

    private void trySendError(int status) {
        try {
            in.limit(0);
            sendError(status);
        } catch (IOException ignored) {
            // the connection is being closed anyway
        }
    }

    private void write(ByteBuffer b) throws IOException {
        armWatchdog();
        channel.write(b);
        stallDeadline = 0;
    }

    /** From now the peer has the frame timeout to finish its frame, or to take our reply. */
    private void armWatchdog() {
        if (stallDeadline == 0) {
            stallDeadline = System.nanoTime() + frameTimeoutNanos;
        }
    }

    /** Called by the server's watchdog: closes the connection if its peer has stalled past the deadline. */
    void checkStalled(long now) {
        long d = stallDeadline;
        if (d != 0 && now - d > 0) {
            stalled = true;
            channel.close();
        }
    }
}
