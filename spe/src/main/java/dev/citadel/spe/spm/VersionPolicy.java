package dev.citadel.spe.spm;

/** A service's manifest {@code version_policy} ({@code tfm_spm_check_client_version}). */
public enum VersionPolicy {
    /** The requested version must equal the service version. */
    STRICT,
    /** The requested version must not exceed the service version. */
    RELAXED;

    boolean accepts(int serviceVersion, int requested) {
        return this == STRICT ? requested == serviceVersion : Integer.compareUnsigned(requested, serviceVersion) <= 0;
    }
}
