package dev.citadel.spe.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;

/**
 * Counter-mode keystream over a 16-byte block cipher whose counter is the last 32 bits of the block (GCM's
 * {@code inc32}). CCM's counter field is at least 2 bytes and never carries out of it for the message lengths CCM
 * admits, so the same increment serves it.
 */
final class Ctr32 {
    private final BlockCipher cipher;
    private final byte[] counter;
    private final byte[] keystream = new byte[16];
    private int used = 16;

    /** @param first the counter block of the first keystream block; copied */
    Ctr32(BlockCipher cipher, byte[] first) {
        this.cipher = cipher;
        this.counter = first.clone();
    }

    /** XORs {@code len} bytes of {@code in} from {@code inOff} with the keystream into {@code out} at {@code outOff}. */
    void apply(byte[] in, int inOff, byte[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            if (used == 16) {
                cipher.processBlock(counter, 0, keystream, 0);
                increment(counter);
                used = 0;
            }
            out[outOff + i] = (byte) (in[inOff + i] ^ keystream[used++]);
        }
    }

    void destroy() {
        Arrays.fill(keystream, (byte) 0);
        Arrays.fill(counter, (byte) 0);
    }

    /** {@code inc32}: the last four bytes as a big-endian counter, modulo 2^32. */
    static void increment(byte[] block) {
        for (int i = 15; i >= 12; i--) {
            if (++block[i] != 0) {
                return;
            }
        }
    }
}
