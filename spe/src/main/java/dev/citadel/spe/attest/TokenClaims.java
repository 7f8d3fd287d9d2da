package dev.citadel.spe.attest;

import dev.citadel.psa.attest.Claim;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.attest.TokenProfile;
import dev.citadel.psa.cbor.CborEncoder;
import dev.citadel.psa.cbor.CborMapBuilder;
import java.util.List;

/**
 * The claims of one token, and their claims-set map in a profile. The claims come in TF-M's order
 * ({@code attest_create_token}); the map builder sorts them, so the order only shows in this code.
 *
 * @param softwareComponents the decoded boot records, in boot-data order; may be empty
 */
record TokenClaims(byte[] nonce, byte[] bootSeed, byte[] instanceId, DeviceIdentity device, int clientId,
        List<byte[]> softwareComponents, AttestConfig config) {

    /**
     * The claims-set map.
     *
     * @throws AttestException {@code GENERIC_ERROR} (TF-M's {@code PSA_ATTEST_ERR_CLAIM_UNAVAILABLE}) when a profile
     *     that requires software components has none
     */
    byte[] toMap() throws AttestException {
        TokenProfile p = config.profile();
        CborMapBuilder map = CborMapBuilder.deterministic();
        put(map, Claim.NONCE, CborEncoder.bytes(nonce));
        put(map, Claim.BOOT_SEED, CborEncoder.bytes(bootSeed));
        put(map, Claim.INSTANCE_ID, CborEncoder.bytes(instanceId));
        put(map, Claim.IMPLEMENTATION_ID, CborEncoder.bytes(device.implementationId()));
        put(map, Claim.CLIENT_ID, CborEncoder.integer(clientId));
        put(map, Claim.SECURITY_LIFECYCLE, CborEncoder.integer(device.lifecycle()));
        if (!softwareComponents.isEmpty()) {
            put(map, Claim.SOFTWARE_COMPONENTS, CborEncoder.array(softwareComponents));
        } else if (p == TokenProfile.PSA_IOT_1) {
            put(map, Claim.NO_SOFTWARE_MEASUREMENTS, CborEncoder.integer(1));
        } else {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "profile " + p.optionName()
                    + " needs software components and BL2 measured none");
        }
        put(map, Claim.PROFILE_DEFINITION, CborEncoder.text(p.definition()));
        config.verificationService().ifPresent(v -> put(map, Claim.VERIFICATION_SERVICE, CborEncoder.text(v)));
        config.certificationReference().ifPresent(c -> put(map, Claim.CERTIFICATION_REFERENCE, CborEncoder.text(c)));
        return map.build();
    }

    private void put(CborMapBuilder map, Claim claim, byte[] value) {
        map.put(claim.key(config.profile()).orElseThrow(), value);
    }
}
