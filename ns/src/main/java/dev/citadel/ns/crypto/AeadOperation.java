package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.ins;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.PackIovec;
import java.util.Arrays;

/**
 * A multi-part AEAD operation ({@code psa_aead_operation_t}): the client keeps only the SPE's operation handle, and
 * every step is a call, marshalled as TF-M's {@code tfm_crypto_api.c} does. After any failed step the SPE has aborted
 * the operation (every further step but {@link #abort()} gives {@code BAD_STATE}) while its slot stays taken until
 * the operation is closed. Not thread-safe: one operation belongs to one thread at a time.
 *
 * <p>Decryption releases plaintext from {@link #update} before the tag is checked, as PSA allows: it must not be used
 * unless {@link #verify} succeeds.
 */
public final class AeadOperation extends MultipartOperation {
    /** {@code PSA_AEAD_TAG_MAX_SIZE}. */
    static final int TAG_MAX_SIZE = 16;
    /** {@code PSA_AEAD_FINISH_OUTPUT_MAX_SIZE} and {@code PSA_AEAD_VERIFY_OUTPUT_MAX_SIZE}: one cipher block. */
    static final int FINAL_OUTPUT_MAX_SIZE = 16;
    /** {@code PSA_AEAD_NONCE_MAX_SIZE} is 13; the pack iovec's nonce field is 16 and costs nothing more here. */
    static final int NONCE_BUFFER_SIZE = PackIovec.MAX_NONCE_LENGTH;
    private static final int BLOCK = 16;

    private final Algorithm alg;

    AeadOperation(PsaClient client, Algorithm alg) {
        super(client, CryptoFunction.AEAD_ABORT);
        this.alg = alg;
    }

    /** The algorithm this operation was set up with. */
    public Algorithm algorithm() {
        return alg;
    }

    void setup(CryptoFunction function, int key) throws PsaException {
        OutVec h = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        int status = CryptoCalls.callStatus(client, iov(function).keyId(key).alg(alg).build(), ins(), h);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

    /**
     * {@code psa_aead_generate_nonce}: a fresh random nonce of the algorithm's default length
     * ({@code PSA_AEAD_NONCE_LENGTH}), set on the operation.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active, decrypts, or already has a nonce
     */
    public byte[] generateNonce() throws PsaException {
        OutVec nonce = OutVec.allocate(NONCE_BUFFER_SIZE);
        CryptoCalls.call(client, iov(CryptoFunction.AEAD_GENERATE_NONCE).build(), ins(), nonce);
        return Arrays.copyOf(nonce.array(), nonce.length());
    }

    /**
     * {@code psa_aead_set_nonce}. Unlike the one-shot functions, any length the algorithm accepts can be given (GCM
     * nonces above 16 bytes included).
     *
     * @throws PsaException {@code INVALID_ARGUMENT} for a length the algorithm does not accept (GCM: 0; CCM: outside
     *     7..13, or too short for the declared plaintext length; ChaCha20-Poly1305: not 12); {@code BAD_STATE} if the
     *     operation is not active or already has a nonce
     */
    public void setNonce(byte[] nonce) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.AEAD_SET_NONCE).build(), ins(InVec.of(nonce)));
    }

    /**
     * {@code psa_aead_set_lengths}: declares the total AD and plaintext lengths; CCM needs it before any data, and
     * every algorithm then checks that exactly these lengths are fed.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if the lengths exceed the algorithm's limits (CCM: AD of
     *     {@code 0xFF00} bytes or more, or a plaintext too long for the nonce); {@code BAD_STATE} if the operation is
     *     not active, lengths are already set, or data was already fed
     * @throws IllegalArgumentException if a length is not a u32 (the wire field)
     */
    public void setLengths(long adLength, long plaintextLength) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.AEAD_SET_LENGTHS)
                .adLength(u32(adLength, "adLength"))
                .plaintextLength(u32(plaintextLength, "plaintextLength"))
                .build(), ins());
    }

    /**
     * {@code psa_aead_update_ad}: adds additional data; all of it must come before the first {@link #update}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active, has no nonce, has started on the text,
     *     or is CCM without lengths; {@code INVALID_ARGUMENT} if this exceeds the declared AD length
     */
    public void updateAd(byte[] input) throws PsaException {
        updateAd(input, 0, input.length);
    }

    /** {@code psa_aead_update_ad} with {@code input[off, off + len)}; statuses as {@link #updateAd(byte[])}. */
    public void updateAd(byte[] input, int off, int len) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.AEAD_UPDATE_AD).build(), ins(InVec.of(input, off, len)));
    }

    /**
     * {@code psa_aead_update}: encrypts or decrypts {@code input}.
     *
     * @return the output this call produced (this SPE returns as many bytes as it is given)
     * @throws PsaException {@code BAD_STATE} if the operation is not active, has no nonce, or is CCM without lengths;
     *     {@code INVALID_ARGUMENT} if declared AD is still missing or this exceeds the declared plaintext length
     */
    public byte[] update(byte[] input) throws PsaException {
        byte[] out = new byte[updateOutputMaxSize(input.length)];
        int n = update(input, 0, input.length, out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_aead_update} into a caller's buffer; the whole of {@code output} is offered.
     *
     * @return {@code output_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code output} cannot hold the result (the operation is then
     *     aborted); otherwise as {@link #update(byte[])}
     */
    public int update(byte[] input, int off, int len, byte[] output) throws PsaException {
        OutVec out = OutVec.of(output);
        CryptoCalls.call(client, iov(CryptoFunction.AEAD_UPDATE).build(), ins(InVec.of(input, off, len)), out);
        return out.length();
    }

    /** The end of an encryption: the ciphertext {@code psa_aead_finish} still produced, and the tag. */
    public static final class Finish {
        private final byte[] ciphertext;
        private final byte[] tag;

        Finish(byte[] ciphertext, byte[] tag) {
            this.ciphertext = ciphertext;
            this.tag = tag;
        }

        /** The last ciphertext bytes (empty from this SPE, which releases everything at {@code update}). */
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        /** The authentication tag, of the algorithm's tag length. */
        public byte[] tag() {
            return tag.clone();
        }
    }

    /**
     * {@code psa_aead_finish}: ends an encryption. On success the SPE frees the slot; on failure the operation must
     * still be closed.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active, decrypts, has no nonce, or is CCM
     *     without lengths; {@code INVALID_ARGUMENT} if less AD or plaintext was fed than declared
     */
    public Finish finish() throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        OutVec tag = OutVec.allocate(TAG_MAX_SIZE);
        OutVec ciphertext = OutVec.allocate(FINAL_OUTPUT_MAX_SIZE);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.AEAD_FINISH).build(), ins(), h, tag,
                ciphertext);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
        return new Finish(Arrays.copyOf(ciphertext.array(), ciphertext.length()),
                Arrays.copyOf(tag.array(), tag.length()));
    }

    /**
     * {@code psa_aead_verify}: ends a decryption by checking {@code tag} (in constant time, in the SPE). On success
     * the slot is freed; on failure the operation must still be closed, and the plaintext released by
     * {@link #update} must be discarded.
     *
     * @return the last plaintext bytes (empty from this SPE)
     * @throws PsaException {@code INVALID_SIGNATURE} if the tag is wrong; {@code BAD_STATE} if the operation is not
     *     active, encrypts, has no nonce, or is CCM without lengths; {@code INVALID_ARGUMENT} if less AD or
     *     ciphertext was fed than declared
     */
    public byte[] verify(byte[] tag) throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        OutVec plaintext = OutVec.allocate(FINAL_OUTPUT_MAX_SIZE);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.AEAD_VERIFY).build(),
                ins(InVec.of(tag)), h, plaintext);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
        return Arrays.copyOf(plaintext.array(), plaintext.length());
    }

    /** {@code PSA_AEAD_UPDATE_OUTPUT_MAX_SIZE(input_length)}: the input rounded up to whole blocks. */
    static int updateOutputMaxSize(int inputLength) {
        return Math.addExact(inputLength, BLOCK - 1) / BLOCK * BLOCK;
    }

    private static int u32(long value, String what) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " is a u32 on the wire: " + value);
        }
        return (int) value;
    }

}
