package dev.citadel.verifier;

import java.util.Optional;

/** PSA security lifecycle states: the claim's bits 15..8 (RFC 9783 §4.3.1); bits 7..0 are implementation-defined. */
public enum SecurityLifecycle {
    UNKNOWN(0x00),
    ASSEMBLY_AND_TEST(0x10),
    PSA_ROT_PROVISIONING(0x20),
    SECURED(0x30),
    NON_PSA_ROT_DEBUG(0x40),
    RECOVERABLE_PSA_ROT_DEBUG(0x50),
    DECOMMISSIONED(0x60);

    private final int major;

    SecurityLifecycle(int major) {
        this.major = major;
    }

    /** The state of a claim value, or empty if the value lies in no state's range. */
    public static Optional<SecurityLifecycle> of(long value) {
        if (value < 0 || value > 0xFFFF) {
            return Optional.empty();
        }
        for (SecurityLifecycle s : values()) {
            if (s.major == value >>> 8) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether a relying party can trust reports from this state (SECURED or NON_PSA_ROT_DEBUG, RFC 9783 §4.3.1). */
    public boolean trustworthy() {
        return this == SECURED || this == NON_PSA_ROT_DEBUG;
    }
}
