package dev.citadel.verifier;

/** Internal: a check failed in a way that stops verification; never leaves {@link Verifier}. */
final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    Rejection(Check check, String detail) {
        super(detail, null, false, false);
        this.finding = new Finding(check, detail);
    }

    Finding finding() {
        return finding;
    }
}
