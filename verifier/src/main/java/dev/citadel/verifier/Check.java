package dev.citadel.verifier;

/** What a failed check was about: the first one names why a token is rejected. */
public enum Check {
    /** Not well-formed CBOR, trailing bytes, or not a COSE_Sign1 / COSE_Mac0 structure. */
    MALFORMED,
    /** The COSE headers: no or unknown "alg", critical headers, a label in both buckets. */
    COSE_HEADER,
    /** The key does not suit the token's algorithm (curve, or symmetric vs asymmetric). */
    KEY_MISMATCH,
    /** The signature or MAC tag does not verify. */
    SIGNATURE,
    /** The payload is not a claims map, or its profile is unknown or missing. */
    PROFILE,
    /** A claim that the profile makes mandatory is absent. */
    CLAIM_MISSING,
    /** A claim has the wrong CBOR type. */
    CLAIM_TYPE,
    /** A claim has the right type but a value outside its constraints. */
    CLAIM_VALUE,
    /** The nonce is not the one the relying party sent. */
    NONCE,
    /** The instance ID does not identify the verification key. */
    INSTANCE_ID,
    /** A software component does not match the reference values. */
    REFERENCE_VALUES
}
