package dev.citadel.itest.partitions;

import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;

/** Stateless test services (tf-m-tests' SFN test partition). */
public final class SfnTestPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST = PartitionManifest.builder("SFN_TEST", TestServices.SFN_TEST_PID)
            .service(ServiceManifest.stateless(
                    "SFN_TEST_STATELESS", TestServices.SFN_STATELESS_SID, 1, VersionPolicy.STRICT, 7, true))
            .service(ServiceManifest.stateless(
                    "SFN_TEST_SECURE_ONLY", TestServices.SFN_SECURE_ONLY_SID, 1, VersionPolicy.STRICT, 8, false))
            .service(ServiceManifest.stateless(
                    "SFN_TEST_RELAXED", TestServices.SFN_RELAXED_SID, 3, VersionPolicy.RELAXED, 9, true))
            .build();

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        return TestServices.serveCommon(m);
    }
}
