package dev.citadel.ns;

import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;

/** The checks TF-M's NS client libraries make before they enter the SPE. */
final class CallChecks {
    private CallChecks() {}

    /** Whether the call must be refused locally with {@code PSA_ERROR_PROGRAMMER_ERROR}. */
    static boolean refuse(int type, InVec[] in, OutVec[] out) {
        int inCount = in == null ? 0 : in.length;
        int outCount = out == null ? 0 : out.length;
        if (type < 0 || type > Psa.CALL_TYPE_MAX || inCount > Psa.MAX_IOVEC || outCount > Psa.MAX_IOVEC
                || inCount + outCount > Psa.MAX_IOVEC) {
            return true;
        }
        for (int i = 0; i < inCount; i++) {
            if (in[i] == null) {
                return true;
            }
        }
        for (int i = 0; i < outCount; i++) {
            if (out[i] == null) {
                return true;
            }
        }
        return false;
    }

    static void checkNsid(int nsid) {
        if (!ClientIds.isValidNsid(nsid)) {
            throw new IllegalArgumentException("an NSID must be in [-65536, -1]: " + nsid);
        }
    }
}
