package dev.citadel.psa.attest;

import java.util.Locale;

/**
 * The attestation token profiles a device may emit, with their profile-definition strings. Which claim key each
 * profile uses is {@link Claim}'s table.
 */
public enum TokenProfile {
    /** RFC 9783, TF-M 2.2's {@code ATTEST_TOKEN_PROFILE_PSA_2_0_0}: EAT keys, boot seed 268. The default. */
    PSA_2023("psa-2023", "tag:psacertified.org,2023:psa#tfm"),
    /** draft-tschofenig-rats-psa-token-09..15, TF-M up to 2.1: EAT keys, boot seed 2397. */
    PSA_2_0_0("psa-2.0.0", "http://arm.com/psa/2.0.0"),
    /** PSA Attestation API 1.0 ({@code ATTEST_TOKEN_PROFILE_PSA_IOT_1}): private keys from -75000. */
    PSA_IOT_1("psa-iot-1", "PSA_IOT_PROFILE_1");

    private final String optionName;
    private final String definition;

    TokenProfile(String optionName, String definition) {
        this.optionName = optionName;
        this.definition = definition;
    }

    /** The name a device's configuration and the CLI use, for example {@code psa-2023}. */
    public String optionName() {
        return optionName;
    }

    /** The value of the profile-definition claim. */
    public String definition() {
        return definition;
    }

    /**
     * The profile named {@code name}: an option name or a profile-definition string, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static TokenProfile of(String name) {
        for (TokenProfile p : values()) {
            if (p.optionName.equalsIgnoreCase(name.trim()) || p.definition.equals(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown attestation profile '" + name + "': expected psa-2023, "
                + "psa-2.0.0 or psa-iot-1");
    }

    /** The profile whose profile-definition claim is exactly {@code definition}. */
    public static java.util.Optional<TokenProfile> byDefinition(String definition) {
        for (TokenProfile p : values()) {
            if (p.definition.equals(definition)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return optionName.toLowerCase(Locale.ROOT);
    }
}
