package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * ChaCha20-Poly1305 (RFC 8439 §2.8) streamed byte for byte: the one-time Poly1305 key is block 0 of the ChaCha20
 * keystream, the data is XORed from block 1, and the MAC covers the padded AD, the padded ciphertext and both lengths.
 * Bouncy Castle's {@code ChaCha20Poly1305} releases output in 64-byte blocks; its engine and MAC stream exactly.
 */
final class ChaChaPolyStream implements AeadStream {
    private final byte[] key;
    private final boolean encrypt;
    private final ChaCha7539Engine engine = new ChaCha7539Engine();
    private final Poly1305 poly = new Poly1305();
    private long adLength;
    private long textLength;
    private boolean textStarted;

    ChaChaPolyStream(byte[] key, boolean encrypt) {
        this.key = key.clone();
        this.encrypt = encrypt;
    }

    @Override
    public int setNonce(byte[] nonce) {
        if (nonce.length != 12) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        KeyParameter kp = new KeyParameter(key);
        engine.init(true, new ParametersWithIV(kp, nonce));
        Arrays.fill(kp.getKey(), (byte) 0);
        byte[] block0 = new byte[64];
        engine.processBytes(block0, 0, 64, block0, 0);
        KeyParameter polyKey = new KeyParameter(block0, 0, 32);
        poly.init(polyKey);
        Arrays.fill(polyKey.getKey(), (byte) 0);
        Arrays.fill(block0, (byte) 0);
        Arrays.fill(key, (byte) 0);
        return PsaStatus.SUCCESS.value();
    }

    @Override
    public int setLengths(long adLength, long plaintextLength) {
        return PsaStatus.SUCCESS.value();
    }

    @Override
    public void updateAd(byte[] ad) {
        poly.update(ad, 0, ad.length);
        adLength += ad.length;
    }

    @Override
    public void update(byte[] in, byte[] out) {
        if (!textStarted) {
            pad(adLength);
            textStarted = true;
        }
        if (encrypt) {
            engine.processBytes(in, 0, in.length, out, 0);
            poly.update(out, 0, in.length);
        } else {
            poly.update(in, 0, in.length);
            engine.processBytes(in, 0, in.length, out, 0);
        }
        textLength += in.length;
    }

    @Override
    public byte[] finish() {
        if (!textStarted) {
            pad(adLength);
        }
        pad(textLength);
        byte[] lengths = new byte[16];
        putLongLe(lengths, 0, adLength);
        putLongLe(lengths, 8, textLength);
        poly.update(lengths, 0, 16);
        byte[] tag = new byte[16];
        poly.doFinal(tag, 0);
        return tag;
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        engine.init(true, new ParametersWithIV(new KeyParameter(new byte[32]), new byte[12]));
        poly.init(new KeyParameter(new byte[32]));
    }

    private void pad(long length) {
        int rem = (int) (length % 16);
        if (rem != 0) {
            poly.update(new byte[16 - rem], 0, 16 - rem);
        }
    }

    private static void putLongLe(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
