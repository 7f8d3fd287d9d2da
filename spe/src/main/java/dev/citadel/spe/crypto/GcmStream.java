package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-GCM (NIST SP 800-38D) streamed byte for byte: CTR with {@code inc32} from {@code inc32(J0)}, GHASH over the
 * padded AD, the padded ciphertext and the length block, tag = {@code E(K, J0) xor GHASH}. Bouncy Castle's
 * {@code GCMBlockCipher} holds back a block (and, decrypting, a tag's worth) of output, which does not fit PSA's
 * size macros for {@code psa_aead_update}; the primitives here are its AES engine and GHASH multiplier.
 */
final class GcmStream implements AeadStream {
    private static final int BLOCK = 16;

    private final BlockCipher aes = AESEngine.newInstance();
    private final GCMMultiplier multiplier = new Tables4kGCMMultiplier();
    private final boolean encrypt;
    private final int tagLength;
    private final BlockChain hash; // GHASH
    private final byte[] encryptedJ0 = new byte[BLOCK];
    private Ctr32 ctr;
    private long adLength;
    private long textLength;
    private boolean textStarted;

    GcmStream(byte[] key, boolean encrypt, int tagLength) {
        KeyParameter kp = new KeyParameter(key);
        aes.init(true, kp);
        Arrays.fill(kp.getKey(), (byte) 0);
        this.encrypt = encrypt;
        this.tagLength = tagLength;
        byte[] h = new byte[BLOCK];
        aes.processBlock(h, 0, h, 0);
        multiplier.init(h);
        Arrays.fill(h, (byte) 0);
        this.hash = new BlockChain(multiplier::multiplyH);
    }

    @Override
    public int setNonce(byte[] nonce) {
        byte[] j0;
        if (nonce.length == 12) {
            j0 = Arrays.copyOf(nonce, BLOCK);
            j0[BLOCK - 1] = 1;
        } else {
            hash.absorb(nonce, 0, nonce.length);
            hash.pad();
            byte[] lengths = new byte[BLOCK];
            putLong(lengths, 8, (long) nonce.length * 8);
            hash.absorb(lengths, 0, BLOCK);
            j0 = hash.value().clone();
            hash.wipe(); // GHASH starts again for the message
        }
        aes.processBlock(j0, 0, encryptedJ0, 0);
        Ctr32.increment(j0);
        ctr = new Ctr32(aes, j0);
        Arrays.fill(j0, (byte) 0);
        return PsaStatus.SUCCESS.value();
    }

    @Override
    public int setLengths(long adLength, long plaintextLength) {
        return PsaStatus.SUCCESS.value(); // GCM needs no lengths; u32 lengths are all within its limits
    }

    @Override
    public void updateAd(byte[] ad) {
        hash.absorb(ad, 0, ad.length);
        adLength += ad.length;
    }

    @Override
    public void update(byte[] in, byte[] out) {
        if (!textStarted) {
            hash.pad();
            textStarted = true;
        }
        if (encrypt) {
            ctr.apply(in, 0, out, 0, in.length);
            hash.absorb(out, 0, in.length);
        } else {
            hash.absorb(in, 0, in.length);
            ctr.apply(in, 0, out, 0, in.length);
        }
        textLength += in.length;
    }

    @Override
    public byte[] finish() {
        hash.pad();
        byte[] lengths = new byte[BLOCK];
        putLong(lengths, 0, adLength * 8);
        putLong(lengths, 8, textLength * 8);
        hash.absorb(lengths, 0, BLOCK);
        byte[] tag = new byte[tagLength];
        for (int i = 0; i < tagLength; i++) {
            tag[i] = (byte) (hash.value()[i] ^ encryptedJ0[i]);
        }
        return tag;
    }

    @Override
    public void destroy() {
        aes.init(true, new KeyParameter(new byte[BLOCK])); // overwrites the expanded key
        multiplier.init(new byte[BLOCK]);
        hash.wipe();
        Arrays.fill(encryptedJ0, (byte) 0);
        if (ctr != null) {
            ctr.destroy();
        }
    }




    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
