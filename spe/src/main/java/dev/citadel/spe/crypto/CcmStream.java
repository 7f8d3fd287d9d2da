package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-CCM (NIST SP 800-38C, RFC 3610) streamed byte for byte, as Mbed TLS's {@code mbedtls_ccm_update} does once
 * the nonce and the lengths are known: a CBC-MAC over {@code B0}, the length-prefixed padded AD and the padded
 * plaintext, and CTR from counter 1; tag = CBC-MAC xor {@code E(K, A0)}, truncated. Bouncy Castle's
 * {@code CCMBlockCipher} buffers the whole message until the end, which does not fit PSA's size macros for
 * {@code psa_aead_update}.
 */
final class CcmStream implements AeadStream {
    private static final int BLOCK = 16;
    /** Mbed TLS keeps AD below {@code 2^16 - 2^8}, so its length always takes the two-byte form. */
    static final long MAX_AD_LENGTH = 0xFF00 - 1;

    private final BlockCipher aes = AESEngine.newInstance();
    private final boolean encrypt;
    private final int tagLength;
    private final BlockChain mac; // CBC-MAC
    private final byte[] encryptedA0 = new byte[BLOCK];
    private byte[] nonce;
    private long adLength = -1;
    private long textLength;
    private Ctr32 ctr;
    private boolean textStarted;

    CcmStream(byte[] key, boolean encrypt, int tagLength) {
        KeyParameter kp = new KeyParameter(key);
        aes.init(true, kp);
        Arrays.fill(kp.getKey(), (byte) 0);
        this.encrypt = encrypt;
        this.tagLength = tagLength;
        this.mac = new BlockChain(value -> aes.processBlock(value, 0, value, 0));
    }

    /** Whether a message of {@code textLength} bytes fits the counter field left by a nonce of {@code nonceLength}. */
    static boolean fits(int nonceLength, long textLength) {
        int q = 15 - nonceLength;
        return q >= 8 || textLength >>> (8 * q) == 0;
    }

    @Override
    public int setNonce(byte[] nonce) {
        this.nonce = nonce.clone();
        return startIfReady();
    }

    @Override
    public int setLengths(long adLength, long plaintextLength) {
        if (adLength > MAX_AD_LENGTH) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        this.adLength = adLength;
        this.textLength = plaintextLength;
        return startIfReady();
    }

    /** {@code B0} and {@code A0} need both the nonce and the lengths, given in either order. */
    private int startIfReady() {
        if (nonce == null || adLength < 0) {
            return PsaStatus.SUCCESS.value();
        }
        if (!fits(nonce.length, textLength)) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        int q = 15 - nonce.length;
        byte[] b0 = new byte[BLOCK];
        b0[0] = (byte) ((adLength > 0 ? 0x40 : 0) | ((tagLength - 2) / 2) << 3 | (q - 1));
        System.arraycopy(nonce, 0, b0, 1, nonce.length);
        long len = textLength;
        for (int i = BLOCK - 1; i > nonce.length; i--) {
            b0[i] = (byte) len;
            len >>>= 8;
        }
        mac.absorb(b0, 0, BLOCK);
        if (adLength > 0) {
            mac.absorb(new byte[] {(byte) (adLength >>> 8), (byte) adLength}, 0, 2);
        }
        byte[] a = new byte[BLOCK];
        a[0] = (byte) (q - 1);
        System.arraycopy(nonce, 0, a, 1, nonce.length);
        aes.processBlock(a, 0, encryptedA0, 0);
        a[BLOCK - 1] = 1;
        ctr = new Ctr32(aes, a);
        return PsaStatus.SUCCESS.value();
    }

    @Override
    public void updateAd(byte[] ad) {
        mac.absorb(ad, 0, ad.length);
    }

    @Override
    public void update(byte[] in, byte[] out) {
        if (!textStarted) {
            mac.pad();
            textStarted = true;
        }
        if (encrypt) {
            mac.absorb(in, 0, in.length);
            ctr.apply(in, 0, out, 0, in.length);
        } else {
            ctr.apply(in, 0, out, 0, in.length);
            mac.absorb(out, 0, in.length);
        }
    }

    @Override
    public byte[] finish() {
        mac.pad();
        byte[] tag = new byte[tagLength];
        for (int i = 0; i < tagLength; i++) {
            tag[i] = (byte) (mac.value()[i] ^ encryptedA0[i]);
        }
        return tag;
    }

    @Override
    public void destroy() {
        aes.init(true, new KeyParameter(new byte[BLOCK]));
        mac.wipe();
        Arrays.fill(encryptedA0, (byte) 0);
        if (ctr != null) {
            ctr.destroy();
        }
    }



}
