package dev.citadel.ns.crypto;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.PackIovec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code psa_call} on the Crypto service's stateless handle, as {@code tfm_crypto_api.c}'s dispatch macros do. */
final class CryptoCalls {
    private CryptoCalls() {}

    static final int HANDLE_SIZE = 4;

    /** Calls with {@code in_vec[0] = iov} followed by {@code more}; throws on any status but success. */
    static void call(PsaClient client, PackIovec iov, InVec[] more, OutVec... out) throws PsaException {
        PsaException.check(callStatus(client, iov, more, out));
    }

    static int callStatus(PsaClient client, PackIovec iov, InVec[] more, OutVec... out) {
        InVec[] in = new InVec[1 + more.length];
        in[0] = InVec.of(iov.encode());
        System.arraycopy(more, 0, in, 1, more.length);
        return client.call(TfmService.CRYPTO.handle(), Psa.IPC_CALL, in, out.length == 0 ? null : out);
    }

    static InVec[] ins(InVec... in) {
        return in;
    }

    static byte[] le32(int value) {
        return ByteBuffer.allocate(HANDLE_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** The u32 the service wrote into {@code out}, or {@code previous} if it wrote none (the C memory is untouched). */
    static int u32Written(OutVec out, int previous) {
        if (out.length() != HANDLE_SIZE) {
            return previous;
        }
        return ByteBuffer.wrap(out.array(), out.offset(), HANDLE_SIZE).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
