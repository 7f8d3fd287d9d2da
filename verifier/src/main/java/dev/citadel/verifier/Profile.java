package dev.citadel.verifier;

import java.util.Optional;

/** The three PSA token profiles a verifier meets, by the value of their profile claim. */
public enum Profile {
    /** RFC 9783, EAT claim keys, boot seed at 268. */
    PSA_TFM("tag:psacertified.org,2023:psa#tfm"),
    /** draft-tschofenig-rats-psa-token-09..15 as TF-M up to v2.1 emits it: EAT keys, boot seed at 2397. */
    PSA_2_0_0("http://arm.com/psa/2.0.0"),
    /** PSA Attestation API 1.0: private-use keys from -75000; the profile claim itself is optional. */
    PSA_IOT_1("PSA_IOT_PROFILE_1");

    private final String uri;

    Profile(String uri) {
        this.uri = uri;
    }

    /** The profile claim's value. */
    public String uri() {
        return uri;
    }

    public static Optional<Profile> byUri(String uri) {
        for (Profile p : values()) {
            if (p.uri.equals(uri)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
