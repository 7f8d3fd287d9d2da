package dev.citadel.itest.crypto;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.PackIovec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Raw crypto requests, built as a native client would build them. */
final class RawCrypto {
    private RawCrypto() {}

    static final int HANDLE = TfmService.CRYPTO.handle();

    static int call(PsaClient c, PackIovec iov, InVec[] more, OutVec... out) {
        InVec[] in = new InVec[1 + more.length];
        in[0] = InVec.of(iov.encode());
        System.arraycopy(more, 0, in, 1, more.length);
        return c.call(HANDLE, 0, in, out);
    }

    static InVec[] none() {
        return new InVec[0];
    }

    static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static int u32(OutVec out) {
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
