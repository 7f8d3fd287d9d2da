package dev.citadel.verifier;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a token: valid when there are no findings. The first finding is why the token was
 * rejected; later ones are further problems found on the way.
 *
 * @param token the decoded claims, when they were well-formed for their profile (present even if, for example, the
 *     nonce or a reference value did not match; absent if the signature did not verify)
 * @param comparisons each software component against the reference values, when some were given
 */
public record Verdict(List<Finding> findings, Optional<AttestationToken> token,
        List<ReferenceValues.Comparison> comparisons) {

    public Verdict {
        findings = List.copyOf(findings);
        comparisons = List.copyOf(comparisons);
    }

    public boolean ok() {
        return findings.isEmpty();
    }

    /** Why the token was rejected, if it was. */
    public Optional<Finding> reason() {
        return findings.stream().findFirst();
    }
}
