package dev.citadel.spe.spm;

import static dev.citadel.spe.spm.TestPartition.le32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.psa.ClientIds;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NS agents: the client IDs NS callers get, and the NSIDs an agent refuses. */
class NsAgentTest {
    private static final int WHOAMI_SID = 0xF300;
    private static final int WHOAMI_HANDLE = StatelessHandle.encode(1, 1);
    private static final int CONNECTION_SID = 0xF301;
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();

    private Spm spm;

    @BeforeEach
    void start() throws SpmStartException {
        TestPartition whoami = TestPartition.of(
                        "WHOAMI",
                        600,
                        TestPartition.stateless("WHOAMI_SVC", WHOAMI_SID, 1),
                        TestPartition.connectionBased("WHOAMI_CONN", CONNECTION_SID))
                .serving((s, m) -> {
                    if (m.outSize(0) >= 4) {
                        m.write(0, le32(m.clientId()));
                    }
                    return PsaStatus.SUCCESS.value();
                });
        spm = Spm.builder().log(line -> {}).partition(whoami).build();
        spm.start();
    }

    private static int whoami(NsGateway ns, int nsid) {
        OutVec out = OutVec.allocate(4);
        assertThat(ns.call(nsid, WHOAMI_HANDLE, 0, null, new OutVec[] {out})).isEqualTo(0);
        return le32(out.toByteArray());
    }

    @Test
    void trustZoneIsTfmsTrustZoneAgent() {
        NsAgent tz = NsAgent.trustZone();

        assertThat(tz.limit()).isEqualTo(-0x3C000000);
        assertThat(tz.nsidCount()).isEqualTo(65536);
    }

    @ParameterizedTest(name = "nsid {0} -> {1}")
    @CsvSource({"-1, -0x3C000000", "-2, -0x3C000001", "-65536, -0x3C00FFFF"})
    void trustZoneTranslatesNsidsLikeTfm(int nsid, String clientId) {
        assertThat(NsAgent.trustZone().clientId(nsid)).isEqualTo(Integer.decode(clientId));
    }

    @Test
    void trustZoneTranslationAgreesWithClientIds() {
        assertThat(NsAgent.trustZone().clientId(-77)).isEqualTo(ClientIds.translate(ClientIds.TZ_NS_AGENT_LIMIT, -77));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -65537, Integer.MIN_VALUE})
    void trustZoneRefusesNsidsOutsideTheRange(int nsid) {
        assertThat(NsAgent.trustZone().accepts(nsid)).isFalse();
    }

    @Test
    void mailboxUsesTheMailboxLimit() {
        assertThat(NsAgent.mailbox().clientId(-1)).isEqualTo(-0x04000000);
    }

    @Test
    void aServiceSeesTheTranslatedClientId() throws Exception {
        try (NsGateway ns = spm.openSession(NsAgent.trustZone())) {
            assertThat(whoami(ns, -1)).isEqualTo(-0x3C000000);
            assertThat(whoami(ns, -5)).isEqualTo(-0x3C000004);
        }
    }

    @Test
    void aCustomAgentsLimitDecidesTheClientIds() throws Exception {
        try (NsGateway ns = spm.openSession(new NsAgent("custom", -0x3C100000, 16))) {
            assertThat(whoami(ns, -1)).isEqualTo(-0x3C100000);
            assertThat(whoami(ns, -16)).isEqualTo(-0x3C10000F);
        }
    }

    @Test
    void anAgentWith16NsidsRefusesNsidMinus17ToConnect() {
        try (NsGateway ns = spm.openSession(new NsAgent("small", -0x3C100000, 16))) {
            assertThat(ns.connect(-17, CONNECTION_SID, 1)).isEqualTo(PROGRAMMER_ERROR).isEqualTo(-129);
            assertThat(spm.connectionsInUse()).isZero();
        }
    }

    @Test
    void anAgentWith16NsidsAnswersVersionNoneToNsidMinus17() {
        try (NsGateway ns = spm.openSession(new NsAgent("small", -0x3C100000, 16))) {
            assertThat(ns.version(-17, WHOAMI_SID)).isZero();
            assertThat(ns.version(-16, WHOAMI_SID)).isEqualTo(1);
        }
    }

    @Test
    void anAgentWith16NsidsRefusesNsidMinus17ToCallAndClearsTheOutputLengths() {
        try (NsGateway ns = spm.openSession(new NsAgent("small", -0x3C100000, 16))) {
            OutVec out = OutVec.allocate(4);
            out.setLength(3);

            assertThat(ns.call(-17, WHOAMI_HANDLE, 0, null, new OutVec[] {out})).isEqualTo(PROGRAMMER_ERROR);
            assertThat(out.length()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100})
    void aNonNegativeNsidCanNeverBeClaimed(int nsid) {
        try (NsGateway ns = spm.openSession(NsAgent.trustZone())) {
            assertThat(ns.connect(nsid, CONNECTION_SID, 1)).isEqualTo(PROGRAMMER_ERROR);
            assertThat(ns.call(nsid, WHOAMI_HANDLE, 0, null, null)).isEqualTo(PROGRAMMER_ERROR);
            assertThat(ns.version(nsid, WHOAMI_SID)).isZero();
        }
    }

    @Test
    void anAgentWithANonNegativeLimitIsRejected() {
        assertThatThrownBy(() -> new NsAgent("x", 0, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65537})
    void anAgentServesOneTo65536Nsids(int nsidCount) {
        assertThatThrownBy(() -> new NsAgent("x", -0x3C000000, nsidCount))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..65536");
    }

    @Test
    void anAgentWhoseRangeWouldUnderflowIsRejected() {
        assertThatThrownBy(() -> new NsAgent("x", Integer.MIN_VALUE, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("underflows");
    }

    @Test
    void anAgentMayEndAtTheLowestClientId() {
        assertThat(new NsAgent("x", Integer.MIN_VALUE, 1).clientId(-1)).isEqualTo(Integer.MIN_VALUE);
    }
}
