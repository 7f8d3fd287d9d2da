package dev.citadel.spe.spm;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;

/** The PSA client API of a secure partition: its calls carry its PID and its manifest's dependencies. */
final class SecureClient implements PsaClient {
    private final Spm spm;
    private final Caller caller;

    SecureClient(Spm spm, PartitionRuntime partition) {
        this.spm = spm;
        this.caller = new Caller(partition.manifest.partitionId(), partition, null);
    }

    @Override
    public int frameworkVersion() {
        return spm.frameworkVersion();
    }

    @Override
    public int version(int sid) {
        return spm.version(caller, sid);
    }

    @Override
    public int connect(int sid, int version) {
        return spm.connect(caller, sid, version);
    }

    @Override
    public int call(int handle, int type, InVec[] in, OutVec[] out) {
        return spm.call(caller, handle, type, in, out);
    }

    @Override
    public void close(int handle) {
        spm.close(caller, handle);
    }
}
