package dev.citadel.verifier;

/**
 * Every claim of the three profiles: its key in each and its CBOR type. This is the one table of claim keys
 * (RFC 9783 §4 and its key-mapping table in §4.6; PSA Attestation API 1.0 §3.2.4 for {@code PSA_IOT_PROFILE_1};
 * draft-tschofenig-rats-psa-token-09 for {@code http://arm.com/psa/2.0.0}).
 */
public enum Claim {
    //                       PSA_IOT_1  PSA_2_0_0  PSA_TFM   type                presence (IOT_1, 2_0_0, TFM)
    NONCE(                   -75008,    10,        10,       Type.BSTR,          Presence.M, Presence.M, Presence.M),
    INSTANCE_ID(             -75009,    256,       256,      Type.BSTR,          Presence.M, Presence.M, Presence.M),
    PROFILE(                 -75000,    265,       265,      Type.TSTR,          Presence.O, Presence.M, Presence.M),
    CLIENT_ID(               -75001,    2394,      2394,     Type.INT,           Presence.M, Presence.M, Presence.M),
    SECURITY_LIFECYCLE(      -75002,    2395,      2395,     Type.UINT,          Presence.M, Presence.M, Presence.M),
    IMPLEMENTATION_ID(       -75003,    2396,      2396,     Type.BSTR,          Presence.M, Presence.M, Presence.M),
    BOOT_SEED(               -75004,    2397,      268,      Type.BSTR,          Presence.M, Presence.O, Presence.O),
    CERTIFICATION_REFERENCE( -75005,    2398,      2398,     Type.TSTR,          Presence.O, Presence.O, Presence.O),
    SOFTWARE_COMPONENTS(     -75006,    2399,      2399,     Type.ARRAY,         Presence.O, Presence.M, Presence.M),
    NO_SOFTWARE_MEASUREMENTS(-75007,    0,         0,        Type.UINT,          Presence.O, Presence.X, Presence.X),
    VERIFICATION_SERVICE(    -75010,    2400,      2400,     Type.TSTR,          Presence.O, Presence.O, Presence.O);

    /** CBOR major types as the claims use them. */
    public enum Type {
        BSTR,
        TSTR,
        /** Unsigned or negative integer. */
        INT,
        UINT,
        ARRAY,
        MAP
    }

    /** Mandatory, optional, or not part of the profile (key 0). */
    enum Presence {
        M,
        O,
        X
    }

    private final int keyIot1;
    private final int key200;
    private final int keyTfm;
    private final Type type;
    private final Presence iot1;
    private final Presence p200;
    private final Presence tfm;

    Claim(int keyIot1, int key200, int keyTfm, Type type, Presence iot1, Presence p200, Presence tfm) {
        this.keyIot1 = keyIot1;
        this.key200 = key200;
        this.keyTfm = keyTfm;
        this.type = type;
        this.iot1 = iot1;
        this.p200 = p200;
        this.tfm = tfm;
    }

    /** The claim's key in a profile; 0 if the profile has no such claim. */
    public int key(Profile p) {
        return switch (p) {
            case PSA_IOT_1 -> keyIot1;
            case PSA_2_0_0 -> key200;
            case PSA_TFM -> keyTfm;
        };
    }

    public Type type() {
        return type;
    }

    Presence presence(Profile p) {
        return switch (p) {
            case PSA_IOT_1 -> iot1;
            case PSA_2_0_0 -> p200;
            case PSA_TFM -> tfm;
        };
    }

    /** A readable name: "boot seed". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
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

        boolean mandatory() {
            return mandatory;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
