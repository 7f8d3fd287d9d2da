package dev.citadel.boot.bl2;

/** Software downgrade prevention ({@code MCUBOOT_DOWNGRADE_PREVENTION}); revert is never subject to it. */
public enum DowngradePrevention {
    /** Any valid image may be installed. */
    OFF,
    /** An image older than the primary's (major.minor.revision) is refused and erased. */
    VERSION,
    /**
     * The secondary's SEC_CNT must not be below the primary's ({@code MCUBOOT_DOWNGRADE_PREVENTION_SECURITY_COUNTER};
     * swap modes only, overwrite-only compares versions).
     */
    SECURITY_COUNTER
}
