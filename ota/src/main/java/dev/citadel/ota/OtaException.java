package dev.citadel.ota;

import java.util.Objects;

/** A job the agent refused or could not complete; {@link #getMessage()} is the reason reported in the job status. */
public final class OtaException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    public OtaException(Refusal refusal, String detail) {
        super(refusal.title() + ": " + detail);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public Refusal refusal() {
        return refusal;
    }
}
