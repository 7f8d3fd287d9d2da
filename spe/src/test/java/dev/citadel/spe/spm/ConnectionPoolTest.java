package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.NsGateway;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Connection handles: TF-M's pool, its handle encoding, and the session that owns them. */
class ConnectionPoolTest {
    private static final int SID = 0xF200;
    private static final int REFUSING_SID = 0xF201;
    private static final int NSID = -1;
    private static final int SUCCESS = PsaStatus.SUCCESS.value();

    /** DISCONNECT messages the service saw, by handle. */
    private final List<Integer> disconnects = new CopyOnWriteArrayList<>();

    private final TestPartition partition = TestPartition.of(
                    "POOL_TEST",
                    500,
                    TestPartition.connectionBased("POOL_SVC", SID),
                    TestPartition.connectionBased("POOL_REFUSING", REFUSING_SID))
            .serving((s, m) -> {
                if (m.type() == Psa.IPC_CONNECT && s.sid() == REFUSING_SID) {
                    return PsaStatus.CONNECTION_REFUSED.value();
                }
                if (m.type() == Psa.IPC_DISCONNECT) {
                    disconnects.add(m.handle());
                }
                return SUCCESS;
            });

    private Spm spm(int poolSize) throws SpmStartException {
        Spm spm = Spm.builder().log(line -> {}).connectionPoolSize(poolSize).partition(partition).build();
        spm.start();
        return spm;
    }

    @Test
    void aPoolOfNGivesNHandlesThenConnectionBusy() throws Exception {
        Spm spm = spm(3);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        List<Integer> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(ns.connect(NSID, SID, 1));
        }

        int fourth = ns.connect(NSID, SID, 1);

        assertThat(handles).allSatisfy(h -> assertThat(h).isPositive()).doesNotHaveDuplicates();
        assertThat(fourth).isEqualTo(PsaStatus.CONNECTION_BUSY.value()).isEqualTo(-131);
    }

    @Test
    void thePoolIsSharedByAllSessions() throws Exception {
        Spm spm = spm(2);
        NsGateway one = spm.openSession(NsAgent.trustZone());
        NsGateway two = spm.openSession(NsAgent.trustZone());
        one.connect(NSID, SID, 1);
        two.connect(NSID, SID, 1);

        assertThat(two.connect(NSID, SID, 1)).isEqualTo(PsaStatus.CONNECTION_BUSY.value());
    }

    @Test
    void connectionHandlesArePositiveAndNeverLookStateless() throws Exception {
        Spm spm = spm(64);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        Set<Integer> handles = new HashSet<>();

        for (int i = 0; i < 64; i++) {
            handles.add(ns.connect(NSID, SID, 1));
        }

        assertThat(handles).hasSize(64).allSatisfy(h -> {
            assertThat(h).isGreaterThan(0).isLessThan(0x40000000);
            assertThat(StatelessHandle.isStateless(h)).isFalse();
        });
    }

    @Test
    void aReusedSlotGetsADifferentHandle() throws Exception {
        Spm spm = spm(1);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int first = ns.connect(NSID, SID, 1);
        ns.close(NSID, first);

        int second = ns.connect(NSID, SID, 1);

        assertThat(second).isPositive().isNotEqualTo(first);
    }

    @Test
    void eightConsecutiveUsesOfOneSlotGetEightDifferentHandles() throws Exception {
        Spm spm = spm(1);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        Set<Integer> handles = new HashSet<>();

        for (int i = 0; i < 8; i++) {
            int h = ns.connect(NSID, SID, 1);
            handles.add(h);
            ns.close(NSID, h);
        }

        assertThat(handles).hasSize(8);
    }

    @Test
    void aStaleHandleOfAReusedSlotIsAProgrammerError() throws Exception {
        Spm spm = spm(1);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int stale = ns.connect(NSID, SID, 1);
        ns.close(NSID, stale);
        ns.connect(NSID, SID, 1);

        assertThat(ns.call(NSID, stale, 0, null, null)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
    }

    @Test
    void closeSendsDisconnectAndFreesTheSlot() throws Exception {
        Spm spm = spm(4);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int h = ns.connect(NSID, SID, 1);
        assertThat(spm.connectionsInUse()).isEqualTo(1);

        ns.close(NSID, h);

        assertThat(disconnects).containsExactly(h);
        assertThat(spm.connectionsInUse()).isZero();
    }

    @Test
    void aRefusedConnectTakesNoSlot() throws Exception {
        Spm spm = spm(4);
        NsGateway ns = spm.openSession(NsAgent.trustZone());

        assertThat(ns.connect(NSID, REFUSING_SID, 1)).isEqualTo(PsaStatus.CONNECTION_REFUSED.value());
        assertThat(spm.connectionsInUse()).isZero();
    }

    @Test
    void endingASessionDisconnectsItsOpenConnections() throws Exception {
        Spm spm = spm(8);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int a = ns.connect(NSID, SID, 1);
        int b = ns.connect(NSID, SID, 1);
        int c = ns.connect(-2, SID, 1);
        assertThat(spm.connectionsInUse()).isEqualTo(3);

        ns.close();

        assertThat(disconnects).containsExactlyInAnyOrder(a, b, c);
        assertThat(spm.connectionsInUse()).isZero();
    }

    @Test
    void endingASessionDoesNotDisconnectConnectionsAlreadyClosed() throws Exception {
        Spm spm = spm(8);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int a = ns.connect(NSID, SID, 1);
        int b = ns.connect(NSID, SID, 1);
        ns.close(NSID, a);

        ns.close();

        assertThat(disconnects).containsExactly(a, b);
    }

    @Test
    void endingASessionLeavesOtherSessionsConnectionsOpen() throws Exception {
        Spm spm = spm(8);
        NsGateway ending = spm.openSession(NsAgent.trustZone());
        NsGateway staying = spm.openSession(NsAgent.trustZone());
        ending.connect(NSID, SID, 1);
        int kept = staying.connect(NSID, SID, 1);

        ending.close();

        assertThat(spm.connectionsInUse()).isEqualTo(1);
        assertThat(staying.call(NSID, kept, 0, null, null)).isEqualTo(SUCCESS);
    }

    @Test
    void anEndedSessionRefusesNewRequests() throws Exception {
        Spm spm = spm(8);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        ns.close();

        assertThat(ns.connect(NSID, SID, 1)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(spm.connectionsInUse()).isZero();
    }

    @Test
    void aHandleIsBoundToTheClientThatOpenedIt() throws Exception {
        Spm spm = spm(8);
        NsGateway ns = spm.openSession(NsAgent.trustZone());
        int h = ns.connect(-1, SID, 1);

        assertThat(ns.call(-2, h, 0, null, null)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(ns.call(-1, h, 0, null, null)).isEqualTo(SUCCESS);
    }
}
