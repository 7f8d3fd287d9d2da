package dev.citadel.spe.attest;

import com.upokecenter.cbor.CBORObject;
import dev.citadel.psa.attest.Claim;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.attest.TokenProfile;
import java.util.List;

/**
 * The claims of one token, and their claims-set map in a profile. The claims come in TF-M's order
 * ({@code attest_create_token}); the encoder sorts them, so the order only shows in this code.
 *
 * @param softwareComponents the decoded boot records, in boot-data order; may be empty
 */
record TokenClaims(byte[] nonce, byte[] bootSeed, byte[] instanceId, DeviceIdentity device, int clientId,
        List<CBORObject> softwareComponents, AttestConfig config) {

    /**
     * The claims-set map.
     *
     * @throws AttestException {@code GENERIC_ERROR} (TF-M's {@code PSA_ATTEST_ERR_CLAIM_UNAVAILABLE}) when a profile
     *     that requires software components has none
     */
    CBORObject toMap() throws AttestException {
        TokenProfile p = config.profile();
        CBORObject map = CBORObject.NewMap();
        put(map, Claim.NONCE, CBORObject.FromObject(nonce));
        put(map, Claim.BOOT_SEED, CBORObject.FromObject(bootSeed));
        put(map, Claim.INSTANCE_ID, CBORObject.FromObject(instanceId));
        put(map, Claim.IMPLEMENTATION_ID, CBORObject.FromObject(device.implementationId()));
        put(map, Claim.CLIENT_ID, CBORObject.FromObject(clientId));
        put(map, Claim.SECURITY_LIFECYCLE, CBORObject.FromObject(device.lifecycle()));
        if (!softwareComponents.isEmpty()) {
            CBORObject array = CBORObject.NewArray();
            softwareComponents.forEach(array::Add);
            put(map, Claim.SOFTWARE_COMPONENTS, array);
        } else if (p == TokenProfile.PSA_IOT_1) {
            put(map, Claim.NO_SOFTWARE_MEASUREMENTS, CBORObject.FromObject(1));
        } else {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "profile " + p.optionName()
                    + " needs software components and BL2 measured none");
        }
        put(map, Claim.PROFILE_DEFINITION, CBORObject.FromObject(p.definition()));
        config.verificationService().ifPresent(v -> put(map, Claim.VERIFICATION_SERVICE, CBORObject.FromObject(v)));
        config.certificationReference().ifPresent(
                c -> put(map, Claim.CERTIFICATION_REFERENCE, CBORObject.FromObject(c)));
        return map;
    }

    private void put(CBORObject map, Claim claim, CBORObject value) {
        map.Add(CBORObject.FromObject(claim.key(config.profile()).orElseThrow()), value);
    }
}
