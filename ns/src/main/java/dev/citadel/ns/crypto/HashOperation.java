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
 * A multi-part hash operation ({@code psa_hash_operation_t}): the client keeps only the SPE's operation handle, and
 * every step is a call. The handle is updated from the service's reply exactly as TF-M's client updates
 * {@code operation->handle}. Not thread-safe: one operation belongs to one thread at a time.
 */
public final class HashOperation extends MultipartOperation {
    private final Algorithm alg;

    HashOperation(PsaClient client, Algorithm alg) {
        super(client, CryptoFunction.HASH_ABORT);
        this.alg = alg;
    }

    /** The algorithm this operation was set up with. */
    public Algorithm algorithm() {
        return alg;
    }

    void setup() throws PsaException {
        OutVec h = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.HASH_SETUP).alg(alg).build(), ins(), h);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

    /**
     * {@code psa_hash_update}: adds all of {@code input}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active
     */
    public void update(byte[] input) throws PsaException {
        update(input, 0, input.length);
    }

    /**
     * {@code psa_hash_update}: adds {@code input[off, off + len)}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active
     */
    public void update(byte[] input, int off, int len) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.HASH_UPDATE).build(), ins(InVec.of(input, off, len)));
    }

    /**
     * {@code psa_hash_finish}: the hash of everything added. On success the SPE frees the operation's slot; on failure
     * the operation must still be closed (aborted).
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active
     */
    public byte[] finish() throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        OutVec hash = OutVec.allocate(CryptoSizes.hashLength(alg));
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.HASH_FINISH).build(), ins(), h, hash);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
        return Arrays.copyOf(hash.array(), hash.length());
    }

    /**
     * {@code psa_hash_verify}: checks that the hash of everything added is {@code expected}; the SPE compares in
     * constant time. On success the slot is freed; on failure the operation must still be closed (aborted).
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if the hash differs; {@code BAD_STATE} if the operation is not
     *     active
     */
    public void verify(byte[] expected) throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.HASH_VERIFY).build(),
                ins(InVec.of(expected)), h);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

    /**
     * {@code psa_hash_clone}: a new operation in the same state, which continues independently in its own slot.
     *
     * @throws PsaException {@code BAD_STATE} if this operation is not active; {@code NOT_PERMITTED} if every operation
     *     slot of the SPE is taken
     */
    public HashOperation cloneOperation() throws PsaException {
        HashOperation target = new HashOperation(client, alg);
        OutVec h = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.HASH_CLONE).build(),
                ins(InVec.of(CryptoCalls.le32(target.handle))), h);
        target.handle = CryptoCalls.u32Written(h, target.handle);
        PsaException.check(status);
        return target;
    }

}
