package dev.citadel.ns;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;

/**
 * A non-secure dispatcher: the PSA client API of the default NS client ({@code nsid = -1}), plus views that act as
 * other NS clients (TF-M's NS client extension: one NSID per task or thread). Thread-safe.
 */
public interface Dispatcher extends PsaClient, AutoCloseable {

    /**
     * The PSA client API acting as NS client {@code nsid}, which must be in {@code [-65536, -1]}; services see it as a
     * negative client ID of the SPE's NS agent. A non-negative ID can never be claimed.
     *
     * @throws IllegalArgumentException if {@code nsid} is out of range
     */
    PsaClient asClient(int nsid);

    /** The default NS client ({@code nsid = -1}), which the PSA methods of the dispatcher itself act as. */
    PsaClient defaultClient();

    @Override
    default int frameworkVersion() {
        return defaultClient().frameworkVersion();
    }

    @Override
    default int version(int sid) {
        return defaultClient().version(sid);
    }

    @Override
    default int connect(int sid, int version) {
        return defaultClient().connect(sid, version);
    }

    @Override
    default int call(int handle, int type, InVec[] in, OutVec[] out) {
        return defaultClient().call(handle, type, in, out);
    }

    @Override
    default void close(int handle) {
        defaultClient().close(handle);
    }

    /** Releases the dispatcher; connection handles opened through it are closed by the SPE. */
    @Override
    void close();
}
