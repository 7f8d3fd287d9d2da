package dev.citadel.spe.spm;

import static dev.citadel.spe.spm.TestPartition.le32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.InVec;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a service sees of a message ({@code psa_read}, {@code psa_skip}, {@code psa_write}, rhandle) and panics. */
class MessageTest {
    private static final int PID = 400;
    private static final int STATELESS_SID = 0xF100;
    private static final int CONNECTION_SID = 0xF101;
    private static final int HANDLE = StatelessHandle.encode(1, 1);
    private static final int NSID = -1;
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int SERVICE_FAILURE = PsaStatus.SERVICE_FAILURE.value();

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final TestPartition partition = TestPartition.of(
            "MSG_TEST",
            PID,
            TestPartition.stateless("MSG_STATELESS", STATELESS_SID, 1),
            TestPartition.connectionBased("MSG_CONNECTION", CONNECTION_SID));
    private Spm spm;
    private NsGateway ns;

    @BeforeEach
    void start() throws SpmStartException {
        spm = Spm.builder().log(log::add).partition(partition).build();
        spm.start();
        ns = spm.openSession(NsAgent.trustZone());
    }

    @AfterEach
    void stop() {
        ns.close();
    }

    private static InVec in(String s) {
        return InVec.of(s.getBytes(StandardCharsets.US_ASCII));
    }

    private int call(InVec[] in, OutVec[] out) {
        return ns.call(NSID, HANDLE, 0, in, out);
    }

    @Test
    void readInPiecesAdvancesThroughTheVector() {
        List<Integer> counts = new ArrayList<>();
        byte[] buf = new byte[8];
        partition.serving((s, m) -> {
            counts.add(m.read(0, buf, 0, 3));
            counts.add(m.read(0, buf, 3, 3));
            counts.add(m.read(0, buf, 6, 2));
            counts.add(m.read(0, buf, 0, 2));
            return SUCCESS;
        });

        assertThat(call(new InVec[] {in("abcdefg")}, null)).isEqualTo(SUCCESS);

        assertThat(counts).containsExactly(3, 3, 1, 0);
        assertThat(new String(buf, 0, 7, StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
    }

    @Test
    void readWithoutALengthReturnsTheUnreadRest() {
        AtomicReference<byte[]> rest = new AtomicReference<>();
        partition.serving((s, m) -> {
            m.read(0, new byte[2], 0, 2);
            rest.set(m.read(0));
            return SUCCESS;
        });

        call(new InVec[] {in("abcdef")}, null);

        assertThat(new String(rest.get(), StandardCharsets.US_ASCII)).isEqualTo("cdef");
    }

    @Test
    void readHonoursTheOffsetAndLengthOfTheCallersVector() {
        AtomicReference<byte[]> seen = new AtomicReference<>();
        partition.serving((s, m) -> {
            seen.set(m.read(0));
            return SUCCESS;
        });
        byte[] backing = "xxPAYLOADxx".getBytes(StandardCharsets.US_ASCII);

        call(new InVec[] {InVec.of(backing, 2, 7)}, null);

        assertThat(new String(seen.get(), StandardCharsets.US_ASCII)).isEqualTo("PAYLOAD");
    }

    @Test
    void mappedVectorsAreTheCallersBytesInPlace() {
        List<Object> seen = new ArrayList<>();
        partition.serving((s, m) -> {
            m.skip(0, 1);
            java.nio.ByteBuffer in = m.mapInvec(0);
            seen.add(in.hasArray());
            seen.add(in.remaining());
            seen.add((char) in.get(0));
            seen.add(m.read(0).length); // mapped bytes count as read
            java.nio.ByteBuffer out = m.mapOutvec(0);
            seen.add(out.remaining());
            out.put("xyz".getBytes(StandardCharsets.US_ASCII));
            m.unmapOutvec(0, 3);
            seen.add(m.written(0));
            m.write(0, "!".getBytes(StandardCharsets.US_ASCII));
            return SUCCESS;
        });
        byte[] backing = "__abcdef__".getBytes(StandardCharsets.US_ASCII);
        byte[] target = new byte[8];
        OutVec o = OutVec.of(target, 2, 5);

        assertThat(call(new InVec[] {InVec.of(backing, 2, 6)}, new OutVec[] {o})).isEqualTo(SUCCESS);

        assertThat(seen).containsExactly(true, 5, 'b', 0, 5, 3);
        assertThat(o.length()).isEqualTo(4);
        assertThat(new String(target, StandardCharsets.US_ASCII)).startsWith("\0\0xyz!");
    }

    @Test
    void unmappingMoreThanTheOutputVectorHoldsPanics() {
        partition.serving((s, m) -> {
            m.mapOutvec(0);
            m.unmapOutvec(0, 5);
            return SUCCESS;
        });

        assertThat(call(null, new OutVec[] {OutVec.allocate(4)})).isEqualTo(SERVICE_FAILURE);
        assertThat(spm.panics(PID)).isEqualTo(1);
    }

    @Test
    void skipMovesTheReadPosition() {
        List<Object> seen = new ArrayList<>();
        partition.serving((s, m) -> {
            seen.add(m.skip(0, 2));
            seen.add(new String(m.read(0), StandardCharsets.US_ASCII));
            return SUCCESS;
        });

        call(new InVec[] {in("abcdef")}, null);

        assertThat(seen).containsExactly(2, "cdef");
    }

    @Test
    void skipStopsAtTheEndOfTheVector() {
        List<Object> seen = new ArrayList<>();
        partition.serving((s, m) -> {
            seen.add(m.skip(0, 100));
            seen.add(m.read(0).length);
            return SUCCESS;
        });

        call(new InVec[] {in("abc")}, null);

        assertThat(seen).containsExactly(3, 0);
    }

    @Test
    void readOfAnAbsentVectorReturnsNoBytes() {
        List<Integer> seen = new ArrayList<>();
        partition.serving((s, m) -> {
            seen.add(m.read(2, new byte[4], 0, 4));
            seen.add(m.read(3).length);
            seen.add(m.skip(1, 4));
            return SUCCESS;
        });

        call(new InVec[] {in("abc")}, null);

        assertThat(seen).containsExactly(0, 0, 0);
    }

    @Test
    void sizesOfAbsentVectorsAreZero() {
        List<Integer> sizes = new ArrayList<>();
        partition.serving((s, m) -> {
            for (int i = 0; i < 4; i++) {
                sizes.add(m.inSize(i));
            }
            for (int i = 0; i < 4; i++) {
                sizes.add(m.outSize(i));
            }
            return SUCCESS;
        });

        call(new InVec[] {in("12345678"), InVec.EMPTY}, new OutVec[] {OutVec.allocate(16)});

        assertThat(sizes).containsExactly(8, 0, 0, 0, 16, 0, 0, 0);
    }

    @Test
    void writesAppendAndTheCallerSeesTheLengthWritten() {
        partition.serving((s, m) -> {
            m.write(0, "ab".getBytes(StandardCharsets.US_ASCII));
            m.write(0, "cd".getBytes(StandardCharsets.US_ASCII));
            return m.written(0);
        });
        OutVec out = OutVec.allocate(10);

        int status = call(null, new OutVec[] {out});

        assertThat(status).isEqualTo(4);
        assertThat(out.length()).isEqualTo(4);
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
    }

    @Test
    void writeOfExactlyTheCapacityWorks() {
        partition.serving((s, m) -> {
            m.write(0, new byte[] {1, 2, 3, 4});
            return SUCCESS;
        });
        OutVec out = OutVec.allocate(4);

        assertThat(call(null, new OutVec[] {out})).isEqualTo(SUCCESS);

        assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4);
        assertThat(spm.panics(PID)).isZero();
    }

    @Test
    void writesLandInTheCallersRange() {
        partition.serving((s, m) -> {
            m.write(0, new byte[] {7, 7});
            return SUCCESS;
        });
        byte[] buffer = new byte[6];

        call(null, new OutVec[] {OutVec.of(buffer, 2, 3)});

        assertThat(buffer).containsExactly(0, 0, 7, 7, 0, 0);
    }

    @Test
    void writePastTheCapacityPanicsThePartitionAndTheCallerGetsServiceFailure() {
        partition.serving((s, m) -> {
            m.write(0, new byte[5]);
            return SUCCESS;
        });

        int status = call(null, new OutVec[] {OutVec.allocate(4)});

        assertThat(status).isEqualTo(SERVICE_FAILURE).isEqualTo(-144);
        assertThat(spm.panics(PID)).isEqualTo(1);
    }

    @Test
    void theCapacityLimitsAllWritesTogether() {
        partition.serving((s, m) -> {
            m.write(0, new byte[3]);
            m.write(0, new byte[2]);
            return SUCCESS;
        });

        assertThat(call(null, new OutVec[] {OutVec.allocate(4)})).isEqualTo(SERVICE_FAILURE);
    }

    @Test
    void writeToAnAbsentOutputVectorPanics() {
        partition.serving((s, m) -> {
            m.write(1, new byte[1]);
            return SUCCESS;
        });

        assertThat(call(null, new OutVec[] {OutVec.allocate(4)})).isEqualTo(SERVICE_FAILURE);
        assertThat(spm.panics(PID)).isEqualTo(1);
    }

    @Test
    void aVectorIndexOutsideZeroToThreePanics() {
        partition.serving((s, m) -> m.inSize(4));

        assertThat(call(null, null)).isEqualTo(SERVICE_FAILURE);
    }

    @Test
    void everyPanicIsCounted() {
        partition.serving((s, m) -> {
            m.write(0, new byte[5]);
            return SUCCESS;
        });

        call(null, new OutVec[] {OutVec.allocate(4)});
        call(null, new OutVec[] {OutVec.allocate(4)});

        assertThat(spm.panics(PID)).isEqualTo(2);
    }

    @Test
    void aPanicIsLoggedWithThePartitionName() {
        partition.serving((s, m) -> {
            m.write(0, new byte[5]);
            return SUCCESS;
        });

        call(null, new OutVec[] {OutVec.allocate(4)});

        assertThat(log).anySatisfy(line -> assertThat(line).contains("panic").contains("MSG_TEST"));
    }

    @Test
    void aRuntimeExceptionInTheServiceGivesServiceFailure() {
        partition.serving((s, m) -> {
            throw new IllegalStateException("bug");
        });

        assertThat(call(null, null)).isEqualTo(SERVICE_FAILURE);
        assertThat(spm.panics(PID)).isEqualTo(1);
    }

    @Test
    void theSpmKeepsServingAfterAPartitionFault() {
        partition.serving((s, m) -> {
            throw new IllegalStateException("bug");
        });
        call(null, null);
        partition.serving((s, m) -> SUCCESS);

        assertThat(call(null, null)).isEqualTo(SUCCESS);
    }

    @Test
    void aStackOverflowInTheServiceGivesServiceFailure() {
        partition.serving(new TestPartition.Service() {
            @Override
            public int serve(ServiceManifest s, PsaMessage m) {
                return 1 + serve(s, m);
            }
        });

        assertThat(call(null, null)).isEqualTo(SERVICE_FAILURE);
    }

    @Test
    void aServiceStatusIsPassedToTheCallerUnchanged() {
        partition.serving((s, m) -> 12345);

        assertThat(call(null, null)).isEqualTo(12345);
    }

    @Test
    void aMessageUsedAfterItsReplyPanics() {
        AtomicReference<PsaMessage> kept = new AtomicReference<>();
        partition.serving((s, m) -> {
            kept.set(m);
            return SUCCESS;
        });
        call(new InVec[] {in("old")}, null);
        partition.serving((s, m) -> kept.get().read(0).length);

        assertThat(call(new InVec[] {in("new")}, null)).isEqualTo(SERVICE_FAILURE);
    }

    @Test
    void setRhandleOnAStatelessServicePanics() {
        partition.serving((s, m) -> {
            m.setRhandle("state");
            return SUCCESS;
        });

        assertThat(call(null, null)).isEqualTo(SERVICE_FAILURE);
        assertThat(spm.panics(PID)).isEqualTo(1);
    }

    @Test
    void aStatelessMessageHasNoRhandle() {
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        partition.serving((s, m) -> {
            seen.set(m.rhandle());
            return SUCCESS;
        });

        call(null, null);

        assertThat(seen.get()).isNull();
    }

    /** A connection-based service that counts calls in its rhandle and writes the count. */
    private void countCallsInRhandle() {
        partition.serving((s, m) -> {
            if (m.type() == Psa.IPC_CONNECT) {
                m.setRhandle(0);
                return SUCCESS;
            }
            if (m.type() == Psa.IPC_DISCONNECT) {
                return SUCCESS;
            }
            int n = (Integer) m.rhandle() + 1;
            m.setRhandle(n);
            m.write(0, le32(n));
            return SUCCESS;
        });
    }

    private int callCount(int handle) {
        OutVec out = OutVec.allocate(4);
        assertThat(ns.call(NSID, handle, 0, null, new OutVec[] {out})).isEqualTo(SUCCESS);
        return le32(out.toByteArray());
    }

    @Test
    void aConnectionsRhandlePersistsBetweenCalls() {
        countCallsInRhandle();
        int handle = ns.connect(NSID, CONNECTION_SID, 1);

        assertThat(callCount(handle)).isEqualTo(1);
        assertThat(callCount(handle)).isEqualTo(2);
        assertThat(callCount(handle)).isEqualTo(3);
    }

    @Test
    void eachConnectionHasItsOwnRhandle() {
        countCallsInRhandle();
        int first = ns.connect(NSID, CONNECTION_SID, 1);
        int second = ns.connect(NSID, CONNECTION_SID, 1);
        callCount(first);
        callCount(first);

        assertThat(callCount(second)).isEqualTo(1);
    }

    @Test
    void aServiceSeesTheMessageTypeAndTheConnectionHandle() {
        List<int[]> seen = new ArrayList<>();
        partition.serving((s, m) -> {
            seen.add(new int[] {m.type(), m.handle()});
            return SUCCESS;
        });
        int handle = ns.connect(NSID, CONNECTION_SID, 1);
        ns.call(NSID, handle, 42, null, null);
        ns.close(NSID, handle);

        assertThat(seen).containsExactly(
                new int[] {Psa.IPC_CONNECT, handle}, new int[] {42, handle}, new int[] {Psa.IPC_DISCONNECT, handle});
    }
}
