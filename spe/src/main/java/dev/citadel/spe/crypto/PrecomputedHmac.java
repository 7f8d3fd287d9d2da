package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * HMAC (RFC 2104) with the key's inner and outer pads absorbed once per key, as Mbed TLS and OpenSSL keep them: each
 * computation starts from a copy of the two hash states, so it costs the message's blocks and the final two, not the
 * two pad blocks a freshly keyed {@code javax.crypto.Mac} hashes again after every {@code doFinal}. The digests are
 * the JDK's (see {@link HashAlgorithms}).
 */
final class PrecomputedHmac {
    /** The hash's input block size in bytes (RFC 2104's B); SHA-3's is its rate. */
    private static final Map<Algorithm, Integer> BLOCK_SIZES = Map.of(
            Algorithm.SHA_1, 64, Algorithm.SHA_224, 64, Algorithm.SHA_256, 64,
            Algorithm.SHA_384, 128, Algorithm.SHA_512, 128,
            Algorithm.SHA3_224, 144, Algorithm.SHA3_256, 136, Algorithm.SHA3_384, 104, Algorithm.SHA3_512, 72);

    private final MessageDigest innerStart;
    private final MessageDigest outerStart;

    private PrecomputedHmac(MessageDigest innerStart, MessageDigest outerStart) {
        this.innerStart = innerStart;
        this.outerStart = outerStart;
    }

    /** Whether {@code hash} has a known block size and a digest here. */
    static boolean supports(Algorithm hash) {
        return BLOCK_SIZES.containsKey(hash) && HashAlgorithms.check(hash) == 0;
    }

    /** Keys an HMAC over {@code hash} ({@link #supports} holds); the caller zeroes {@code key}. */
    static PrecomputedHmac keyed(Algorithm hash, byte[] key) {
        int blockSize = BLOCK_SIZES.get(hash);
        byte[] block = new byte[blockSize];
        if (key.length > blockSize) {
            byte[] hashed = HashAlgorithms.newDigest(hash).digest(key);
            System.arraycopy(hashed, 0, block, 0, hashed.length);
            Arrays.fill(hashed, (byte) 0);
        } else {
            System.arraycopy(key, 0, block, 0, key.length);
        }
        byte[] pad = new byte[blockSize];
        for (int i = 0; i < blockSize; i++) {
            pad[i] = (byte) (block[i] ^ 0x36);
        }
        MessageDigest inner = HashAlgorithms.newDigest(hash);
        inner.update(pad);
        for (int i = 0; i < blockSize; i++) {
            pad[i] = (byte) (block[i] ^ 0x5c);
        }
        MessageDigest outer = HashAlgorithms.newDigest(hash);
        outer.update(pad);
        Arrays.fill(pad, (byte) 0);
        Arrays.fill(block, (byte) 0);
        return new PrecomputedHmac(inner, outer);
    }

    /** A fresh computation under this key. */
    MacAlgorithms.Engine start() {
        MessageDigest inner = copy(innerStart);
        return new MacAlgorithms.Engine() {
            @Override
            public void update(byte[] data, int off, int len) {
                inner.update(data, off, len);
            }

            @Override
            public byte[] doFinal() {
                byte[] innerHash = inner.digest();
                MessageDigest outer = copy(outerStart);
                outer.update(innerHash);
                return outer.digest();
            }
        };
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's digests are cloneable", e);
        }
    }
}
