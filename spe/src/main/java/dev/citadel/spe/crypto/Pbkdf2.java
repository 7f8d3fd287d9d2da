package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.bouncycastle.crypto.macs.CMac;

/**
 * PBKDF2 (RFC 8018 §5.2) with HMAC or with AES-CMAC-PRF-128 (RFC 4615) as the PRF, in Mbed TLS's order: COST
 * (by {@code input_integer}, 1..{@value #MAX_ITERATIONS}), then SALT (one or more, concatenated), then PASSWORD, once.
 */
final class Pbkdf2 implements Kdf {
    /**
     * {@code PSA_VENDOR_PBKDF2_MAX_ITERATIONS}. Mbed TLS allows 2^32-1, hours of work that would hold the partition
     * (it serves one message at a time) from every other client; 2^22 (about 4.2 million, seven times OWASP's 2023
     * advice for PBKDF2-HMAC-SHA-256) costs a few seconds at most. A higher cost is {@code NOT_SUPPORTED}.
     */
    static final long MAX_ITERATIONS = 1L << 22;

    /** A PRF keyed with the password: one call writes PRF(password, message) to {@code out}, which may be it. */
    private interface Prf {
        void apply(byte[] message, byte[] out);
    }

    private interface PrfFactory {
        Prf key(byte[] password);
    }

    private enum State {
        INIT,
        COST_SET,
        SALT_SET,
        PASSWORD_SET,
        OUTPUT
    }

    private final PrfFactory factory;
    private final int prfLength;
    private State state = State.INIT;
    private long cost;
    private byte[] salt = new byte[0];
    private Prf prf;
    private byte[] block;
    private int bytesUsed;
    private int blockNumber;

    private Pbkdf2(PrfFactory factory, int prfLength) {
        this.factory = factory;
        this.prfLength = prfLength;
    }

    /** PBKDF2-HMAC with {@code hash}; the JDK's HMAC pads or hashes the password as RFC 2104 says. */
    static Pbkdf2 hmac(Algorithm hash) {
        return new Pbkdf2(password -> {
            Mac mac = KdfAlgorithms.hmac(hash, password);
            return (message, out) -> {
                mac.update(message);
                try {
                    mac.doFinal(out, 0);
                } catch (ShortBufferException e) {
                    throw new IllegalStateException("out is one hash long", e);
                }
            };
        }, CryptoSizes.hashLength(hash));
    }

    /** PBKDF2-AES-CMAC-PRF-128: the password becomes a 16-byte AES key by RFC 4615 §3. */
    static Pbkdf2 aesCmacPrf128() {
        return new Pbkdf2(password -> {
            byte[] key = KdfAlgorithms.aesCmacPrf128Key(password);
            CMac mac = KdfAlgorithms.aesCmac(key);
            KdfAlgorithms.zero(key);
            return (message, out) -> {
                mac.update(message, 0, message.length);
                mac.doFinal(out, 0);
            };
        }, 16);
    }

    @Override
    public int inputInteger(KeyDerivationStep step, long value) {
        if (step != KeyDerivationStep.COST) {
            return INVALID_ARGUMENT;
        }
        if (state != State.INIT) {
            return BAD_STATE;
        }
        if (Long.compareUnsigned(value, MAX_ITERATIONS) > 0) {
            return NOT_SUPPORTED;
        }
        if (value == 0) {
            return INVALID_ARGUMENT;
        }
        cost = value;
        state = State.COST_SET;
        return SUCCESS;
    }

    @Override
    public int input(KeyDerivationStep step, byte[] data) {
        switch (step) {
            case SALT:
                if (state == State.COST_SET) {
                    state = State.SALT_SET;
                } else if (state != State.SALT_SET) {
                    return BAD_STATE;
                }
                byte[] longer = Arrays.copyOf(salt, salt.length + data.length);
                System.arraycopy(data, 0, longer, salt.length, data.length);
                salt = longer;
                return SUCCESS;
            case PASSWORD:
                if (state != State.SALT_SET) {
                    return BAD_STATE;
                }
                prf = factory.key(data);
                state = State.PASSWORD_SET;
                return SUCCESS;
            default:
                return INVALID_ARGUMENT;
        }
    }

    @Override
    public int read(byte[] out) {
        if (state == State.PASSWORD_SET) {
            bytesUsed = prfLength; // the first read needs block 1
            state = State.OUTPUT;
        } else if (state != State.OUTPUT) {
            return BAD_STATE;
        }
        int done = 0;
        while (done < out.length) {
            if (bytesUsed == prfLength) {
                nextBlock();
            }
            int n = Math.min(prfLength - bytesUsed, out.length - done);
            System.arraycopy(block, bytesUsed, out, done, n);
            bytesUsed += n;
            done += n;
        }
        return SUCCESS;
    }

    /** T_i = U_1 ^ ... ^ U_c, U_1 = PRF(P, S | INT(i)), U_j = PRF(P, U_{j-1}). */
    private void nextBlock() {
        blockNumber++;
        byte[] first = Arrays.copyOf(salt, salt.length + 4);
        first[salt.length] = (byte) (blockNumber >>> 24);
        first[salt.length + 1] = (byte) (blockNumber >>> 16);
        first[salt.length + 2] = (byte) (blockNumber >>> 8);
        first[salt.length + 3] = (byte) blockNumber;
        byte[] u = new byte[prfLength];
        prf.apply(first, u);
        byte[] t = u.clone();
        for (long j = 1; j < cost; j++) {
            prf.apply(u, u); // the MAC has read all of u before it writes the result
            for (int k = 0; k < t.length; k++) {
                t[k] ^= u[k];
            }
        }
        KdfAlgorithms.zero(u);
        KdfAlgorithms.zero(block);
        block = t;
        bytesUsed = 0;
    }

    @Override
    public void wipe() {
        KdfAlgorithms.zero(salt);
        KdfAlgorithms.zero(block);
        prf = null;
    }
}
