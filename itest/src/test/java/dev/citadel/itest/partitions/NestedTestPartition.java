package dev.citadel.itest.partitions;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.spm.PartitionContext;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;

/** Calls other partitions through the SPM, inside and outside its declared dependencies. */
public final class NestedTestPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST = PartitionManifest.builder(
                    "NESTED_TEST", TestServices.NESTED_TEST_PID)
            .service(ServiceManifest.stateless("NESTED_TEST", TestServices.NESTED_SID, 1, VersionPolicy.STRICT, 10, true))
            .dependency("SFN_TEST_STATELESS")
            .dependency("SFN_TEST_SECURE_ONLY")
            .build();

    private PsaClient spm;

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void init(PartitionContext context) {
        spm = context.client();
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        switch (m.type()) {
            case 0 -> {
                OutVec inner = OutVec.allocate(4);
                int status = spm.call(TestServices.SFN_STATELESS_HANDLE, TestServices.WHOAMI, null, new OutVec[] {inner});
                if (status != 0) {
                    return status;
                }
                m.write(0, TestServices.le32(m.clientId(), TestServices.ints(inner.toByteArray())[0]));
                return PsaStatus.SUCCESS.value();
            }
            case 1 -> {
                m.write(0, TestServices.le32(
                        spm.version(TestServices.IPC_BASIC_SID), spm.version(TestServices.SFN_STATELESS_SID)));
                return PsaStatus.SUCCESS.value();
            }
            case 2 -> {
                // Not a declared dependency: the SPM panics this partition and never returns here.
                int handle = spm.connect(TestServices.IPC_BASIC_SID, 1);
                return handle > 0 ? PsaStatus.GENERIC_ERROR.value() : handle;
            }
            case 3 -> {
                OutVec inner = OutVec.allocate(4);
                int status = spm.call(
                        TestServices.SFN_SECURE_ONLY_HANDLE, TestServices.WHOAMI, new InVec[0], new OutVec[] {inner});
                if (status != 0) {
                    return status;
                }
                m.write(0, inner.toByteArray());
                return PsaStatus.SUCCESS.value();
            }
            default -> {
                return PsaStatus.NOT_SUPPORTED.value();
            }
        }
    }
}
