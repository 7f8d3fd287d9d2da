package dev.citadel.psa.platform;

/**
 * TF-M's {@code enum tfm_platform_err_t} ({@code interface/include/tfm_platform_api.h}). The Platform service replies
 * with these positive values as its {@code psa_status_t}; TF-M's client maps any negative status to
 * {@link #SYSTEM_ERROR}.
 */
public enum PlatformError {
    SUCCESS(0),
    SYSTEM_ERROR(1),
    INVALID_PARAM(2),
    NOT_SUPPORTED(3);

    private final int value;

    PlatformError(int value) {
        this.value = value;
    }

    /** The C value, as carried in the reply's status. */
    public int value() {
        return value;
    }

    /**
     * The error a client reports for {@code status}, as {@code tfm_platform_api.c} does: a negative PSA status is a
     * {@link #SYSTEM_ERROR}. A positive value outside the enum (no TF-M platform sends one) is also reported as
     * {@link #SYSTEM_ERROR}, so that a caller never mistakes it for success.
     */
    public static PlatformError ofStatus(int status) {
        for (PlatformError e : values()) {
            if (e.value == status) {
                return e;
            }
        }
        return SYSTEM_ERROR;
    }
}
