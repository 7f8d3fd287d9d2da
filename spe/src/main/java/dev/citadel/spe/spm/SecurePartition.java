package dev.citadel.spe.spm;

/**
 * A secure partition in the SFN model: an init function and one service function for its RoT services.
 *
 * <p>The SPM delivers one message at a time to a partition, so its code needs no locking of its own. It reaches
 * other partitions only through {@link PartitionContext#client()}, never by reference.
 */
public interface SecurePartition {

    PartitionManifest manifest();

    /**
     * {@code entry_init}: runs once at SPE start, after the partitions this one depends on. A failure stops the SPE
     * from starting, as TF-M panics at boot.
     */
    default void init(PartitionContext context) throws Exception {}

    /**
     * The SFN service function. Its return value is the reply: for {@code PSA_IPC_CONNECT}, {@code PSA_SUCCESS},
     * {@code CONNECTION_REFUSED} or {@code CONNECTION_BUSY}; for a call, any status.
     */
    int serve(ServiceManifest service, PsaMessage message);

    /**
     * The last NS session that served non-secure client {@code clientId} has ended (its socket connections closed,
     * or its function-call client was closed): the partition may drop what it holds for that client between calls,
     * such as multi-part operation contexts. Keys and stored data are not the client's session state and stay. Called
     * with the partition's lock held, like {@link #serve}; an exception is logged and otherwise ignored.
     */
    default void clientGone(int clientId) {}
}
