package dev.citadel.spe.spm;

import dev.citadel.psa.PsaClient;

/** What the SPM gives a partition: its identity and its door to the services it depends on. */
public interface PartitionContext {

    PartitionManifest manifest();

    /**
     * The PSA client API acting as this partition (client ID = partition ID). Only services named in the manifest's
     * dependencies are reachable; a programmer error or a refused connection panics the partition, as in TF-M.
     */
    PsaClient client();

    /** {@code psa_panic()}: abandons the current message; never returns. */
    default PartitionPanic panic(String reason) {
        throw new PartitionPanic(manifest().name() + ": " + reason);
    }
}
