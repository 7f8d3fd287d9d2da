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
 * A multi-part MAC operation ({@code psa_mac_operation_t}), set up for signing or for verifying with a key that stays
 * in the SPE. The client keeps only the SPE's operation handle, updated from each reply as TF-M's client does. Not
 * thread-safe: one operation belongs to one thread at a time.
 */
public final class MacOperation extends MultipartOperation {
    private final Algorithm alg;

    MacOperation(PsaClient client, Algorithm alg) {
        super(client, CryptoFunction.MAC_ABORT);
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
     * {@code psa_mac_update}: adds all of {@code input}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active
     */
    public void update(byte[] input) throws PsaException {
        update(input, 0, input.length);
    }

    /**
     * {@code psa_mac_update}: adds {@code input[off, off + len)}.
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active
     */
    public void update(byte[] input, int off, int len) throws PsaException {
        CryptoCalls.call(client, iov(CryptoFunction.MAC_UPDATE).build(), ins(InVec.of(input, off, len)));
    }

    /**
     * {@code psa_mac_sign_finish}: the MAC of everything added (truncated as the algorithm says). On success the SPE
     * frees the slot; on failure the operation is over but must still be closed (aborted).
     *
     * @throws PsaException {@code BAD_STATE} if the operation is not active or was set up for verifying
     */
    public byte[] signFinish() throws PsaException {
        byte[] mac = new byte[CryptoSizes.MAC_MAX_SIZE];
        int n = signFinish(mac);
        return Arrays.copyOf(mac, n);
    }

    /**
     * {@code psa_mac_sign_finish} into a caller's buffer; the whole of {@code mac} is offered.
     *
     * @return {@code mac_length}, the bytes written at the start of {@code mac}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code mac} is shorter than the MAC; {@code BAD_STATE} if the
     *     operation is not active or was set up for verifying
     */
    public int signFinish(byte[] mac) throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        OutVec out = OutVec.of(mac);
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.MAC_SIGN_FINISH).build(), ins(), h, out);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
        return out.length();
    }

    /**
     * {@code psa_mac_verify_finish}: checks that the MAC of everything added is {@code mac}; the SPE compares in
     * constant time. On success the slot is freed; on failure the operation is over but must still be closed.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if the MAC differs (or has another length); {@code BAD_STATE} if
     *     the operation is not active or was set up for signing
     */
    public void verifyFinish(byte[] mac) throws PsaException {
        OutVec h = OutVec.of(CryptoCalls.le32(handle));
        int status = CryptoCalls.callStatus(client, iov(CryptoFunction.MAC_VERIFY_FINISH).build(),
                ins(InVec.of(mac)), h);
        handle = CryptoCalls.u32Written(h, handle);
        PsaException.check(status);
    }

}
