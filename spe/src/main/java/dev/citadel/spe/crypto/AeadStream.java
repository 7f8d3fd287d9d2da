package dev.citadel.spe.crypto;

/**
 * One streaming AEAD computation for a multi-part operation, as Mbed TLS's built-in driver streams it: every
 * {@link #update} returns exactly as many bytes as it is given, and the finish produces only the tag. Decryption
 * therefore releases plaintext before the tag is checked, which PSA permits ({@code psa_aead_update}); the caller
 * must discard it if {@code psa_aead_verify} fails.
 *
 * <p>The PSA state machine (nonce set, lengths declared, order of calls) is the service's; a stream assumes it is
 * called in a valid order.
 */
interface AeadStream {
    /**
     * Starts with {@code nonce}, whose length the service has checked for the algorithm.
     *
     * @return {@code PSA_SUCCESS}, or {@code PSA_ERROR_INVALID_ARGUMENT} if the backend refuses it (for example a CCM
     *     nonce too short for the declared plaintext length)
     */
    int setNonce(byte[] nonce);

    /**
     * Declares the lengths; CCM needs them before any data.
     *
     * @return {@code PSA_SUCCESS} or {@code PSA_ERROR_INVALID_ARGUMENT}
     */
    int setLengths(long adLength, long plaintextLength);

    void updateAd(byte[] ad);

    /** Encrypts or decrypts {@code in} into {@code out[0, in.length)}. */
    void update(byte[] in, byte[] out);

    /** The tag over everything fed so far, of the algorithm's tag length. */
    byte[] finish();

    /** Overwrites key-dependent state; the stream is unusable afterwards. */
    void destroy();
}
