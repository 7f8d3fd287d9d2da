package dev.citadel.bench;

import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;

/** A stateless service that does nothing: {@code psa_call} cost without any service work (tf-m-tools' profiling). */
final class EmptyPartition implements SecurePartition {
    static final int SID = 0xF0F0;
    /** stateless_handle 16, version 1. */
    static final int HANDLE = 0x4000010F;

    private static final PartitionManifest MANIFEST = PartitionManifest.builder("BENCH_EMPTY", 400)
            .service(ServiceManifest.stateless("BENCH_EMPTY", SID, 1, VersionPolicy.STRICT, 16, true))
            .build();

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage message) {
        return 0;
    }
}
