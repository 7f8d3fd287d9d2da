package dev.citadel.psa.fwu;

/** A firmware component's state ({@code PSA_FWU_READY} .. {@code PSA_FWU_UPDATED}, FWU 1.0 §5.5.3), with its value. */
public enum FwuState {
    READY(0),
    WRITING(1),
    CANDIDATE(2),
    STAGED(3),
    FAILED(4),
    TRIAL(5),
    REJECTED(6),
    UPDATED(7);

    private static final FwuState[] BY_VALUE = values();

    private final int value;

    FwuState(int value) {
        this.value = value;
    }

    /** The {@code uint8_t} the spec gives the state. */
    public int value() {
        return value;
    }

    /** The state with this value. */
    public static FwuState fromValue(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("no FWU state has the value " + value);
        }
        return BY_VALUE[value];
    }
}
