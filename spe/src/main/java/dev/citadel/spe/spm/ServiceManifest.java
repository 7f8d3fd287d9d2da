package dev.citadel.spe.spm;

import java.util.Objects;

/**
 * One RoT service of a partition manifest, with TF-M's service attributes.
 *
 * @param statelessHandle the manifest's {@code stateless_handle}, 1..32, or 0 for a connection-based service
 */
public record ServiceManifest(
        String name,
        int sid,
        int version,
        VersionPolicy versionPolicy,
        boolean connectionBased,
        int statelessHandle,
        boolean nonSecureClients) {

    public ServiceManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("service name is blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException(name + ": version must be >= 1");
        }
        if (connectionBased && statelessHandle != 0) {
            throw new IllegalArgumentException(name + ": a connection-based service has no stateless_handle");
        }
        if (!connectionBased && (statelessHandle < 1 || statelessHandle > 32)) {
            throw new IllegalArgumentException(name + ": stateless_handle must be 1..32");
        }
        if (!connectionBased && version > 0xFF) {
            throw new IllegalArgumentException(name + ": a stateless service version must fit in 8 bits");
        }
    }

    /** A stateless service (FF-M 1.1), the form of all of TF-M's services. */
    public static ServiceManifest stateless(
            String name, int sid, int version, VersionPolicy policy, int statelessHandle, boolean nonSecureClients) {
        return new ServiceManifest(name, sid, version, policy, false, statelessHandle, nonSecureClients);
    }

    /** A connection-based service. */
    public static ServiceManifest connectionBased(
            String name, int sid, int version, VersionPolicy policy, boolean nonSecureClients) {
        return new ServiceManifest(name, sid, version, policy, true, 0, nonSecureClients);
    }
}
