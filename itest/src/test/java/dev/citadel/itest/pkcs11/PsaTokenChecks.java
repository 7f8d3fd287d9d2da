package dev.citadel.itest.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Small helpers shared by the token's tests. */
final class PsaTokenChecks {
    private PsaTokenChecks() {}

    interface Call {
        void run() throws Exception;
    }

    /** The {@code CK_RV} a call ends with ({@code CKR_OK} when it returns). */
    static long rv(Call c) {
        try {
            c.run();
        } catch (CkException e) {
            return e.rv();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return Ckr.OK;
    }

    /** Asserts {@code CKR_BUFFER_TOO_SMALL} with {@code needed} as the length. */
    static void assertTooSmall(Call c, long needed) {
        try {
            c.run();
        } catch (CkException e) {
            assertThat(e.rv()).isEqualTo(Ckr.BUFFER_TOO_SMALL);
            assertThat(e.requiredLength()).isEqualTo(needed);
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no CKR_BUFFER_TOO_SMALL");
    }

    static byte[] attr(Cryptoki p, long s, long o, long type) throws CkException {
        return p.getAttributes(s, o, type).get(0).value();
    }

    static byte[] sign(Cryptoki p, long s, CkMechanism m, long key, byte[] data) throws CkException {
        p.signInit(s, m, key);
        byte[] out = new byte[p.sign(s, data, null)];
        int n = p.sign(s, data, out);
        return Arrays.copyOf(out, n);
    }

    static byte[] encrypt(Cryptoki p, long s, CkMechanism m, long key, byte[] data) throws CkException {
        p.encryptInit(s, m, key);
        byte[] out = new byte[p.encrypt(s, data, null)];
        int n = p.encrypt(s, data, out);
        return Arrays.copyOf(out, n);
    }

    static byte[] decrypt(Cryptoki p, long s, CkMechanism m, long key, byte[] data) throws CkException {
        p.decryptInit(s, m, key);
        byte[] out = new byte[p.decrypt(s, data, null)];
        int n = p.decrypt(s, data, out);
        return Arrays.copyOf(out, n);
    }

    /** A {@code CKA_ALLOWED_MECHANISMS} value. */
    static byte[] mechanisms(long... types) {
        ByteBuffer b = ByteBuffer.allocate(8 * types.length);
        for (long t : types) {
            b.putLong(t);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
