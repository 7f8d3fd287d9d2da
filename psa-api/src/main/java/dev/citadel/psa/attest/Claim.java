package dev.citadel.psa.attest;

import java.util.OptionalInt;

/**
 * The claims of a PSA attestation token and their keys in each {@link TokenProfile} (RFC 9783 §4 and its claim-key
 * mapping table; PSA Attestation API 1.0 §3.2.4; {@code tfm_attest_iat_defs.h}). The one table of claim keys.
 */
public enum Claim {
    NONCE(10, 10, -75008),
    INSTANCE_ID(256, 256, -75009),
    PROFILE_DEFINITION(265, 265, -75000),
    CLIENT_ID(2394, 2394, -75001),
    SECURITY_LIFECYCLE(2395, 2395, -75002),
    IMPLEMENTATION_ID(2396, 2396, -75003),
    BOOT_SEED(268, 2397, -75004),
    /** In PSA_IOT_PROFILE_1 the key is "hardware version", where TF-M puts its certification reference. */
    CERTIFICATION_REFERENCE(2398, 2398, -75005),
    SOFTWARE_COMPONENTS(2399, 2399, -75006),
    /** PSA_IOT_PROFILE_1 only: {@code 1} in place of the software components. */
    NO_SOFTWARE_MEASUREMENTS(0, 0, -75007),
    VERIFICATION_SERVICE(2400, 2400, -75010);

    private final int psa2023;
    private final int psa200;
    private final int iot1;

    Claim(int psa2023, int psa200, int iot1) {
        this.psa2023 = psa2023;
        this.psa200 = psa200;
        this.iot1 = iot1;
    }

    /** The claim's key in {@code profile}, or empty if the profile has no such claim. */
    public OptionalInt key(TokenProfile profile) {
        int k = switch (profile) {
            case PSA_2023 -> psa2023;
            case PSA_2_0_0 -> psa200;
            case PSA_IOT_1 -> iot1;
        };
        return k == 0 ? OptionalInt.empty() : OptionalInt.of(k);
    }
}
