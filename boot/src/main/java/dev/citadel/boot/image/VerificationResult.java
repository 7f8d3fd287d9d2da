package dev.citadel.boot.image;

/** The outcome of {@link ImageVerifier#verify}: a verified image, or the reason it was refused. */
public sealed interface VerificationResult {

    /** The image is intact and signed by a trusted key. */
    record Valid(VerifiedImage image) implements VerificationResult {}

    /** The image was refused; {@code detail} is one line for a log or a user. */
    record Refused(Refusal reason, String detail) implements VerificationResult {
        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
