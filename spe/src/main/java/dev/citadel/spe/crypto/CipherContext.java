package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.Arrays;

/**
 * One cipher pass over a message, with Mbed TLS's buffering ({@code mbedtls_cipher_update}/{@code _finish}): block
 * modes output only whole blocks and keep the rest for later, PKCS#7 decryption also keeps back the last whole block
 * (it may be the padding), stream modes output every byte at once. Used by both the one-shot and the multi-part
 * functions, so both give the same bytes and sizes.
 */
final class CipherContext {
    private final CipherAlgorithms.Mode mode;
    private final boolean encrypt;
    private final CipherAlgorithms.Engine engine;
    private final byte[] pending;
    private int pendingLength;

    CipherContext(CipherAlgorithms.Mode mode, boolean encrypt, CipherAlgorithms.Engine engine) {
        this.mode = mode;
        this.encrypt = encrypt;
        this.engine = engine;
        this.pending = new byte[mode.blockSize];
    }

    /**
     * The output space an update of {@code inputLength} bytes needs ({@code mbedtls_psa_cipher_update}'s check):
     * every whole block of what is pending plus the input, or the input itself for a stream mode. PKCS#7 decryption
     * may then write one block less.
     */
    int updateOutputSize(int inputLength) {
        if (mode.blockSize == 1) {
            return inputLength;
        }
        return (pendingLength + inputLength) / mode.blockSize * mode.blockSize;
    }

    /** Processes {@code input}; the caller checked {@link #updateOutputSize}. */
    byte[] update(byte[] input, int off, int len) {
        int block = mode.blockSize;
        long total = (long) pendingLength + len;
        int hold;
        if (mode.pkcs7 && !encrypt) {
            hold = total == 0 ? 0 : (int) ((total - 1) % block) + 1;
        } else {
            hold = (int) (total % block);
        }
        int process = (int) (total - hold);
        byte[] out = new byte[process];
        byte[] joined = new byte[process];
        int fromPending = Math.min(pendingLength, process);
        System.arraycopy(pending, 0, joined, 0, fromPending);
        System.arraycopy(input, off, joined, fromPending, process - fromPending);
        if (process > 0) {
            engine.process(joined, 0, process, out, 0);
        }
        // What is held: the unused tail of pending, then the unused tail of input.
        byte[] keep = new byte[hold];
        int pendingLeft = pendingLength - fromPending;
        System.arraycopy(pending, fromPending, keep, 0, pendingLeft);
        System.arraycopy(input, off + (process - fromPending), keep, pendingLeft, hold - pendingLeft);
        Arrays.fill(pending, (byte) 0);
        System.arraycopy(keep, 0, pending, 0, hold);
        pendingLength = hold;
        Arrays.fill(joined, (byte) 0);
        Arrays.fill(keep, (byte) 0);
        return out;
    }

    /** The result of {@link #finish}: a status and, on success, the last bytes of output. */
    static final class Finished {
        final int status;
        final byte[] output;

        private Finished(int status, byte[] output) {
            this.status = status;
            this.output = output;
        }

        static Finished failed(PsaStatus status) {
            return new Finished(status.value(), null);
        }

        static Finished ok(byte[] output) {
            return new Finished(PsaStatus.SUCCESS.value(), output);
        }
    }

    /**
     * Ends the pass ({@code mbedtls_psa_cipher_finish}): a partial block without padding is
     * {@code INVALID_ARGUMENT}; PKCS#7 encryption pads and outputs one block; PKCS#7 decryption needs exactly one held
     * block ({@code INVALID_ARGUMENT} otherwise) and checks its padding ({@code INVALID_PADDING}).
     */
    Finished finish() {
        int block = mode.blockSize;
        if (!mode.pkcs7) {
            return pendingLength == 0 ? Finished.ok(new byte[0]) : Finished.failed(PsaStatus.INVALID_ARGUMENT);
        }
        byte[] in = new byte[block];
        byte[] out = new byte[block];
        try {
            if (encrypt) {
                int pad = block - pendingLength;
                System.arraycopy(pending, 0, in, 0, pendingLength);
                Arrays.fill(in, pendingLength, block, (byte) pad);
                engine.process(in, 0, block, out, 0);
                return Finished.ok(out.clone());
            }
            if (pendingLength != block) {
                return Finished.failed(PsaStatus.INVALID_ARGUMENT);
            }
            engine.process(pending, 0, block, out, 0);
            int padLength = validPkcs7Padding(out);
            if (padLength == 0) {
                return Finished.failed(PsaStatus.INVALID_PADDING);
            }
            return Finished.ok(Arrays.copyOf(out, block - padLength));
        } finally {
            Arrays.fill(in, (byte) 0);
            Arrays.fill(out, (byte) 0);
            Arrays.fill(pending, (byte) 0);
            pendingLength = 0;
        }
    }

    /**
     * The PKCS#7 padding length of a decrypted last block, or 0 if the padding is bad. Reads every byte whatever the
     * padding, so that the time taken does not depend on where the padding goes wrong.
     */
    static int validPkcs7Padding(byte[] block) {
        int n = block.length;
        int pad = block[n - 1] & 0xff;
        int bad = ((pad - 1) >>> 31) | (((n - pad) >>> 31)); // pad == 0, or pad > n
        for (int i = 0; i < n; i++) {
            int inPadding = ((n - 1 - i) - pad) >>> 31; // 1 when i >= n - pad
            bad |= inPadding & (((block[i] & 0xff) ^ pad) == 0 ? 0 : 1);
        }
        return bad == 0 ? pad : 0;
    }

    /** Forgets any held input. */
    void wipe() {
        Arrays.fill(pending, (byte) 0);
        pendingLength = 0;
    }
}
