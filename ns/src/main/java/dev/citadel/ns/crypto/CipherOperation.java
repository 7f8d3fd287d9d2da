package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.ins;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import java.util.Arrays;

/**
 * A multi-part cipher operation ({@code psa_cipher_operation_t}), set up for encrypting or decrypting with a key that
 * stays in the SPE. Modes with an IV need {@link #generateIv()} or {@link #setIv} before the first update. The SPE
 * aborts the operation on any failed step; it must still be closed. Not thread-safe.
 */
public final class CipherOperation extends MultipartOperation {
    private final Algorithm alg;

    CipherOperation(PsaClient client, Algorithm alg) {
        super(client, CryptoFunction.CIPHER_ABORT);
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
     * {@code psa_cipher_generate_iv}: a random IV of the mode's length, which the SPE sets on the operation.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active, already has an IV or its mode takes
     *     none (ECB)
     */
    public byte[] generateIv() throws PsaException {
        OutVec iv = OutVec.allocate(CryptoSizes.CIPHER_IV_MAX_SIZE);
        CryptoCalls.call(client, iov(CryptoFunction.CIPHER_GENERATE_IV).build(), ins(), iv);
        return Arrays.copyOf(iv.array(), iv.length());
    }

    /**
     * {@code psa_cipher_generate_iv} into a caller's buffer; the whole of {@code iv} is offered.
     *
     * @return {@code iv_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code iv} is shorter than the mode's IV; {@code BAD_STATE}
     *     as {@link #generateIv()}
     */
    public int generateIv(byte[] iv) throws PsaException {
        OutVec out = OutVec.of(iv);
        CryptoCalls.call(client, iov(CryptoFunction.CIPHER_GENERATE_IV).build(), ins(), out);
        return out.length();
    }

    /**
     * {@code psa_cipher_set_iv}: the IV (nonce for ChaCha20, initial counter block for CTR).
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if it is not the mode's IV length; {@code BAD_STATE} if the
     *     operation is not active, already has an IV or its mode takes none
     */
    public void setIv(byte[] iv) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.CIPHER_SET_IV).build(), ins(InVec.of(iv)));
    }

    /**
     * {@code psa_cipher_update}: encrypts or decrypts {@code input}. Block modes return only whole blocks and keep
     * the rest for later calls; stream modes return as many bytes as they get.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active or still needs its IV
     */
    public byte[] update(byte[] input) throws PsaException {
        return update(input, 0, input.length);
    }

    /** {@code psa_cipher_update} on {@code input[off, off + len)}; see {@link #update(byte[])}. */
    public byte[] update(byte[] input, int off, int len) throws PsaException {
        byte[] out = new byte[CryptoSizes.cipherUpdateOutputMaxSize(len)];
        int n = update(input, off, len, out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_cipher_update} into a caller's buffer; the whole of {@code output} is offered.
     *
     * @return {@code output_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code output} is shorter than
     *     {@code PSA_CIPHER_UPDATE_OUTPUT_SIZE}; {@code BAD_STATE} as {@link #update(byte[])}
     */
    public int update(byte[] input, int off, int len, byte[] output) throws PsaException {
        OutVec out = OutVec.of(output);
        CryptoCalls.call(client, iov(CryptoFunction.CIPHER_UPDATE).build(), ins(InVec.of(input, off, len)), out);
        return out.length();
    }

    /**
     * {@code psa_cipher_finish}: the last output (a padded block for CBC-PKCS#7 encryption, the unpadded rest for its
     * decryption, nothing for the other modes). On success the SPE frees the slot.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if a mode without padding holds a partial block, or PKCS#7
     *     decryption did not get whole blocks; {@code INVALID_PADDING} if the padding is wrong; {@code BAD_STATE} if
     *     the operation is not active or still needs its IV
     */
    public byte[] finish() throws PsaException {
        byte[] out = new byte[CryptoSizes.CIPHER_FINISH_OUTPUT_MAX_SIZE];
        int n = finish(out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_cipher_finish} into a caller's buffer; the whole of {@code output} is offered.
     *
     * @return {@code output_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code output} cannot hold the last output; otherwise as
     *     {@link #finish()}
     */
    public int finish(byte[] output) throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        OutVec out = OutVec.of(output);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.CIPHER_FINISH).build(), ins(), h, out);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
        return out.length();
    }

}
