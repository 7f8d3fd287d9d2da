package dev.citadel.psa.attest;

/**
 * The Initial Attestation service's wire ({@code interface/include/tfm_attest_defs.h}, {@code tfm_attest_api.c}):
 * call types, challenge sizes and the token size bound. Both calls go to the stateless handle of
 * {@link dev.citadel.psa.TfmService#ATTESTATION}.
 *
 * <ul>
 *   <li>{@link #GET_TOKEN}: {@code in_vec[0]} = the challenge, {@code out_vec[0]} = the token buffer; the token's
 *       length is {@code out_vec[0].len} on success.
 *   <li>{@link #GET_TOKEN_SIZE}: {@code in_vec[0]} = the challenge size as a little-endian u32 ({@code rot_size_t}),
 *       {@code out_vec[0]} = the token size, a little-endian u32; both exactly 4 bytes.
 * </ul>
 */
public final class AttestWire {
    private AttestWire() {}

    /** {@code TFM_ATTEST_GET_TOKEN}. */
    public static final int GET_TOKEN = 1001;
    /** {@code TFM_ATTEST_GET_TOKEN_SIZE}. */
    public static final int GET_TOKEN_SIZE = 1002;

    /** {@code PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32/48/64}: the only challenge sizes an implementation may accept. */
    public static final int CHALLENGE_SIZE_32 = 32;
    public static final int CHALLENGE_SIZE_48 = 48;
    public static final int CHALLENGE_SIZE_64 = 64;

    /** {@code sizeof(rot_size_t)}: the size vectors of {@link #GET_TOKEN_SIZE}. */
    public static final int SIZE_FIELD = 4;

    /** {@code PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE}, TF-M's default: a buffer this large always holds a token. */
    public static final int MAX_TOKEN_SIZE = 0x250;

    /** Whether {@code size} is one of the three challenge sizes the API allows. */
    public static boolean isChallengeSize(long size) {
        return size == CHALLENGE_SIZE_32 || size == CHALLENGE_SIZE_48 || size == CHALLENGE_SIZE_64;
    }
}
