package dev.citadel.ns;

import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import java.util.Objects;

/**
 * The function-call dispatcher: the SPE runs in this JVM and each PSA call is a method call into the SPM, like TF-M's
 * SFN backend behind TrustZone veneers. Fast, with weak isolation (one address space); every SPM rule still applies.
 */
public final class FunctionCallClient implements Dispatcher {
    private final NsGateway gateway;
    private final PsaClient defaultClient;

    /** @param gateway an NS agent session of an SPE in this JVM; closed with this client */
    public FunctionCallClient(NsGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.defaultClient = new View(ClientIds.DEFAULT_NSID);
    }

    @Override
    public PsaClient asClient(int nsid) {
        CallChecks.checkNsid(nsid);
        return new View(nsid);
    }

    @Override
    public PsaClient defaultClient() {
        return defaultClient;
    }

    @Override
    public void close() {
        gateway.close();
    }

    private final class View implements PsaClient {
        private final int nsid;

        View(int nsid) {
            this.nsid = nsid;
        }

        @Override
        public int frameworkVersion() {
            return gateway.frameworkVersion();
        }

        @Override
        public int version(int sid) {
            return gateway.version(nsid, sid);
        }

        @Override
        public int connect(int sid, int version) {
            return gateway.connect(nsid, sid, version);
        }

        @Override
        public int call(int handle, int type, InVec[] in, OutVec[] out) {
            if (CallChecks.refuse(type, in, out)) {
                OutVec.clearLengths(out);
                return PsaStatus.PROGRAMMER_ERROR.value();
            }
            return gateway.call(nsid, handle, type, in, out);
        }

        @Override
        public void close(int handle) {
            gateway.close(nsid, handle);
        }
    }
}
