package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.ins;

import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.PackIovec;

/**
 * What every multi-part operation of TF-M's client has in common: the client keeps only the SPE's operation handle,
 * updates it from each reply that carries it back (as TF-M's client updates {@code operation->handle}), and frees the
 * SPE's slot with the group's {@code *_abort}. Not thread-safe: one operation belongs to one thread at a time.
 */
abstract class MultipartOperation implements AutoCloseable {
    final PsaClient client;
    private final CryptoFunction abortFunction;
    /** The SPE's handle; 0 when the operation holds no slot. */
    int handle;

    MultipartOperation(PsaClient client, CryptoFunction abortFunction) {
        this.client = client;
        this.abortFunction = abortFunction;
    }

    /** Whether the operation still holds an SPE operation slot (its handle is not 0). */
    public boolean isActive() {
        return handle != 0;
    }

    /** A pack iovec for {@code function} on this operation. */
    final PackIovec.Builder iov(CryptoFunction function) {
        return PackIovec.builder(function).opHandle(handle);
    }

    /**
     * The group's {@code psa_*_abort}: frees the operation's slot. Aborting an operation that is not active succeeds.
     *
     * @throws PsaException only if the call itself fails
     */
    public void abort() throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        int status = CryptoCalls.callStatus(client, iov(abortFunction).build(), ins(), h);
        // On success the operation is over, even when the SPE echoed a handle it did not know.
        handle = status == PsaStatus.SUCCESS.value() ? 0 : CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

    /** Aborts the operation if it still holds a slot. */
    @Override
    public void close() throws PsaException {
        if (handle != 0) {
            abort();
        }
    }
}
