package dev.citadel.spe.spm;

import dev.citadel.psa.PsaClient;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A partition in the running SPM. Its lock serialises messages to the partition (the SFN model: one message at a
 * time); since dependencies form no cycle, nested calls take locks in one order and cannot deadlock.
 */
final class PartitionRuntime implements PartitionContext {
    final SecurePartition partition;
    final PartitionManifest manifest;
    final ReentrantLock lock = new ReentrantLock();
    final AtomicLong panics = new AtomicLong();
    private final Set<Integer> dependencySids;
    private final PsaClient client;

    PartitionRuntime(SecurePartition partition, Set<Integer> dependencySids, Spm spm) {
        this.partition = partition;
        this.manifest = partition.manifest();
        this.dependencySids = Set.copyOf(dependencySids);
        this.client = new SecureClient(spm, this);
    }

    boolean dependsOn(int sid) {
        return dependencySids.contains(sid);
    }

    @Override
    public PartitionManifest manifest() {
        return manifest;
    }

    @Override
    public PsaClient client() {
        return client;
    }
}
