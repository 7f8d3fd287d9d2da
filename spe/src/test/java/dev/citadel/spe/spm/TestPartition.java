package dev.citadel.spe.spm;

import dev.citadel.psa.PsaStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A secure partition whose {@code entry_init} and service function are supplied by the test. */
final class TestPartition implements SecurePartition {

    @FunctionalInterface
    interface Init {
        void init(PartitionContext context) throws Exception;
    }

    @FunctionalInterface
    interface Service {
        int serve(ServiceManifest service, PsaMessage message);
    }

    private final PartitionManifest manifest;
    private volatile Init init = context -> {};
    private volatile Service service = (s, m) -> PsaStatus.SUCCESS.value();
    /** The context the SPM passed to {@link #init}. */
    volatile PartitionContext context;

    TestPartition(PartitionManifest manifest) {
        this.manifest = manifest;
    }

    /** A partition with these services and no dependencies. */
    static TestPartition of(String name, int partitionId, ServiceManifest... services) {
        PartitionManifest.Builder b = PartitionManifest.builder(name, partitionId);
        for (ServiceManifest s : services) {
            b.service(s);
        }
        return new TestPartition(b.build());
    }

    TestPartition onInit(Init i) {
        this.init = i;
        return this;
    }

    TestPartition serving(Service s) {
        this.service = s;
        return this;
    }

    @Override
    public PartitionManifest manifest() {
        return manifest;
    }

    @Override
    public void init(PartitionContext c) throws Exception {
        context = c;
        init.init(c);
    }

    @Override
    public int serve(ServiceManifest s, PsaMessage m) {
        return service.serve(s, m);
    }

    /** A stateless, STRICT, version 1 service open to NS clients. */
    static ServiceManifest stateless(String name, int sid, int statelessHandle) {
        return ServiceManifest.stateless(name, sid, 1, VersionPolicy.STRICT, statelessHandle, true);
    }

    /** A connection-based, RELAXED, version 1 service open to NS clients. */
    static ServiceManifest connectionBased(String name, int sid) {
        return ServiceManifest.connectionBased(name, sid, 1, VersionPolicy.RELAXED, true);
    }

    static byte[] le32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    static int le32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
