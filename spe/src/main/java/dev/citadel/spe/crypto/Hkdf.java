package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import javax.crypto.Mac;

/**
 * HKDF (RFC 5869) and its two halves, with Mbed TLS's input order: SALT (optional for HKDF, required for
 * HKDF-Extract, refused by HKDF-Expand) before SECRET; INFO at any time before output (required by HKDF and
 * HKDF-Expand, refused by HKDF-Extract), once. HKDF-Expand takes the PRK as its SECRET, exactly one hash long.
 */
final class Hkdf implements Kdf {
    enum Mode {
        FULL,
        EXTRACT,
        EXPAND
    }

    private enum State {
        INIT,
        STARTED, // salt in
        KEYED, // PRK computed
        OUTPUT
    }

    private final Algorithm hash;
    private final Mode mode;
    private final int hashLength;
    private State state = State.INIT;
    private Mac extract; // keyed with the salt while STARTED
    private byte[] prk;
    private byte[] info;
    private boolean infoSet;
    private int blockNumber;
    private byte[] block = new byte[0];
    private int offsetInBlock;
    private Mac expand; // keyed with the PRK from the first output block on

    Hkdf(Algorithm hash, Mode mode) {
        this.hash = hash;
        this.mode = mode;
        this.hashLength = CryptoSizes.hashLength(hash);
    }

    @Override
    public int input(KeyDerivationStep step, byte[] data) {
        switch (step) {
            case SALT:
                if (mode == Mode.EXPAND) {
                    return INVALID_ARGUMENT;
                }
                if (state != State.INIT) {
                    return BAD_STATE;
                }
                extract = KdfAlgorithms.hmac(hash, data);
                state = State.STARTED;
                return SUCCESS;
            case SECRET:
                return secret(data);
            case INFO:
                if (mode == Mode.EXTRACT) {
                    return INVALID_ARGUMENT;
                }
                if ((mode == Mode.EXPAND && state == State.INIT) || state == State.OUTPUT || infoSet) {
                    return BAD_STATE;
                }
                info = data.clone();
                infoSet = true;
                return SUCCESS;
            default:
                return INVALID_ARGUMENT;
        }
    }

    private int secret(byte[] data) {
        if (mode == Mode.EXPAND) {
            if (state != State.INIT) {
                return BAD_STATE;
            }
            if (data.length != hashLength) {
                return INVALID_ARGUMENT;
            }
            prk = data.clone();
        } else {
            if (state == State.INIT) {
                if (mode == Mode.EXTRACT) {
                    return BAD_STATE; // HKDF-Extract has no default salt
                }
                extract = KdfAlgorithms.hmac(hash, new byte[0]);
                state = State.STARTED;
            }
            if (state != State.STARTED) {
                return BAD_STATE;
            }
            prk = extract.doFinal(data);
            extract = null;
        }
        state = State.KEYED;
        blockNumber = 0;
        if (mode == Mode.EXTRACT) {
            block = prk.clone(); // the PRK is the only output
            offsetInBlock = 0;
        } else {
            offsetInBlock = hashLength; // block 0 is empty: the first read computes T(1)
        }
        return SUCCESS;
    }

    @Override
    public int read(byte[] out) {
        if (state.ordinal() < State.KEYED.ordinal() || (!infoSet && mode != Mode.EXTRACT)) {
            return BAD_STATE;
        }
        state = State.OUTPUT;
        int done = 0;
        while (done < out.length) {
            if (offsetInBlock == hashLength) {
                if (mode == Mode.EXTRACT || blockNumber == 255) {
                    return BAD_STATE; // beyond the capacity, which the operation already refused
                }
                nextBlock();
            }
            int n = Math.min(hashLength - offsetInBlock, out.length - done);
            System.arraycopy(block, offsetInBlock, out, done, n);
            offsetInBlock += n;
            done += n;
        }
        return SUCCESS;
    }

    /** T(i) = HMAC(PRK, T(i-1) | info | i). */
    private void nextBlock() {
        blockNumber++;
        if (expand == null) {
            expand = KdfAlgorithms.hmac(hash, prk);
        }
        Mac mac = expand;
        if (blockNumber > 1) {
            mac.update(block);
        }
        mac.update(info == null ? new byte[0] : info);
        mac.update((byte) blockNumber);
        byte[] next = mac.doFinal();
        KdfAlgorithms.zero(block);
        block = next;
        offsetInBlock = 0;
    }

    @Override
    public void wipe() {
        KdfAlgorithms.zero(prk);
        KdfAlgorithms.zero(block);
        KdfAlgorithms.zero(info);
        extract = null;
        expand = null;
        prk = null;
    }
}
