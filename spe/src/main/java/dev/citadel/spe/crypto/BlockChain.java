package dev.citadel.spe.crypto;

import java.util.Arrays;

/**
 * A 16-byte chaining value fed one zero-padded block at a time, the shape GCM's GHASH and CCM's CBC-MAC share:
 * each block is XORed into the value, then {@code step} transforms it (a multiplication by H, or an AES encryption).
 * Input may arrive in pieces of any size; a partial block waits for the next piece or for {@link #pad()}.
 */
final class BlockChain {
    static final int BLOCK = 16;

    /** What follows the XOR of each block: it transforms {@code value} in place. */
    interface Step {
        void apply(byte[] value);
    }

    private final byte[] value = new byte[BLOCK];
    private final byte[] partial = new byte[BLOCK];
    private final Step step;
    private int partialLength;

    BlockChain(Step step) {
        this.step = step;
    }

    /** Feeds {@code data[off, off + len)}. */
    void absorb(byte[] data, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, BLOCK - partialLength);
            System.arraycopy(data, off, partial, partialLength, n);
            partialLength += n;
            off += n;
            len -= n;
            if (partialLength == BLOCK) {
                mix();
            }
        }
    }

    /** Completes a partial block with zeros and feeds it; nothing when none is pending. */
    void pad() {
        if (partialLength > 0) {
            Arrays.fill(partial, partialLength, BLOCK, (byte) 0);
            mix();
        }
    }

    /** The chaining value itself (not a copy): the tag is derived from it. */
    byte[] value() {
        return value;
    }

    void wipe() {
        Arrays.fill(value, (byte) 0);
        Arrays.fill(partial, (byte) 0);
        partialLength = 0;
    }

    private void mix() {
        for (int i = 0; i < BLOCK; i++) {
            value[i] ^= partial[i];
        }
        step.apply(value);
        partialLength = 0;
    }
}
