package dev.citadel.verifier;

import java.util.Objects;

/** One failed check, and a sentence saying why. */
public record Finding(Check check, String detail) {
    public Finding {
        Objects.requireNonNull(check);
        Objects.requireNonNull(detail);
    }

    @Override
    public String toString() {
        return check + ": " + detail;
    }
}
