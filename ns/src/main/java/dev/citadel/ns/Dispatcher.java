package dev.citadel.ns;

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

    /** Releases the dispatcher; connection handles opened through it are closed by the SPE. */
    @Override
    void close();
}
