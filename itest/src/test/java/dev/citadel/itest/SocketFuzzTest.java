package dev.citadel.itest;

import static dev.citadel.itest.partitions.TestServices.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile bytes on the SPE's socket ({@code docs/robustness.md}): every malformed frame gets an error reply or a
 * closed connection (§6 of {@code docs/wire-protocol.md}), and the SPE keeps serving everybody else.
 */
class SocketFuzzTest {
    private static final int MAX = 1 << 20;
    private static final int FRAMEWORK_VERSION = 1;
    private static final int VERSION = 2;
    private static final int CONNECT = 3;
    private static final int CALL = 4;
    private static final int CLOSE = 5;
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int PROGRAMMER = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final long TIMEOUT_MS = 2_000;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    // Offsets in a request frame, frame_length prefix included (§2, §3).
    private static final int VER = 6;
    private static final int KIND = 7;
    private static final int TYPE = 24;
    private static final int IN_COUNT = 28;
    private static final int OUT_COUNT = 29;
    private static final int RESERVED = 30;
    private static final int VECTORS = 32;

    private static final byte[][] NO_IN = {};

    private TestSpe spe;
    private Path socket;

    @BeforeEach
    void start() {
        spe = new TestSpe();
        socket = spe.socket();
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Targeted tests: one malformation each.

    @Test
    void truncatedFrameFollowedByCloseLeavesTheSpeServing() throws Exception {
        byte[] f = call(7, -1, SFN_STATELESS_HANDLE, ECHO, in("hello"), 5);
        try (Raw raw = new Raw(socket)) {
            raw.send(Arrays.copyOf(f, 20));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (new ArrayList<>(spe.log).stream().noneMatch(l -> l.endsWith(": peer closed mid-frame"))
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(new ArrayList<>(spe.log)).anyMatch(l -> l.endsWith(": peer closed mid-frame"));
        assertThat(spe.server().liveConnections()).isZero();
        assertServing();
    }

    @Test
    void stalledPartialFrameDoesNotBlockOtherClients() throws Exception {
        try (Raw stalled = new Raw(socket)) {
            stalled.send(Arrays.copyOf(call(1, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), 3), 30));
            assertServing();
            try (Raw other = new Raw(socket)) {
                other.send(call(2, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), 3));
                Reply r = other.read(TIMEOUT_MS);
                assertThat(r.result).isEqualTo(SUCCESS);
                assertThat(r.payload).asString().isEqualTo("abc");
            }
        }
        awaitIdle(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX + 1, 0x7FFFFFFF, 0xFFFFFFFF})
    void frameLengthOverOneMebibyteIsAProtocolError(int frameLength) throws Exception {
        byte[] f = simple(FRAMEWORK_VERSION, 9, -1, 0, 0);
        le(f).putInt(0, frameLength);
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, 0);
        }
        assertServing();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 8, 27})
    void frameShorterThanTheRequestHeaderIsAProtocolError(int frameLength) throws Exception {
        byte[] f = Arrays.copyOf(simple(FRAMEWORK_VERSION, 9, -1, 0, 0), 4 + frameLength);
        le(f).putInt(0, frameLength);
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, frameLength >= 8 ? 9 : 0);
        }
        assertServing();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 255})
    void wrongProtocolVersionIsNotSupported(int version) throws Exception {
        byte[] f = call(11, -1, SFN_STATELESS_HANDLE, ECHO, NO_IN);
        f[VER] = (byte) version;
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            Reply r = expectProtocolError(raw, NOT_SUPPORTED, 11);
            assertThat(r.version).as("the version the SPE speaks").isEqualTo(1);
        }
        assertServing();
    }

    @Test
    void badMagicClosesTheConnectionWithoutAReply() throws Exception {
        byte[] f = simple(FRAMEWORK_VERSION, 1, -1, 0, 0);
        f[4] = 'T';
        f[5] = 'C';
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            assertThat(raw.read(TIMEOUT_MS)).as("reply to a bad magic").isNull();
        }
        assertServing();
    }

    @ParameterizedTest
    @ValueSource(ints = {IN_COUNT, OUT_COUNT})
    void fiveVectorsOfOneKindIsAProtocolError(int countField) throws Exception {
        byte[] f = countField == IN_COUNT
                ? call(3, -1, SFN_STATELESS_HANDLE, ECHO, in("a", "b", "c", "d", "e"))
                : call(3, -1, SFN_STATELESS_HANDLE, ECHO, NO_IN, 1, 1, 1, 1, 1);
        assertThat(f[countField]).isEqualTo((byte) 5);
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, 3);
        }
        assertServing();
    }

    @Test
    void moreThanFourVectorsInTotalIsAProgrammerErrorReplyAndTheConnectionStaysUsable() throws Exception {
        try (Raw raw = new Raw(socket)) {
            raw.send(call(4, -1, SFN_STATELESS_HANDLE, ECHO, in("a", "b", "c"), 1, 1));
            Reply r = expectCall(raw, 4, PROGRAMMER);
            assertThat(r.outLen).containsExactly(0, 0);
            raw.send(call(5, -1, SFN_STATELESS_HANDLE, ECHO, in("a", "b"), 1, 1));
            assertThat(expectCall(raw, 5, SUCCESS).payload).asString().isEqualTo("ab");
        }
    }

    @Test
    void callTypeOutOfRangeIsAProgrammerErrorReplyAndTheConnectionStaysUsable() throws Exception {
        try (Raw raw = new Raw(socket)) {
            int seq = 0;
            for (int type : new int[] {-1, 32768, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                raw.send(call(++seq, -1, SFN_STATELESS_HANDLE, type, in("x"), 1));
                assertThat(expectCall(raw, seq, PROGRAMMER).outLen).as("type %d", type).containsExactly(0);
            }
            raw.send(call(++seq, -1, SFN_STATELESS_HANDLE, 32767, NO_IN));
            expectCall(raw, seq, NOT_SUPPORTED);
            raw.send(call(++seq, -1, SFN_STATELESS_HANDLE, ECHO, in("ok"), 2));
            assertThat(expectCall(raw, seq, SUCCESS).payload).asString().isEqualTo("ok");
        }
    }

    @Test
    void unknownNullAndForeignHandlesAreProgrammerErrors() throws Exception {
        try (Raw raw = new Raw(socket)) {
            int seq = 0;
            for (int handle : new int[] {0x1234, 0, -5, Integer.MIN_VALUE}) {
                raw.send(call(++seq, -1, handle, ECHO, NO_IN));
                expectCall(raw, seq, PROGRAMMER);
            }
            raw.send(simple(CONNECT, ++seq, -1, IPC_BASIC_SID, 1));
            int h = raw.read(TIMEOUT_MS).result;
            assertThat(h).as("handle").isPositive();
            raw.send(call(++seq, -2, h, ECHO, NO_IN));
            expectCall(raw, seq, PROGRAMMER);
            raw.send(simple(CLOSE, ++seq, -2, h, 0));
            assertThat(raw.read(TIMEOUT_MS).result).as("close of a foreign handle is ignored").isZero();
            raw.send(call(++seq, -1, h, ECHO, NO_IN));
            expectCall(raw, seq, SUCCESS);
        }
        awaitIdle(0);
    }

    @Test
    void bodyLengthInconsistentWithInLenIsAProtocolError() throws Exception {
        for (int declared : new int[] {10, 4, 0, -1}) {
            byte[] f = call(6, -1, SFN_STATELESS_HANDLE, ECHO, in("hello"), 5);
            le(f).putInt(VECTORS, declared);
            try (Raw raw = new Raw(socket)) {
                raw.send(f);
                expectProtocolError(raw, PROGRAMMER, 6);
            }
        }
        assertServing();
    }

    @Test
    void nonZeroReservedFieldIsAProtocolError() throws Exception {
        byte[] f = call(8, -1, SFN_STATELESS_HANDLE, ECHO, NO_IN);
        f[RESERVED + 1] = 1;
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, 8);
        }
        assertServing();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 9, 255})
    void unknownKindIsAProtocolError(int kind) throws Exception {
        byte[] f = simple(FRAMEWORK_VERSION, 12, -1, 0, 0);
        f[KIND] = (byte) kind;
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, 12);
        }
        assertServing();
    }

    @Test
    void vectorsOnAKindOtherThanCallAreAProtocolError() throws Exception {
        byte[] f = call(13, -1, SFN_STATELESS_SID, 0, NO_IN, 4);
        f[KIND] = VERSION;
        try (Raw raw = new Raw(socket)) {
            raw.send(f);
            expectProtocolError(raw, PROGRAMMER, 13);
        }
        assertServing();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, -65537, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void unclaimableNsidIsRefusedAndTheConnectionStaysUsable(int nsid) throws Exception {
        try (Raw raw = new Raw(socket)) {
            raw.send(call(1, nsid, SFN_STATELESS_HANDLE, WHOAMI, NO_IN, 4));
            assertThat(expectCall(raw, 1, PROGRAMMER).outLen).containsExactly(0);
            raw.send(simple(VERSION, 2, nsid, SFN_STATELESS_SID, 0));
            assertThat(raw.read(TIMEOUT_MS).result).as("VERSION").isZero();
            raw.send(simple(CONNECT, 3, nsid, IPC_BASIC_SID, 1));
            assertThat(raw.read(TIMEOUT_MS).result).as("CONNECT").isEqualTo(PROGRAMMER);
            raw.send(simple(CLOSE, 4, nsid, 1, 0));
            assertThat(raw.read(TIMEOUT_MS).result).as("CLOSE").isZero();
            raw.send(call(5, -1, SFN_STATELESS_HANDLE, WHOAMI, NO_IN, 4));
            assertThat(le(expectCall(raw, 5, SUCCESS).payload).getInt(0)).isEqualTo(ClientIds.DEFAULT_NS_CLIENT);
        }
        assertThat(spe.spm.connectionsInUse()).isZero();
    }

    @Test
    void outCapacityTooLargeForAReplyIsAProgrammerErrorReply() throws Exception {
        try (Raw raw = new Raw(socket)) {
            raw.send(call(1, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), 0xFFFFFFFFL));
            assertThat(expectCall(raw, 1, PROGRAMMER).outLen).containsExactly(0);
            raw.send(call(2, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL));
            expectCall(raw, 2, PROGRAMMER);
            // 16 + 4·2 + Σ out_cap = MAX + 1: one byte too many.
            raw.send(call(3, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), MAX - 24 - 99, 100));
            expectCall(raw, 3, PROGRAMMER);
            // Exactly MAX: accepted.
            raw.send(call(4, -1, SFN_STATELESS_HANDLE, ECHO, in("abc"), MAX - 20));
            Reply r = expectCall(raw, 4, SUCCESS);
            assertThat(r.outLen).containsExactly(3);
            assertThat(r.payload).asString().isEqualTo("abc");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The campaign.

    @Test
    void hundredThousandHostileFramesDoNotDisturbAWellBehavedClient() throws Exception {
        int frames = Integer.getInteger("citadel.fuzz.frames", 100_000);
        String seedProperty = System.getProperty("citadel.fuzz.seed");
        long seed = seedProperty != null ? Long.decode(seedProperty) : new Random().nextLong();
        String repro = "seed " + seed + " (rerun with -Dcitadel.fuzz.seed=" + seed + ")";
        Stats st = new Stats();
        Handles handles = new Handles();

        AtomicBoolean done = new AtomicBoolean();
        LongAdder goodOk = new LongAdder();
        LongAdder goodFailed = new LongAdder();
        Queue<String> goodFailures = new ConcurrentLinkedQueue<>();
        PsaClient good = spe.open(Door.SOCKET);
        Thread goodThread = new Thread(
                () -> {
                    Random r = new Random(seed ^ 0x600DL);
                    while (!done.get()) {
                        byte[] msg = new byte[r.nextInt(65)];
                        r.nextBytes(msg);
                        OutVec[] o = {OutVec.allocate(msg.length)};
                        int s = good.call(SFN_STATELESS_HANDLE, ECHO, new InVec[] {InVec.of(msg)}, o);
                        tally(s == SUCCESS && Arrays.equals(o[0].toByteArray(), msg), "ECHO -> " + s,
                                goodOk, goodFailed, goodFailures);
                        OutVec[] w = {OutVec.allocate(4)};
                        s = good.call(SFN_STATELESS_HANDLE, WHOAMI, null, w);
                        tally(s == SUCCESS && w[0].length() == 4
                                        && le(w[0].toByteArray()).getInt(0) == ClientIds.DEFAULT_NS_CLIENT,
                                "WHOAMI -> " + s, goodOk, goodFailed, goodFailures);
                    }
                },
                "well-behaved-client");
        goodThread.start();

        long t0 = System.nanoTime();
        ExecutorService attackers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                long s = seed + a;
                int n = frames / 2 + (a == 0 ? frames % 2 : 0);
                jobs.add(attackers.submit(() -> {
                    attack(s, n, st, handles);
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get(30, TimeUnit.MINUTES);
            }
        } finally {
            attackers.shutdownNow();
            done.set(true);
            goodThread.join(10_000);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        awaitIdle(1);
        drainLog(st);

        String summary = String.format(
                "SocketFuzzTest: %s: %d frames in %d ms: %d normal replies, %d error replies, %d silent closes, "
                        + "%d hang-ups on incomplete frames, %d connections, %d anomalies; well-behaved client: %d ok,"
                        + " %d failed; SPE connection ends: %s",
                repro, st.frames.sum(), ms, st.replies.sum(), st.errors.sum(), st.silent.sum(), st.hangUps.sum(),
                st.connections.sum(), st.anomalies.sum(), goodOk.sum(), goodFailed.sum(), st.ends);
        System.out.println(summary);

        assertThat(st.frames.sum()).as(repro).isGreaterThanOrEqualTo(frames);
        assertThat(st.anomalyLog).as("SPE answers that break §6; %s", repro).isEmpty();
        assertThat(st.serverFaults).as("SPE-side faults in its log; %s", repro).isEmpty();
        assertThat(goodOk.sum()).as("well-behaved calls made; %s", repro).isPositive();
        assertThat(goodFailures).as("well-behaved calls that failed (of %d); %s", goodFailed.sum(), repro).isEmpty();
        assertThat(goodFailed.sum()).as(repro).isZero();
        assertServing();
        awaitIdle(1);
        assertThat(spe.spm.connectionsInUse()).as("connection handles left open; %s", repro).isZero();
        assertThat(spe.server().liveConnections()).as("live socket connections; %s", repro).isLessThanOrEqualTo(1);
    }

    private static void tally(boolean ok, String what, LongAdder oks, LongAdder fails, Queue<String> log) {
        if (ok) {
            oks.increment();
        } else {
            fails.increment();
            if (log.size() < 20) {
                log.add(what);
            }
        }
    }

    /** One attacker: {@code frames} hostile frames, reconnecting whenever the SPE ends the connection. */
    private void attack(long seed, int frames, Stats st, Handles handles) throws IOException {
        Random rnd = new Random(seed);
        Raw raw = null;
        try {
            for (int i = 0; i < frames; i++) {
                byte[] f = generate(rnd, handles);
                if (raw == null) {
                    raw = new Raw(socket);
                    st.connections.increment();
                }
                if (!exchange(raw, f, st, handles)) {
                    raw.close();
                    raw = null;
                }
                st.frames.increment();
                if ((i & 8191) == 8191) {
                    drainLog(st);
                }
            }
        } finally {
            if (raw != null) {
                raw.close();
            }
        }
    }

    /**
     * Sends {@code f} and checks every answer it is owed: one per complete frame in it, until one ends the
     * connection. Returns false when the connection is over: closed by the SPE, or hung up by us because the SPE is
     * (rightly) still waiting for the rest of an incomplete frame.
     */
    private static boolean exchange(Raw raw, byte[] f, Stats st, Handles handles) {
        try {
            raw.send(f);
        } catch (IOException | TimeoutException e) {
            st.anomaly("send failed on a live connection: " + e, f);
            return false;
        }
        int pos = 0;
        while (true) {
            int rem = f.length - pos;
            if (rem == 0) {
                return true;
            }
            long len = rem < 4 ? -1 : Integer.toUnsignedLong(le(f).getInt(pos));
            Expect e = len < 0 ? null : len > MAX ? Expect.error(PROGRAMMER, 0) : rem - 4 < len ? null
                    : predict(f, pos + 4, (int) len);
            if (e == null) {
                st.hangUps.increment();
                return false;
            }
            Reply r;
            try {
                r = raw.read(TIMEOUT_MS);
            } catch (TimeoutException | BadReply ex) {
                st.anomaly(ex.toString(), f);
                return false;
            }
            String bad = e.check(r);
            if (bad == null && e.outcome != Expect.REPLY && !raw.closedByPeer(TIMEOUT_MS)) {
                bad = "connection left open after " + (r == null ? "no reply" : "a protocol-error reply");
            }
            if (bad != null) {
                st.anomaly(bad, f);
                return false;
            }
            switch (e.outcome) {
                case Expect.ERROR -> {
                    st.errors.increment();
                    return false;
                }
                case Expect.SILENT -> {
                    st.silent.increment();
                    return false;
                }
                default -> {
                    st.replies.increment();
                    if (e.kind == CONNECT && r.result > 0) {
                        handles.add(r.result);
                    }
                }
            }
            pos += 4 + (int) len;
        }
    }

    /** What §3–§6 require of the SPE for one complete request body {@code f[off, off + len)}. */
    static Expect predict(byte[] f, int off, int len) {
        ByteBuffer b = le(f);
        if (len < 4) {
            return Expect.error(PROGRAMMER, 0);
        }
        int seq = len >= 8 ? b.getInt(off + 4) : 0;
        if ((b.getShort(off) & 0xFFFF) != 0x5443) {
            return Expect.SILENT_CLOSE;
        }
        if (f[off + 2] != 1) {
            return Expect.error(NOT_SUPPORTED, seq);
        }
        if (len < 28) {
            return Expect.error(PROGRAMMER, seq);
        }
        int kind = f[off + 3] & 0xFF;
        int nsid = b.getInt(off + 8);
        int type = b.getInt(off + 20);
        int inCount = f[off + 24] & 0xFF;
        int outCount = f[off + 25] & 0xFF;
        if (b.getShort(off + 26) != 0
                || kind < FRAMEWORK_VERSION
                || kind > CLOSE
                || (kind != CALL && inCount + outCount != 0)
                || inCount > 4
                || outCount > 4
                || len < 28 + 4 * (inCount + outCount)) {
            return Expect.error(PROGRAMMER, seq);
        }
        long expected = 28 + 4L * (inCount + outCount);
        long[] caps = new long[outCount];
        long capTotal = 0;
        for (int i = 0; i < inCount; i++) {
            expected += Integer.toUnsignedLong(b.getInt(off + 28 + 4 * i));
        }
        for (int i = 0; i < outCount; i++) {
            caps[i] = Integer.toUnsignedLong(b.getInt(off + 28 + 4 * (inCount + i)));
            capTotal += caps[i];
        }
        if (expected != len) {
            return Expect.error(PROGRAMMER, seq);
        }
        boolean claimable = nsid >= -65536 && nsid <= -1;
        Integer result = switch (kind) {
            case FRAMEWORK_VERSION -> 0x0101;
            case VERSION -> claimable ? null : 0;
            case CONNECT -> claimable ? null : PROGRAMMER;
            case CALL -> !claimable || inCount + outCount > 4 || type < 0 || type > 32767
                            || 16 + 4L * outCount + capTotal > MAX
                    ? Integer.valueOf(PROGRAMMER)
                    : null;
            default -> 0;
        };
        return new Expect(Expect.REPLY, kind, seq, result, caps);
    }

    /** The SPE's required answer to one complete frame; {@code result} null when the service decides it. */
    record Expect(int outcome, int kind, int seq, Integer result, long[] caps) {
        static final int REPLY = 0;
        static final int ERROR = 1;
        static final int SILENT = 2;
        static final Expect SILENT_CLOSE = new Expect(SILENT, 0, 0, null, new long[0]);

        static Expect error(int status, int seq) {
            return new Expect(ERROR, 0, seq, status, new long[0]);
        }

        /** Null if {@code r} (null: the connection closed) is what §4–§6 require, else what is wrong. */
        String check(Reply r) {
            if (outcome == SILENT) {
                return r == null ? null : "reply " + r + " to a frame with a bad magic";
            }
            if (r == null) {
                return "connection closed instead of " + (outcome == ERROR ? "a protocol-error reply" : "a reply");
            }
            String malformed = r.malformation();
            if (malformed != null) {
                return malformed + ": " + r;
            }
            if (outcome == ERROR) {
                return r.kind == 0 && r.result == result && r.outCount == 0 && (r.seq == seq || r.seq == 0)
                        ? null
                        : "expected protocol error " + result + " (seq " + seq + "), got " + r;
            }
            if (r.kind != kind || r.seq != seq || r.outCount != caps.length || (result != null && r.result != result)) {
                return "expected " + kind + "/seq " + seq + "/result " + result + "/out_count " + caps.length
                        + ", got " + r;
            }
            for (int i = 0; i < caps.length; i++) {
                if (Integer.toUnsignedLong(r.outLen[i]) > caps[i]
                        || (result != null && result == PROGRAMMER && r.outLen[i] != 0)) {
                    return "out_len[" + i + "] " + r.outLen[i] + " for capacity " + caps[i] + ": " + r;
                }
            }
            return null;
        }
    }

    // Frame generators. The frame sequence follows from the seed; handle values also depend on what the SPE returned.

    private static final int[] SIDS = {
        SFN_STATELESS_SID, SFN_SECURE_ONLY_SID, SFN_RELAXED_SID, NESTED_SID, IPC_BASIC_SID, IPC_STRICT_SID,
        IPC_SECURE_ONLY_SID, IPC_REFUSE_SID, IPC_BUSY_SID, 0, 0xDEAD
    };

    private static byte[] generate(Random r, Handles h) {
        int p = r.nextInt(100);
        if (p < 6) {
            return bytes(r, 1 + r.nextInt(64)); // random bytes, random length prefix
        }
        if (p < 10) {
            byte[] body = bytes(r, r.nextInt(64)); // random body behind an honest length prefix
            byte[] f = new byte[4 + body.length];
            le(f).putInt(0, body.length);
            System.arraycopy(body, 0, f, 4, body.length);
            return f;
        }
        return avoidSlow(p < 40 ? mutate(r, valid(r, h)) : adversarial(r, h));
    }

    /** A valid request, mostly one the SPE serves. */
    private static byte[] valid(Random r, Handles h) {
        int seq = r.nextInt();
        int nsid = -1 - r.nextInt(2);
        return switch (r.nextInt(8)) {
            case 0 -> simple(FRAMEWORK_VERSION, seq, -1, 0, 0);
            case 1 -> simple(VERSION, seq, nsid, pick(r, SIDS), 0);
            case 2 -> simple(CONNECT, seq, nsid, r.nextBoolean() ? IPC_BASIC_SID : IPC_STRICT_SID, 1 + r.nextInt(2));
            case 3 -> simple(CLOSE, seq, nsid, h.any(r), 0);
            default -> call(seq, nsid,
                    r.nextInt(3) == 0 ? h.any(r) : pick(r, SFN_STATELESS_HANDLE, SFN_RELAXED_HANDLE, NESTED_HANDLE),
                    pick(r, ECHO, WHOAMI, PROGRAMMER_ERROR, PARTIAL_ERROR, SIZES),
                    vectors(r, r.nextInt(3), 32), caps(r, r.nextInt(3), false));
        };
    }

    /** Flips bits, overwrites bytes, truncates or extends a frame. */
    private static byte[] mutate(Random r, byte[] f) {
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    f[r.nextInt(f.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return f;
            }
            case 1 -> {
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    f[r.nextInt(f.length)] = (byte) r.nextInt(256);
                }
                return f;
            }
            case 2 -> {
                return Arrays.copyOf(f, 1 + r.nextInt(f.length - 1));
            }
            default -> {
                byte[] tail = bytes(r, 1 + r.nextInt(16));
                byte[] g = Arrays.copyOf(f, f.length + tail.length);
                System.arraycopy(tail, 0, g, f.length, tail.length);
                return g;
            }
        }
    }

    /** Well-framed requests with hostile content: any handle, type, NSID, vector count or capacity. */
    private static byte[] adversarial(Random r, Handles h) {
        int seq = r.nextInt();
        int nsid = pick(r, -1, -1, -1, -2, -65536, 0, 5, -65537, Integer.MIN_VALUE, Integer.MAX_VALUE, r.nextInt());
        return switch (r.nextInt(10)) {
            case 0 -> simple(FRAMEWORK_VERSION, seq, nsid, r.nextInt(), r.nextInt());
            case 1 -> simple(VERSION, seq, nsid, r.nextBoolean() ? pick(r, SIDS) : r.nextInt(), r.nextInt());
            case 2 -> simple(CONNECT, seq, nsid, r.nextInt(4) > 0 ? pick(r, SIDS) : r.nextInt(),
                    pick(r, 0, 1, 2, 3, -1, r.nextInt()));
            case 3 -> simple(CLOSE, seq, nsid, handle(r, h), 0);
            default -> call(seq, nsid, handle(r, h),
                    pick(r, -1, 32768, Integer.MIN_VALUE, Integer.MAX_VALUE, r.nextInt(32768), 32767,
                            ECHO, WHOAMI, PROGRAMMER_ERROR, PARTIAL_ERROR, SIZES),
                    vectors(r, r.nextInt(5), r.nextInt(20) == 0 ? 4096 : 48), caps(r, r.nextInt(5), true));
        };
    }

    private static int handle(Random r, Handles h) {
        return pick(r, 0, 0x1234, -5, Integer.MIN_VALUE, r.nextInt(), 1 + r.nextInt(64), h.any(r), h.any(r),
                SFN_STATELESS_HANDLE, SFN_SECURE_ONLY_HANDLE, SFN_RELAXED_HANDLE, NESTED_HANDLE,
                0x40000000 | r.nextInt(0x10000));
    }

    private static long[] caps(Random r, int n, boolean hostile) {
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = hostile && r.nextInt(8) == 0
                    ? pick(r, 0xFFFFFFFF, MAX, MAX - 20, MAX - 36, Integer.MIN_VALUE) & 0xFFFFFFFFL
                    : r.nextInt(65);
        }
        return c;
    }

    private static byte[][] vectors(Random r, int n, int maxLength) {
        byte[][] v = new byte[n][];
        for (int i = 0; i < n; i++) {
            v[i] = bytes(r, r.nextInt(maxLength + 1));
        }
        return v;
    }

    /** The test services' SLOW type sleeps 200 ms; keep the campaign's run time bounded by its frame count. */
    private static byte[] avoidSlow(byte[] f) {
        if (f.length >= TYPE + 4 && f[KIND] == CALL && le(f).getInt(TYPE) == SLOW) {
            le(f).putInt(TYPE, SIZES);
        }
        return f;
    }

    private static int pick(Random r, int... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Counters shared by the attackers. */
    private static final class Stats {
        final LongAdder frames = new LongAdder();
        final LongAdder replies = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder silent = new LongAdder();
        final LongAdder hangUps = new LongAdder();
        final LongAdder connections = new LongAdder();
        final LongAdder anomalies = new LongAdder();
        final Queue<String> anomalyLog = new ConcurrentLinkedQueue<>();
        final Queue<String> serverFaults = new ConcurrentLinkedQueue<>();
        final Map<String, Long> ends = new TreeMap<>();

        void anomaly(String what, byte[] frame) {
            anomalies.increment();
            if (anomalyLog.size() < 20) {
                anomalyLog.add(what + " for frame " + hex(frame));
            }
        }
    }

    /** Connection handles the attackers were given, for use as foreign handles by either of them. */
    private static final class Handles {
        private final AtomicIntegerArray seen = new AtomicIntegerArray(16);
        private final AtomicInteger next = new AtomicInteger();

        void add(int handle) {
            seen.set(next.getAndIncrement() & 15, handle);
        }

        int any(Random r) {
            return r.nextBoolean() ? seen.get(r.nextInt(16)) : r.nextInt(66);
        }
    }

    /** Tallies the SPE's log (connection ends, panics) and empties it, so that long campaigns stay small. */
    private void drainLog(Stats st) {
        List<String> lines;
        synchronized (spe.log) {
            lines = new ArrayList<>(spe.log);
            spe.log.clear();
        }
        synchronized (st.ends) {
            for (String l : lines) {
                String k = l.contains(": protocol error: bad magic")
                        ? "bad magic"
                        : l.contains(": protocol error:")
                                ? "protocol error"
                                : l.endsWith(": peer closed mid-frame")
                                        ? "closed mid-frame"
                                        : l.endsWith(": closed by peer")
                                                ? "closed between frames"
                                                : l.startsWith("panic in partition") ? "partition panic" : "other";
                st.ends.merge(k, 1L, Long::sum);
                if (k.equals("other") && st.serverFaults.size() < 20) {
                    st.serverFaults.add(l);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wire helpers.

    /** A request frame per §3, {@code frame_length} prefix included; counts and lengths follow the vectors. */
    static byte[] request(int kind, int seq, int nsid, int target, int version, int type, byte[][] in, long[] caps) {
        int payload = 0;
        for (byte[] v : in) {
            payload += v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 28 + 4 * (in.length + caps.length) + payload).order(LE);
        b.putInt(b.capacity() - 4).putShort((short) 0x5443).put((byte) 1).put((byte) kind);
        b.putInt(seq).putInt(nsid).putInt(target).putInt(version).putInt(type);
        b.put((byte) in.length).put((byte) caps.length).putShort((short) 0);
        for (byte[] v : in) {
            b.putInt(v.length);
        }
        for (long c : caps) {
            b.putInt((int) c);
        }
        for (byte[] v : in) {
            b.put(v);
        }
        return b.array();
    }

    static byte[] simple(int kind, int seq, int nsid, int target, int version) {
        return request(kind, seq, nsid, target, version, 0, NO_IN, new long[0]);
    }

    static byte[] call(int seq, int nsid, int handle, int type, byte[][] in, long... caps) {
        return request(CALL, seq, nsid, handle, 0, type, in, caps);
    }

    private static byte[][] in(String... values) {
        byte[][] v = new byte[values.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return v;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(LE);
    }

    private static String hex(byte[] f) {
        String h = HexFormat.of().formatHex(f, 0, Math.min(f.length, 96));
        return f.length > 96 ? h + "… (" + f.length + " bytes)" : h;
    }

    /** Reads a protocol-error reply and checks that the SPE then closes the connection. */
    private static Reply expectProtocolError(Raw raw, int status, int seq) throws Exception {
        Reply r = raw.read(TIMEOUT_MS);
        assertThat(r).as("protocol-error reply").isNotNull();
        assertThat(r.malformation()).isNull();
        assertThat(r.kind).as("kind").isZero();
        assertThat(r.result).as("result").isEqualTo(status);
        assertThat(r.seq).as("seq").isEqualTo(seq);
        assertThat(r.outCount).isZero();
        assertThat(raw.closedByPeer(TIMEOUT_MS)).as("connection closed after the error").isTrue();
        return r;
    }

    private static Reply expectCall(Raw raw, int seq, int result) throws Exception {
        Reply r = raw.read(TIMEOUT_MS);
        assertThat(r).as("reply").isNotNull();
        assertThat(r.malformation()).isNull();
        assertThat(r.kind).as("kind").isEqualTo(CALL);
        assertThat(r.seq).as("seq").isEqualTo(seq);
        assertThat(r.result).as("result").isEqualTo(result);
        return r;
    }

    /** A fresh client is served. */
    private void assertServing() {
        Dispatcher c = spe.open(Door.SOCKET);
        try {
            OutVec[] o = {OutVec.allocate(5)};
            assertThat(c.call(SFN_STATELESS_HANDLE, ECHO, new InVec[] {InVec.of("alive".getBytes())}, o))
                    .isEqualTo(SUCCESS);
            assertThat(o[0].toByteArray()).asString().isEqualTo("alive");
            assertThat(c.frameworkVersion()).isEqualTo(0x0101);
        } finally {
            c.close();
        }
    }

    /** Waits (5 s at most) for the SPE to drop closed connections and their handles. */
    private void awaitIdle(int liveConnections) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((spe.spm.connectionsInUse() > 0 || spe.server().liveConnections() > liveConnections)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** A reply frame per §4; the fields are as received. */
    record Reply(int length, int magic, int version, int kind, int seq, int result, int outCount, int reserved,
            int[] outLen, byte[] payload) {

        static Reply parse(ByteBuffer b) {
            int length = b.capacity();
            int outCount = b.get(12) & 0xFF;
            int[] outLen = new int[Math.min(outCount, Math.max(0, (length - 16) / 4))];
            long total = 0;
            for (int i = 0; i < outLen.length; i++) {
                outLen[i] = b.getInt(16 + 4 * i);
                total += Integer.toUnsignedLong(outLen[i]);
            }
            int start = 16 + 4 * outLen.length;
            byte[] payload = Arrays.copyOfRange(b.array(), start, (int) Math.min(length, start + total));
            return new Reply(length, b.getShort(0) & 0xFFFF, b.get(2) & 0xFF, b.get(3) & 0xFF, b.getInt(4),
                    b.getInt(8), outCount, (b.get(13) & 0xFF) | (b.getShort(14) & 0xFFFF) << 8, outLen, payload);
        }

        /** Null if the frame is a well-formed reply, else what is wrong with it. */
        String malformation() {
            long expected = 16L + 4L * outCount;
            for (int n : outLen) {
                expected += Integer.toUnsignedLong(n);
            }
            if (magic != 0x5443 || version != 1 || reserved != 0) {
                return "bad reply header";
            }
            return expected == length && outLen.length == outCount ? null : "reply length does not add up";
        }

        @Override
        public String toString() {
            return "Reply[len=" + length + " kind=" + kind + " seq=" + seq + " result=" + result + " out_len="
                    + Arrays.toString(outLen) + "]";
        }
    }

    /** The SPE broke §4's framing. */
    static final class BadReply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadReply(String message) {
            super(message);
        }
    }

    /** A raw connection to the SPE socket, with bounded waits. */
    static final class Raw implements AutoCloseable {
        private final SocketChannel ch;
        private final Selector selector;
        private final SelectionKey key;

        Raw(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            selector = Selector.open();
            key = ch.register(selector, SelectionKey.OP_READ);
        }

        void send(byte[] frame) throws IOException, TimeoutException {
            ByteBuffer b = ByteBuffer.wrap(frame);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (b.hasRemaining()) {
                if (ch.write(b) == 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                    await(deadline, "write");
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }

        /**
         * One reply frame, or null if the SPE closed the connection (EOF, or a reset: Linux reports a close with
         * unread bytes as {@code ECONNRESET}) before sending one.
         */
        Reply read(long timeoutMs) throws TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            ByteBuffer prefix = ByteBuffer.allocate(4).order(LE);
            if (!fill(prefix, deadline)) {
                if (prefix.position() > 0) {
                    throw new BadReply("connection closed inside a reply's frame_length");
                }
                return null;
            }
            int length = prefix.getInt(0);
            if (length < 16 || length > MAX) {
                throw new BadReply("reply frame_length " + Integer.toUnsignedString(length));
            }
            ByteBuffer body = ByteBuffer.allocate(length).order(LE);
            if (!fill(body, deadline) || body.hasRemaining()) {
                throw new BadReply("connection closed inside a reply frame");
            }
            return Reply.parse(body);
        }

        /** True if the SPE closes the connection within the timeout without sending anything more. */
        boolean closedByPeer(long timeoutMs) {
            try {
                ByteBuffer one = ByteBuffer.allocate(1);
                return !fill(one, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
            } catch (TimeoutException e) {
                return false;
            }
        }

        /** Fills {@code b}; false if the connection ended before the first byte, or anywhere (b is then partial). */
        private boolean fill(ByteBuffer b, long deadline) throws TimeoutException {
            while (b.hasRemaining()) {
                int n;
                try {
                    n = ch.read(b);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    return false;
                }
                if (n == 0) {
                    await(deadline, "read");
                }
            }
            return true;
        }

        private void await(long deadline, String what) throws TimeoutException {
            long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (ms <= 0) {
                throw new TimeoutException("no " + what + " progress within " + TIMEOUT_MS + " ms");
            }
            try {
                selector.select(ms);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            selector.selectedKeys().clear();
        }

        @Override
        public void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}
