package dev.citadel.hal.otp;

/**
 * PSA security lifecycle major states, with TF-M's values ({@code tfm_attest_hal.h}). The low byte of a lifecycle
 * value is an implementation-defined minor state.
 */
public enum Lifecycle {
    UNKNOWN(0x0000),
    ASSEMBLY_AND_TEST(0x1000),
    PSA_ROT_PROVISIONING(0x2000),
    SECURED(0x3000),
    NON_PSA_ROT_DEBUG(0x4000),
    RECOVERABLE_PSA_ROT_DEBUG(0x5000),
    DECOMMISSIONED(0x6000);

    private final int value;

    Lifecycle(int value) {
        this.value = value;
    }

    /** The state's value with minor state 0. */
    public int value() {
        return value;
    }

    /** The major state of {@code value}, UNKNOWN when its high byte names none. */
    public static Lifecycle of(int value) {
        for (Lifecycle l : values()) {
            if (l.value == (value & 0xFF00)) {
                return l;
            }
        }
        return UNKNOWN;
    }
}
