package dev.citadel.spe.attest;

import dev.citadel.psa.attest.Claim;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.attest.TokenProfile;
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
        Cbor.MapBuilder map = new Cbor.MapBuilder();
        put(map, Claim.NONCE, Cbor.bytes(nonce));
        put(map, Claim.BOOT_SEED, Cbor.bytes(bootSeed));
        put(map, Claim.INSTANCE_ID, Cbor.bytes(instanceId));
        put(map, Claim.IMPLEMENTATION_ID, Cbor.bytes(device.implementationId()));
        put(map, Claim.CLIENT_ID, Cbor.integer(clientId));
        put(map, Claim.SECURITY_LIFECYCLE, Cbor.integer(device.lifecycle()));
        if (!softwareComponents.isEmpty()) {
            put(map, Claim.SOFTWARE_COMPONENTS, Cbor.array(softwareComponents));
        } else if (p == TokenProfile.PSA_IOT_1) {
            put(map, Claim.NO_SOFTWARE_MEASUREMENTS, Cbor.integer(1));
        } else {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "profile " + p.optionName()
                    + " needs software components and BL2 measured none");
        }
        put(map, Claim.PROFILE_DEFINITION, Cbor.text(p.definition()));
        config.verificationService().ifPresent(v -> put(map, Claim.VERIFICATION_SERVICE, Cbor.text(v)));
        config.certificationReference().ifPresent(c -> put(map, Claim.CERTIFICATION_REFERENCE, Cbor.text(c)));
        return map.build();
    }

    private void put(Cbor.MapBuilder map, Claim claim, byte[] value) {
        map.put(claim.key(config.profile()).orElseThrow(), value);
    }
}
