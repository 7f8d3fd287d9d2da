package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyType;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.modes.OFBBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The one table from PSA unauthenticated ciphers to the backends that compute them. AES in ECB, CBC and CTR runs on
 * the JDK; CFB-128, OFB and ChaCha20 on Bouncy Castle's lightweight API, whose stream ciphers output every byte at
 * once (the JDK's CFB buffers partial blocks) and whose ChaCha20 takes PSA's 12-byte nonce with counter 0 and allows
 * the same key and nonce again (the JDK's refuses reuse). Padding and partial blocks are not the backends' business:
 * {@link CipherContext} buffers and pads so that every call gives Mbed TLS's output sizes.
 */
final class CipherAlgorithms {
    private CipherAlgorithms() {}

    /** A cipher mode on a given key type: its block size, IV length and padding. */
    enum Mode {
        AES_ECB(16, 0, false),
        AES_CBC_NO_PADDING(16, 16, false),
        AES_CBC_PKCS7(16, 16, true),
        AES_CTR(1, 16, false),
        AES_CFB(1, 16, false),
        AES_OFB(1, 16, false),
        /** {@code PSA_ALG_STREAM_CIPHER} with a ChaCha20 key: RFC 8439, 12-byte nonce, block counter from 0. */
        CHACHA20(1, 12, false);

        /** The unit the mode processes: 16 for ECB and CBC, 1 for the stream modes. */
        final int blockSize;
        /** {@code PSA_CIPHER_IV_LENGTH}: the one IV length accepted; 0 when the mode takes none. */
        final int ivLength;
        final boolean pkcs7;

        Mode(int blockSize, int ivLength, boolean pkcs7) {
            this.blockSize = blockSize;
            this.ivLength = ivLength;
            this.pkcs7 = pkcs7;
        }
    }

    private static final Map<Algorithm, Mode> AES_MODES = Map.of(
            Algorithm.ECB_NO_PADDING, Mode.AES_ECB,
            Algorithm.CBC_NO_PADDING, Mode.AES_CBC_NO_PADDING,
            Algorithm.CBC_PKCS7, Mode.AES_CBC_PKCS7,
            Algorithm.CTR, Mode.AES_CTR,
            Algorithm.CFB, Mode.AES_CFB,
            Algorithm.OFB, Mode.AES_OFB);

    /**
     * The mode computing {@code alg} with a key of {@code keyType}, or {@code null} when this backend lacks the
     * combination (Mbed TLS's {@code mbedtls_cipher_info_from_psa} finding nothing: {@code NOT_SUPPORTED}). XTS and
     * CCM* without tag are among those.
     */
    static Mode mode(Algorithm alg, KeyType keyType) {
        if (keyType.equals(KeyType.AES)) {
            return AES_MODES.get(alg);
        }
        if (keyType.equals(KeyType.CHACHA20) && alg.equals(Algorithm.STREAM_CIPHER)) {
            return Mode.CHACHA20;
        }
        return null;
    }

    /** Encrypts or decrypts whole units of the mode (any length for the stream modes), keeping its chaining state. */
    interface Engine {
        /** @return the bytes written, always {@code len} */
        int process(byte[] in, int off, int len, byte[] out, int outOff);
    }

    /**
     * A keyed engine. The caller zeroes its own {@code key} array afterwards.
     *
     * @param iv exactly {@link Mode#ivLength} bytes (ignored for ECB)
     */
    static Engine newEngine(Mode mode, boolean encrypt, byte[] key, byte[] iv) {
        switch (mode) {
            case AES_ECB:
                return jdk("AES/ECB/NoPadding", encrypt, key, null);
            case AES_CBC_NO_PADDING:
            case AES_CBC_PKCS7:
                return jdk("AES/CBC/NoPadding", encrypt, key, iv);
            case AES_CTR:
                return jdk("AES/CTR/NoPadding", encrypt, key, iv);
            case AES_CFB:
                return bc(new CFBBlockCipher(AESEngine.newInstance(), 128), encrypt, key, iv);
            case AES_OFB:
                return bc(new OFBBlockCipher(AESEngine.newInstance(), 128), encrypt, key, iv);
            case CHACHA20:
                return bc(new ChaCha7539Engine(), encrypt, key, iv);
            default:
                throw new IllegalArgumentException("no engine for " + mode);
        }
    }

    private static Engine jdk(String transformation, boolean encrypt, byte[] key, byte[] iv) {
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(transformation);
            int opmode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            if (iv == null) {
                cipher.init(opmode, spec);
            } else {
                cipher.init(opmode, spec, new IvParameterSpec(iv));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused " + transformation, e);
        }
        return (in, off, len, out, outOff) -> {
            try {
                int n = cipher.update(in, off, len, out, outOff);
                if (n != len) {
                    throw new IllegalStateException(transformation + " buffered input: " + n + " of " + len);
                }
                return n;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(transformation + " failed", e);
            }
        };
    }

    private static Engine bc(StreamCipher cipher, boolean encrypt, byte[] key, byte[] iv) {
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, off, len, out, outOff) -> cipher.processBytes(in, off, len, out, outOff);
    }
}
