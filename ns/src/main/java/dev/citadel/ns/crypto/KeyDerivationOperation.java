package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.ins;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.PackIovec;
import java.util.Objects;

/**
 * A key-derivation operation ({@code psa_key_derivation_operation_t}): the client keeps only the SPE's operation
 * handle, and every step is a call marshalled as TF-M's {@code tfm_crypto_api.c} does. The secrets fed to it, and its
 * output until read, stay in the SPE.
 *
 * <p>As in Mbed TLS, a failed input leaves the operation aborted (every later call but {@link #abort()} gives
 * {@code BAD_STATE}), and a failed output leaves it with no capacity; in both cases it still holds its SPE slot until
 * closed. Not thread-safe: one operation belongs to one thread at a time.
 */
public final class KeyDerivationOperation extends MultipartOperation {
    private final Algorithm alg;

    KeyDerivationOperation(PsaClient client, Algorithm alg) {
        super(client, CryptoFunction.KD_ABORT);
        this.alg = alg;
    }

    /** The algorithm this operation was set up with. */
    public Algorithm algorithm() {
        return alg;
    }

    void setup() throws PsaException {
        OutVec h = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        int status = CryptoCalls.callStatus(client,
                PackIovec.builder(CryptoFunction.KEY_DERIVATION_SETUP).alg(alg).opHandle(handle).build(), ins(), h);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

    /**
     * {@code psa_key_derivation_get_capacity}: how many more bytes the operation may output. The SPE's {@code size_t}
     * is 32 bits, so this is at most {@code 0xFFFFFFFF}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active or was aborted by a failed input
     */
    public long getCapacity() throws PsaException {
        OutVec capacity = OutVec.allocate(4);
        CryptoCalls.call(client, iov(CryptoFunction.KD_GET_CAPACITY).build(), ins(), capacity);
        return Integer.toUnsignedLong(CryptoCalls.u32Written(capacity, 0));
    }

    /**
     * {@code psa_key_derivation_set_capacity}: lowers the capacity.
     *
     * @param capacity the new capacity, a u32 on the wire
     * @throws PsaException {@code INVALID_ARGUMENT} if it is above the current capacity; {@code BAD_STATE} if the
     *     operation is not active or was aborted
     * @throws IllegalArgumentException if {@code capacity} is negative or above {@code 0xFFFFFFFF}
     */
    public void setCapacity(long capacity) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_SET_CAPACITY).capacity(capacity).build(), ins());
    }

    /**
     * {@code psa_key_derivation_input_bytes}: supplies {@code data} for {@code step}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if the algorithm takes no such step (or no bytes for it, as for
     *     {@code COST}) or the data is of a size the step refuses (an HKDF-Expand PRK that is not one hash long, a
     *     PSK above 128 bytes); {@code BAD_STATE} if the step comes out of order, twice, or after output began, or the
     *     operation is not active or was aborted. Any failure aborts the operation.
     */
    public void inputBytes(KeyDerivationStep step, byte[] data) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_INPUT_BYTES).step(step.value()).build(),
                ins(InVec.of(Objects.requireNonNull(data, "data"))));
    }

    /**
     * {@code psa_key_derivation_input_key}: supplies the material of {@code key} for {@code step}, without it leaving
     * the SPE. A key given as SECRET or PASSWORD lets the operation {@link #outputKey output keys}.
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED}
     *     if it lacks {@code PSA_KEY_USAGE_DERIVE} or its policy does not permit this algorithm;
     *     {@code INVALID_ARGUMENT} if its type does not fit the step ({@code DERIVE} for secrets, {@code PASSWORD} or
     *     {@code DERIVE} for a password, {@code RAW_DATA} for the other steps); the statuses of
     *     {@link #inputBytes}. Any failure aborts the operation.
     */
    public void inputKey(KeyDerivationStep step, int key) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_INPUT_KEY).step(step.value()).keyId(key).build(), ins());
    }

    /**
     * {@code psa_key_derivation_input_integer}: supplies {@code value} (a u64) for {@code step}; PBKDF2's COST.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if the algorithm takes no integer for {@code step}, or the cost
     *     is 0; {@code NOT_SUPPORTED} if the cost is above {@code 0xFFFFFFFF}; {@code BAD_STATE} if it comes out of
     *     order or the operation is not active or was aborted. Any failure aborts the operation.
     */
    public void inputInteger(KeyDerivationStep step, long value) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_INPUT_INTEGER).step(step.value()).value(value).build(),
                ins());
    }

    /**
     * {@code psa_key_derivation_key_agreement}: would feed the shared secret of {@code privateKey} and
     * {@code peerKey} to {@code step}. Marshalled as TF-M does; this SPE does not serve it yet.
     *
     * @throws PsaException {@code NOT_SUPPORTED}; {@code BAD_STATE} if the operation is not active
     */
    public void keyAgreement(KeyDerivationStep step, int privateKey, byte[] peerKey) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_KEY_AGREEMENT).step(step.value()).keyId(privateKey).build(),
                ins(InVec.of(Objects.requireNonNull(peerKey, "peerKey"))));
    }

    /**
     * {@code psa_key_derivation_output_bytes}: the next {@code length} bytes of output.
     *
     * @throws PsaException {@code INSUFFICIENT_DATA} if {@code length} exceeds the capacity (which then drops to 0),
     *     or the capacity is 0; {@code BAD_STATE} if the inputs the algorithm needs are not all in (the operation is
     *     then spent) or the operation is not active or was aborted
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public byte[] outputBytes(int length) throws PsaException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        outputBytes(out);
        return out;
    }

    /**
     * {@code psa_key_derivation_output_bytes} into a caller's buffer: fills all of {@code out}.
     *
     * @throws PsaException as {@link #outputBytes(int)}
     */
    public void outputBytes(byte[] out) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.KD_OUTPUT_BYTES).build(), ins(), OutVec.of(out));
    }

    /**
     * {@code psa_key_derivation_output_key}: a new key of this client whose material is the next
     * {@code attributes.bits() / 8} bytes of output, for the unstructured types (AES, CHACHA20, HMAC, DERIVE,
     * RAW_DATA, PASSWORD, PASSWORD_HASH).
     *
     * @return the new key's identifier
     * @throws PsaException {@code INVALID_ARGUMENT} if the bits are 0, not whole bytes, or a size the type does not
     *     have, or the type is a public key; {@code NOT_PERMITTED} unless the secret (or password) came from a key;
     *     {@code NOT_SUPPORTED} for key pairs (ECC derivation is not implemented), an unsupported type or a persistent
     *     lifetime; {@code INSUFFICIENT_DATA} if the capacity is too small; {@code INSUFFICIENT_MEMORY} if every key
     *     slot is taken; {@code BAD_STATE} if the operation is not active, was aborted or lacks inputs
     */
    public int outputKey(KeyAttributes attributes) throws PsaException {
        OutVec keyId = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        CryptoCalls.call(client, iov(CryptoFunction.KD_OUTPUT_KEY).build(),
                ins(InVec.of(Objects.requireNonNull(attributes, "attributes").toClientWire())), keyId);
        return CryptoCalls.u32Written(keyId, 0);
    }

    /**
     * {@code psa_key_derivation_verify_bytes}: TF-M's client does not forward it.
     *
     * @throws PsaException always {@code NOT_SUPPORTED}, without calling the SPE
     */
    public void verifyBytes(byte[] expected) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED.value());
    }

    /**
     * {@code psa_key_derivation_verify_key}: TF-M's client does not forward it.
     *
     * @throws PsaException always {@code NOT_SUPPORTED}, without calling the SPE
     */
    public void verifyKey(int expected) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED.value());
    }

}
