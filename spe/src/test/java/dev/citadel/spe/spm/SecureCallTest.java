package dev.citadel.spe.spm;

import static dev.citadel.spe.spm.TestPartition.le32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secure-to-secure calls through {@link PartitionContext#client()}. */
class SecureCallTest {
    private static final int CALLER_PID = 800;
    private static final int CALLEE_PID = 801;
    private static final int CALLER_HANDLE = StatelessHandle.encode(1, 1);
    private static final int CALLEE_HANDLE = StatelessHandle.encode(2, 1);
    private static final int UNDECLARED_HANDLE = StatelessHandle.encode(3, 1);
    private static final int SUCCESS = PsaStatus.SUCCESS.value();

    private final TestPartition callee = TestPartition.of(
                    "CALLEE",
                    CALLEE_PID,
                    TestPartition.stateless("CALLEE_SVC", 0xF501, 2),
                    TestPartition.stateless("UNDECLARED_SVC", 0xF502, 3))
            .serving((s, m) -> {
                m.write(0, le32(m.clientId()));
                return SUCCESS;
            });
    private final TestPartition caller = new TestPartition(PartitionManifest.builder("CALLER", CALLER_PID)
            .service(TestPartition.stateless("CALLER_SVC", 0xF500, 1))
            .dependency("CALLEE_SVC")
            .build());
    private Spm spm;
    private NsGateway ns;

    @BeforeEach
    void start() throws SpmStartException {
        spm = Spm.builder().log(line -> {}).partition(caller).partition(callee).build();
        spm.start();
        ns = spm.openSession(NsAgent.trustZone());
    }

    @AfterEach
    void stop() {
        ns.close();
    }

    /** The caller's service calls {@code handle} and passes on what it wrote. */
    private void forwardTo(int handle) {
        caller.serving((s, m) -> {
            PsaClient client = caller.context.client();
            OutVec inner = OutVec.allocate(4);
            int status = client.call(handle, 0, null, new OutVec[] {inner});
            m.write(0, inner.toByteArray());
            return status;
        });
    }

    private int callCaller(OutVec out) {
        return ns.call(-1, CALLER_HANDLE, 0, null, new OutVec[] {out});
    }

    @Test
    void aNestedCallSucceedsWhileTheCallerIsBeingServed() {
        forwardTo(CALLEE_HANDLE);
        OutVec out = OutVec.allocate(4);

        assertThat(callCaller(out)).isEqualTo(SUCCESS);
    }

    @Test
    void theCalleeSeesTheCallersPartitionIdAsClientId() {
        forwardTo(CALLEE_HANDLE);
        OutVec out = OutVec.allocate(4);

        callCaller(out);

        assertThat(le32(out.toByteArray())).isEqualTo(CALLER_PID);
    }

    @Test
    void callingAServiceNotDeclaredAsADependencyPanicsTheCaller() {
        forwardTo(UNDECLARED_HANDLE);

        assertThat(callCaller(OutVec.allocate(4))).isEqualTo(PsaStatus.SERVICE_FAILURE.value());
        assertThat(spm.panics(CALLER_PID)).isEqualTo(1);
        assertThat(spm.panics(CALLEE_PID)).isZero();
    }

    @Test
    void aPanicOfTheCalleeReachesTheSecureCallerAsServiceFailure() {
        callee.serving((s, m) -> {
            throw new IllegalStateException("callee bug");
        });
        forwardTo(CALLEE_HANDLE);

        assertThat(callCaller(OutVec.allocate(4))).isEqualTo(PsaStatus.SERVICE_FAILURE.value());
        assertThat(spm.panics(CALLEE_PID)).isEqualTo(1);
        assertThat(spm.panics(CALLER_PID)).isZero();
    }

    @Test
    void aSecureCallerSeesVersionNoneForAnUndeclaredService() {
        int[] versions = new int[2];
        caller.serving((s, m) -> {
            versions[0] = caller.context.client().version(0xF501);
            versions[1] = caller.context.client().version(0xF502);
            return SUCCESS;
        });

        callCaller(OutVec.allocate(4));

        assertThat(versions).containsExactly(1, 0);
    }
}
