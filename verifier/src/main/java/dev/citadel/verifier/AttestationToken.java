package dev.citadel.verifier;

import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.attest.TokenProfile;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a PSA attestation token, decoded and checked against their profile. Optional claims are empty when
 * absent; {@code softwareComponents} is empty only for a {@code PSA_IOT_PROFILE_1} token that claims "no software
 * measurements".
 */
public record AttestationToken(TokenProfile profile, boolean profileClaimed, CoseAlgorithm algorithm, byte[] nonce,
        byte[] instanceId, byte[] implementationId, int securityLifecycle, Optional<byte[]> bootSeed, int clientId,
        List<SoftwareComponent> softwareComponents, Optional<String> verificationService,
        Optional<String> certificationReference) {

    public AttestationToken {
        nonce = nonce.clone();
        instanceId = instanceId.clone();
        implementationId = implementationId.clone();
        bootSeed = bootSeed.map(byte[]::clone);
        softwareComponents = List.copyOf(softwareComponents);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] instanceId() {
        return instanceId.clone();
    }

    @Override
    public byte[] implementationId() {
        return implementationId.clone();
    }

    @Override
    public Optional<byte[]> bootSeed() {
        return bootSeed.map(byte[]::clone);
    }

    /** The lifecycle state the claim's value falls in (decoding guarantees one). */
    public SecurityLifecycle lifecycleState() {
        return SecurityLifecycle.of(securityLifecycle).orElseThrow();
    }

    /** Whether the caller was a secure partition (positive) rather than non-secure code (negative). */
    public boolean secureCaller() {
        return clientId > 0;
    }
}
