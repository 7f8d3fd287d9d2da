package dev.citadel.psa;

/**
 * Client IDs (TF-M {@code tfm_spm_get_client_id}, NS agent translation). Secure partitions call with their partition
 * IDs; non-secure callers are always negative.
 */
public final class ClientIds {
    private ClientIds() {}

    /** {@code TZ_NS_CLIENT_ID_LIMIT}: the default NS client ({@code nsid = -1}) is seen by services as this ID. */
    public static final int TZ_NS_AGENT_LIMIT = -0x3C000000;
    /** {@code TZ_NS_CLIENT_ID_BASE}: the lowest ID of the TrustZone NS agent's range. */
    public static final int TZ_NS_AGENT_BASE = -0x3C00FFFF;
    /** The mailbox (multi-core) NS agent's limit. */
    public static final int MAILBOX_NS_AGENT_LIMIT = -0x04000000;
    /** The NSID an NS client uses when it does not manage NSIDs ({@code TFM_NS_MANAGE_NSID=OFF}). */
    public static final int DEFAULT_NSID = -1;
    /** The lowest NSID an NS agent accepts. */
    public static final int MIN_NSID = -0x10000;
    /** The client ID of the default NS client of the TrustZone agent, {@code -0x3C000000}. */
    public static final int DEFAULT_NS_CLIENT = TZ_NS_AGENT_LIMIT;

    /** {@code TFM_CLIENT_ID_IS_NS}. */
    public static boolean isNonSecure(int clientId) {
        return clientId < 0;
    }

    /** Whether {@code nsid} is an NSID an NS agent can translate. */
    public static boolean isValidNsid(int nsid) {
        return nsid >= MIN_NSID && nsid <= -1;
    }

    /** TF-M's translation of an input NSID into an agent's range: {@code (limit + 1) + nsid}. */
    public static int translate(int agentLimit, int nsid) {
        if (!isValidNsid(nsid)) {
            throw new IllegalArgumentException("NSID out of range: " + nsid);
        }
        return agentLimit + 1 + nsid;
    }
}
