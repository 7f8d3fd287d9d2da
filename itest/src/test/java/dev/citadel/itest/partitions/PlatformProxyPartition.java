package dev.citadel.itest.partitions;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.spm.PartitionContext;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;

/**
 * A secure caller of the Platform service with a chosen partition ID, so that tests can call Platform as the PS
 * partition (256) or as any other partition. Its one stateless service forwards each call to Platform unchanged: the
 * call type, the input vectors and output vectors of the same capacities; it copies back what Platform wrote and
 * returns Platform's status.
 */
public final class PlatformProxyPartition implements SecurePartition {
    private final PartitionManifest manifest;
    private PsaClient spm;

    /**
     * @param name the partition's and its service's name
     * @param partitionId the client ID Platform will see
     * @param sid the proxy service's SID
     * @param statelessIndex the proxy service's stateless handle index
     */
    public PlatformProxyPartition(String name, int partitionId, int sid, int statelessIndex) {
        manifest = PartitionManifest.builder(name, partitionId)
                .service(ServiceManifest.stateless(name, sid, 1, VersionPolicy.STRICT, statelessIndex, true))
                .dependency(TfmService.PLATFORM.serviceName())
                .build();
    }

    @Override
    public PartitionManifest manifest() {
        return manifest;
    }

    @Override
    public void init(PartitionContext context) {
        spm = context.client();
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        int inLen = 4;
        while (inLen > 0 && m.inSize(inLen - 1) == 0) {
            inLen--;
        }
        int outLen = 4;
        while (outLen > 0 && m.outSize(outLen - 1) == 0) {
            outLen--;
        }
        InVec[] in = new InVec[inLen];
        for (int i = 0; i < inLen; i++) {
            in[i] = InVec.of(m.read(i));
        }
        OutVec[] out = new OutVec[outLen];
        for (int i = 0; i < outLen; i++) {
            out[i] = OutVec.allocate(m.outSize(i));
        }
        int status = spm.call(TfmService.PLATFORM.handle(), m.type(), in, out);
        for (int i = 0; i < outLen; i++) {
            m.write(i, out[i].toByteArray());
        }
        return status;
    }
}
