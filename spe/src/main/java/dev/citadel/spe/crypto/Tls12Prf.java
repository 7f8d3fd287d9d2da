package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import java.io.ByteArrayOutputStream;
import javax.crypto.Mac;

/**
 * The TLS 1.2 PRF (RFC 5246 §5, {@code P_hash(secret, label | seed)}) and TLS 1.2 PSK-to-MS, in Mbed TLS's order:
 * SEED, then (PSK-to-MS only, optional) OTHER_SECRET, then SECRET, then LABEL, each once. PSK-to-MS turns the PSK
 * (at most {@value #PSK_MAX_SIZE} bytes) and the other secret into the premaster secret of RFC 4279 §2 (pure PSK:
 * N zero bytes as other secret) or RFC 4279 §3-4 / RFC 5489 (an other secret given).
 */
final class Tls12Prf implements Kdf {
    /** {@code PSA_TLS12_PSK_TO_MS_PSK_MAX_SIZE}. */
    static final int PSK_MAX_SIZE = 128;
    /** Mbed TLS counts output blocks in a byte and stops after block 255, whatever the capacity says. */
    private static final int LAST_BLOCK = 255;

    private enum State {
        INIT,
        SEED_SET,
        OTHER_KEY_SET,
        KEY_SET,
        LABEL_SET,
        OUTPUT
    }

    private final Algorithm hash;
    private final boolean pskToMs;
    private final int hashLength;
    private State state = State.INIT;
    private byte[] seed = new byte[0];
    private byte[] otherSecret = new byte[0];
    private byte[] label = new byte[0];
    private Mac hmac; // keyed with the secret
    private byte[] a; // A(i)
    private byte[] block = new byte[0];
    private int blockNumber;
    private int leftInBlock;

    Tls12Prf(Algorithm hash, boolean pskToMs) {
        this.hash = hash;
        this.pskToMs = pskToMs;
        this.hashLength = CryptoSizes.hashLength(hash);
    }

    @Override
    public int input(KeyDerivationStep step, byte[] data) {
        switch (step) {
            case SEED:
                if (state != State.INIT) {
                    return BAD_STATE;
                }
                seed = data.clone();
                state = State.SEED_SET;
                return SUCCESS;
            case OTHER_SECRET:
                if (!pskToMs) {
                    return INVALID_ARGUMENT;
                }
                if (state != State.SEED_SET) {
                    return BAD_STATE;
                }
                otherSecret = data.clone();
                state = State.OTHER_KEY_SET;
                return SUCCESS;
            case SECRET:
                if (!pskToMs) {
                    return setKey(data);
                }
                if (data.length > PSK_MAX_SIZE) {
                    return INVALID_ARGUMENT; // judged before the state, as Mbed TLS builds the premaster secret first
                }
                byte[] pms = premasterSecret(data);
                try {
                    return setKey(pms);
                } finally {
                    KdfAlgorithms.zero(pms);
                }
            case LABEL:
                if (state != State.KEY_SET) {
                    return BAD_STATE;
                }
                label = data.clone();
                state = State.LABEL_SET;
                return SUCCESS;
            default:
                return INVALID_ARGUMENT;
        }
    }

    private int setKey(byte[] secret) {
        if (state != State.SEED_SET && state != State.OTHER_KEY_SET) {
            return BAD_STATE;
        }
        hmac = KdfAlgorithms.hmac(hash, secret);
        KdfAlgorithms.zero(otherSecret);
        state = State.KEY_SET;
        return SUCCESS;
    }

    /** uint16 length | other secret (or as many zeros as the PSK) | uint16 length | PSK. */
    private byte[] premasterSecret(byte[] psk) {
        byte[] other = state == State.OTHER_KEY_SET ? otherSecret : new byte[psk.length];
        ByteArrayOutputStream b = new ByteArrayOutputStream(4 + other.length + psk.length);
        b.write(other.length >>> 8);
        b.write(other.length);
        b.writeBytes(other);
        b.write(psk.length >>> 8);
        b.write(psk.length);
        b.writeBytes(psk);
        return b.toByteArray();
    }

    @Override
    public int read(byte[] out) {
        if (state != State.LABEL_SET && state != State.OUTPUT) {
            return BAD_STATE;
        }
        state = State.OUTPUT;
        int done = 0;
        while (done < out.length) {
            if (leftInBlock == 0) {
                if (blockNumber == LAST_BLOCK) {
                    return CORRUPTION_DETECTED;
                }
                nextBlock();
            }
            int n = Math.min(leftInBlock, out.length - done);
            System.arraycopy(block, hashLength - leftInBlock, out, done, n);
            leftInBlock -= n;
            done += n;
        }
        return SUCCESS;
    }

    /** A(1) = HMAC(label | seed), A(i) = HMAC(A(i-1)); block i = HMAC(A(i) | label | seed). */
    private void nextBlock() {
        blockNumber++;
        if (blockNumber == 1) {
            hmac.update(label);
            hmac.update(seed);
        } else {
            hmac.update(a);
        }
        KdfAlgorithms.zero(a);
        a = hmac.doFinal();
        hmac.update(a);
        hmac.update(label);
        hmac.update(seed);
        KdfAlgorithms.zero(block);
        block = hmac.doFinal();
        leftInBlock = hashLength;
    }

    @Override
    public void wipe() {
        KdfAlgorithms.zero(seed);
        KdfAlgorithms.zero(otherSecret);
        KdfAlgorithms.zero(label);
        KdfAlgorithms.zero(a);
        KdfAlgorithms.zero(block);
        hmac = null;
    }
}
