package dev.citadel.psa;

/**
 * PSA status codes ({@code psa_status_t}) with the values of the PSA Status code API, FF-M 1.1, the Crypto API and
 * the Firmware Update API.
 *
 * <p>{@code psa_call} can return any 32-bit value a service chooses, so the client API works with {@code int};
 * this enum names the values the specifications define.
 */
public enum PsaStatus {
    SUCCESS(0),
    /** FWU: the operation succeeded and a reboot is needed to finish it. */
    SUCCESS_REBOOT(1),
    /** FWU: the operation succeeded and a component restart is needed to finish it. */
    SUCCESS_RESTART(2),
    PROGRAMMER_ERROR(-129),
    CONNECTION_REFUSED(-130),
    CONNECTION_BUSY(-131),
    GENERIC_ERROR(-132),
    NOT_PERMITTED(-133),
    NOT_SUPPORTED(-134),
    INVALID_ARGUMENT(-135),
    INVALID_HANDLE(-136),
    BAD_STATE(-137),
    BUFFER_TOO_SMALL(-138),
    ALREADY_EXISTS(-139),
    DOES_NOT_EXIST(-140),
    INSUFFICIENT_MEMORY(-141),
    INSUFFICIENT_STORAGE(-142),
    INSUFFICIENT_DATA(-143),
    SERVICE_FAILURE(-144),
    COMMUNICATION_FAILURE(-145),
    STORAGE_FAILURE(-146),
    HARDWARE_FAILURE(-147),
    INSUFFICIENT_ENTROPY(-148),
    INVALID_SIGNATURE(-149),
    INVALID_PADDING(-150),
    CORRUPTION_DETECTED(-151),
    DATA_CORRUPT(-152),
    DATA_INVALID(-153),
    /** FWU: a dependency of the component must be installed first. */
    DEPENDENCY_NEEDED(-156),
    /** FWU: the operation would wear out the flash. */
    FLASH_ABUSE(-160),
    /** FWU: not enough power to install safely. */
    INSUFFICIENT_POWER(-161),
    /** Crypto: an interruptible operation has not finished yet. */
    OPERATION_INCOMPLETE(-248);

    private static final PsaStatus[] BY_NEGATED_VALUE = new PsaStatus[249];
    private static final PsaStatus[] POSITIVE = {SUCCESS, SUCCESS_REBOOT, SUCCESS_RESTART};

    static {
        for (PsaStatus s : values()) {
            if (s.value <= 0) {
                BY_NEGATED_VALUE[-s.value] = s;
            }
        }
    }

    private final int value;

    PsaStatus(int value) {
        this.value = value;
    }

    /** The numeric {@code psa_status_t} value. */
    public int value() {
        return value;
    }

    /** The C name, for example {@code PSA_ERROR_INVALID_ARGUMENT}. */
    public String cName() {
        if (value > 0 || this == SUCCESS) {
            return "PSA_" + name();
        }
        return this == OPERATION_INCOMPLETE ? "PSA_OPERATION_INCOMPLETE" : "PSA_ERROR_" + name();
    }

    public boolean isSuccess() {
        return value >= 0;
    }

    /** The status with this value, or {@code null} when the value is not a status the specs define. */
    public static PsaStatus fromValue(int value) {
        if (value >= 0) {
            return value < POSITIVE.length ? POSITIVE[value] : null;
        }
        return value >= -248 ? BY_NEGATED_VALUE[-value] : null;
    }

    /** A readable name for any {@code psa_status_t}, defined or not. */
    public static String describe(int value) {
        PsaStatus s = fromValue(value);
        return s != null ? s.cName() + " (" + value + ")" : "status " + value;
    }
}
