package dev.citadel.verifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies PSA attestation tokens as a relying party: the COSE envelope and its signature or MAC, the claims of the
 * token's profile, the nonce, the binding of the instance ID to the key, and optionally the software components
 * against reference values. It never throws for bad input: every problem is a {@link Finding} of the {@link Verdict}.
 */
public final class Verifier {
    private final VerificationKey key;
    private final byte[] expectedNonce;
    private final ReferenceValues referenceValues;
    private final InstanceIdBinding binding;

    private Verifier(VerificationKey key, byte[] expectedNonce, ReferenceValues referenceValues,
            InstanceIdBinding binding) {
        this.key = java.util.Objects.requireNonNull(key, "key");
        this.expectedNonce = expectedNonce == null ? null : expectedNonce.clone();
        this.referenceValues = referenceValues;
        this.binding = java.util.Objects.requireNonNull(binding, "binding");
    }

    /**
     * Verifies a token with the default instance ID binding ({@link InstanceIdBinding#EITHER}).
     *
     * @param expectedNonce the challenge sent to the device, or null not to check it
     * @param referenceValues expected software components, or null not to compare them
     */
    public static Verdict verify(byte[] token, VerificationKey key, byte[] expectedNonce,
            ReferenceValues referenceValues) {
        return verify(token, key, expectedNonce, referenceValues, InstanceIdBinding.EITHER);
    }

    public static Verdict verify(byte[] token, VerificationKey key, byte[] expectedNonce,
            ReferenceValues referenceValues, InstanceIdBinding binding) {
        return new Verifier(key, expectedNonce, referenceValues, binding).run(token);
    }

    private Verdict run(byte[] token) {
        if (token == null || token.length == 0) {
            return rejected(new Finding(Check.MALFORMED, "the token is empty"));
        }
        CoseMessage msg;
        try {
            msg = CoseMessage.decode(token, key instanceof VerificationKey.Hmac);
            msg.authenticate(key);
        } catch (Rejection r) {
            return rejected(r.finding());
        } catch (RuntimeException e) {
            // The CBOR library may fail in ways it does not document; bad input is still only a finding.
            return rejected(new Finding(Check.MALFORMED, "the token cannot be decoded: " + e));
        }
        ClaimsDecoder.Result claims;
        try {
            claims = ClaimsDecoder.decode(msg.payload(), msg.algorithm());
        } catch (RuntimeException e) {
            return rejected(new Finding(Check.MALFORMED, "the claims cannot be decoded: " + e));
        }
        if (claims.token().isEmpty()) {
            return new Verdict(claims.findings(), Optional.empty(), List.of());
        }
        AttestationToken t = claims.token().get();
        List<Finding> findings = new ArrayList<>();
        if (expectedNonce != null && !Arrays.equals(expectedNonce, t.nonce())) {
            findings.add(new Finding(Check.NONCE, "the nonce is " + HexFormat.of().formatHex(t.nonce())
                    + ", not the expected " + HexFormat.of().formatHex(expectedNonce)));
        }
        List<byte[]> expected = binding.expected(key);
        if (!expected.isEmpty() && expected.stream().noneMatch(e -> Arrays.equals(e, t.instanceId()))) {
            findings.add(new Finding(Check.INSTANCE_ID, "the instance ID " + HexFormat.of().formatHex(t.instanceId())
                    + " does not identify the key (" + describe(binding, key) + ")"));
        }
        List<ReferenceValues.Comparison> comparisons = List.of();
        if (referenceValues != null) {
            comparisons = referenceValues.compare(t.softwareComponents());
            for (ReferenceValues.Comparison c : comparisons) {
                if (c.outcome() != ReferenceValues.Outcome.MATCH) {
                    findings.add(new Finding(Check.REFERENCE_VALUES, c.detail()));
                }
            }
            for (String type : referenceValues.missingTypes(t.softwareComponents())) {
                findings.add(new Finding(Check.REFERENCE_VALUES, "no software component of type '" + type + "'"));
            }
        }
        return new Verdict(findings, Optional.of(t), comparisons);
    }

    private static String describe(InstanceIdBinding b, VerificationKey key) {
        if (key instanceof VerificationKey.Hmac) {
            return "expected 0x01 || SHA-256(SHA-256(key))";
        }
        return switch (b) {
            case COSE_KEY -> "expected 0x01 || SHA-256(COSE_Key)";
            case RAW_POINT -> "expected 0x01 || SHA-256(uncompressed point)";
            default -> "expected 0x01 || SHA-256 of its COSE_Key or of its uncompressed point";
        };
    }

    private static Verdict rejected(Finding f) {
        return new Verdict(List.of(f), Optional.empty(), List.of());
    }
}
