package dev.citadel.itest.partitions;

import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;

/** Connection-based test services (tf-m-tests' IPC service test partition). */
public final class IpcTestPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST = PartitionManifest.builder("IPC_TEST", TestServices.IPC_TEST_PID)
            .type(PartitionType.APPLICATION_ROT)
            .service(ServiceManifest.connectionBased(
                    "IPC_TEST_BASIC", TestServices.IPC_BASIC_SID, 1, VersionPolicy.RELAXED, true))
            .service(ServiceManifest.connectionBased(
                    "IPC_TEST_STRICT", TestServices.IPC_STRICT_SID, 2, VersionPolicy.STRICT, true))
            .service(ServiceManifest.connectionBased(
                    "IPC_TEST_SECURE_ONLY", TestServices.IPC_SECURE_ONLY_SID, 1, VersionPolicy.RELAXED, false))
            .service(ServiceManifest.connectionBased(
                    "IPC_TEST_REFUSE", TestServices.IPC_REFUSE_SID, 1, VersionPolicy.RELAXED, true))
            .service(ServiceManifest.connectionBased(
                    "IPC_TEST_BUSY", TestServices.IPC_BUSY_SID, 1, VersionPolicy.RELAXED, true))
            .build();

    /** Connects and disconnects seen, to check that the SPM delivers both. */
    public volatile int connects;

    public volatile int disconnects;

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        if (m.type() == Psa.IPC_CONNECT) {
            return switch (service.sid()) {
                case TestServices.IPC_REFUSE_SID -> PsaStatus.CONNECTION_REFUSED.value();
                case TestServices.IPC_BUSY_SID -> PsaStatus.CONNECTION_BUSY.value();
                default -> {
                    connects++;
                    m.setRhandle("client " + m.clientId());
                    yield PsaStatus.SUCCESS.value();
                }
            };
        }
        if (m.type() == Psa.IPC_DISCONNECT) {
            disconnects++;
            return PsaStatus.SUCCESS.value();
        }
        if (!("client " + m.clientId()).equals(m.rhandle())) {
            return PsaStatus.GENERIC_ERROR.value();
        }
        return TestServices.serveCommon(m);
    }
}
