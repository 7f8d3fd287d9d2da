package dev.citadel.psa.attest;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The claims of a PSA attestation token: the one table of their keys in each {@link TokenProfile}, their CBOR type
 * and whether each profile makes them mandatory (RFC 9783 §4 and its key-mapping table; PSA Attestation API 1.0
 * §3.2.4 for {@code PSA_IOT_PROFILE_1}; draft-tschofenig-rats-psa-token-09 for {@code http://arm.com/psa/2.0.0};
 * {@code tfm_attest_iat_defs.h}). {@link Component} does the same for the maps of the software components.
 */
public enum Claim {
    //                       PSA_2023  PSA_2_0_0  PSA_IOT_1  type        presence (PSA_2023, PSA_2_0_0, PSA_IOT_1)
    NONCE(                   10,       10,        -75008,    Type.BSTR,  Presence.M, Presence.M, Presence.M),
    INSTANCE_ID(             256,      256,       -75009,    Type.BSTR,  Presence.M, Presence.M, Presence.M),
    /** Optional in PSA_IOT_PROFILE_1, where a token without it is still of that profile. */
    PROFILE_DEFINITION(      265,      265,       -75000,    Type.TSTR,  Presence.M, Presence.M, Presence.O),
    CLIENT_ID(               2394,     2394,      -75001,    Type.INT,   Presence.M, Presence.M, Presence.M),
    SECURITY_LIFECYCLE(      2395,     2395,      -75002,    Type.UINT,  Presence.M, Presence.M, Presence.M),
    IMPLEMENTATION_ID(       2396,     2396,      -75003,    Type.BSTR,  Presence.M, Presence.M, Presence.M),
    BOOT_SEED(               268,      2397,      -75004,    Type.BSTR,  Presence.O, Presence.O, Presence.M),
    /** In PSA_IOT_PROFILE_1 the key is "hardware version", where TF-M puts its certification reference. */
    CERTIFICATION_REFERENCE( 2398,     2398,      -75005,    Type.TSTR,  Presence.O, Presence.O, Presence.O),
    /** Optional in PSA_IOT_PROFILE_1 only because {@link #NO_SOFTWARE_MEASUREMENTS} may stand in its place. */
    SOFTWARE_COMPONENTS(     2399,     2399,      -75006,    Type.ARRAY, Presence.M, Presence.M, Presence.O),
    /** PSA_IOT_PROFILE_1 only: {@code 1} in place of the software components. */
    NO_SOFTWARE_MEASUREMENTS(0,        0,         -75007,    Type.UINT,  Presence.X, Presence.X, Presence.O),
    VERIFICATION_SERVICE(    2400,     2400,      -75010,    Type.TSTR,  Presence.O, Presence.O, Presence.O);

    /** The CBOR types claims use. */
    public enum Type {
        BSTR,
        TSTR,
        /** Unsigned or negative integer. */
        INT,
        UINT,
        ARRAY,
        MAP
    }

    /** Mandatory, optional, or not part of the profile (no key). */
    public enum Presence {
        M,
        O,
        X
    }

    private final int psa2023;
    private final int psa200;
    private final int iot1;
    private final Type type;
    private final Presence in2023;
    private final Presence in200;
    private final Presence inIot1;

    Claim(int psa2023, int psa200, int iot1, Type type, Presence in2023, Presence in200, Presence inIot1) {
        this.psa2023 = psa2023;
        this.psa200 = psa200;
        this.iot1 = iot1;
        this.type = type;
        this.in2023 = in2023;
        this.in200 = in200;
        this.inIot1 = inIot1;
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

    /** The claim's CBOR type. */
    public Type type() {
        return type;
    }

    /** Whether {@code profile} makes the claim mandatory, optional, or has no such claim. */
    public Presence presence(TokenProfile profile) {
        return switch (profile) {
            case PSA_2023 -> in2023;
            case PSA_2_0_0 -> in200;
            case PSA_IOT_1 -> inIot1;
        };
    }

    /** A readable name: "boot seed". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The keys of a software component map, the same in every profile (RFC 9783 §4.4.1). */
    public enum Component {
        MEASUREMENT_TYPE(1, Type.TSTR, false),
        MEASUREMENT_VALUE(2, Type.BSTR, true),
        VERSION(4, Type.TSTR, false),
        SIGNER_ID(5, Type.BSTR, true),
        MEASUREMENT_DESCRIPTION(6, Type.TSTR, false);

        private final int key;
        private final Type type;
        private final boolean mandatory;

        Component(int key, Type type, boolean mandatory) {
            this.key = key;
            this.type = type;
            this.mandatory = mandatory;
        }

        public int key() {
            return key;
        }

        public Type type() {
            return type;
        }

        public boolean mandatory() {
            return mandatory;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }
}
