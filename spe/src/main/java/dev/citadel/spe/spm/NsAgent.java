package dev.citadel.spe.spm;

import dev.citadel.psa.ClientIds;

/**
 * A non-secure agent: the range of negative client IDs the SPE gives the NS clients it serves (TF-M's
 * {@code client_id_base} / {@code client_id_limit}). NS client {@code nsid} (in {@code [-nsidCount, -1]}) is seen by
 * services as {@code limit + 1 + nsid}.
 */
public record NsAgent(String name, int limit, int nsidCount) {

    public NsAgent {
        if (limit >= 0) {
            throw new IllegalArgumentException("an NS agent's client IDs must be negative");
        }
        if (nsidCount < 1 || nsidCount > -ClientIds.MIN_NSID) {
            throw new IllegalArgumentException("an NS agent serves 1..65536 NSIDs");
        }
        if ((long) limit - nsidCount + 1 < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("client ID range underflows");
        }
    }

    /** TF-M's TrustZone NS agent: the default NS client is {@code -0x3C000000}. */
    public static NsAgent trustZone() {
        return new NsAgent("tz", ClientIds.TZ_NS_AGENT_LIMIT, -ClientIds.MIN_NSID);
    }

    /** TF-M's mailbox (multi-core) NS agent. */
    public static NsAgent mailbox() {
        return new NsAgent("mailbox", ClientIds.MAILBOX_NS_AGENT_LIMIT, -ClientIds.MIN_NSID);
    }

    public boolean accepts(int nsid) {
        return nsid <= -1 && nsid >= -nsidCount;
    }

    /** The client ID services see for {@code nsid}; {@link #accepts} must hold. */
    public int clientId(int nsid) {
        return limit + 1 + nsid;
    }
}
