package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.NsGateway;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a non-secure caller gets for each answer a service may give to {@code PSA_IPC_CONNECT}. TF-M passes on
 * SUCCESS, CONNECTION_REFUSED and CONNECTION_BUSY and panics on anything else; Citadel refuses the connection and logs
 * the partition's fault instead.
 */
class ConnectReplyTest {
    private static final int SID = 0xF400;

    @ParameterizedTest(name = "service answers {0} -> caller gets {1}")
    @CsvSource({
        "0, handle",
        "-130, -130",
        "-131, -131",
        "-132, -130",
        "-129, -130",
        "1, -130",
    })
    void connectReplyReachesTheCallerAsTfmDefines(int reply, String expected) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        TestPartition p = TestPartition.of("CONNECT_REPLY", 520, TestPartition.connectionBased("CONNECT_SVC", SID))
                .serving((s, m) -> m.type() == Psa.IPC_CONNECT ? reply : PsaStatus.SUCCESS.value());
        Spm spm = Spm.builder().log(log::add).partition(p).build();
        spm.start();
        NsGateway ns = spm.openSession(NsAgent.trustZone());

        int result = ns.connect(-1, SID, 1);

        if (expected.equals("handle")) {
            assertThat(result).isPositive();
            assertThat(spm.connectionsInUse()).isEqualTo(1);
        } else {
            assertThat(result).isEqualTo(Integer.parseInt(expected));
            assertThat(spm.connectionsInUse()).isZero();
        }
        boolean fault = reply != 0 && reply != -130 && reply != -131;
        assertThat(log.stream().anyMatch(l -> l.contains("partition fault"))).isEqualTo(fault);
    }
}
