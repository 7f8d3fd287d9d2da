package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyType;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The one table from PSA AEAD algorithms to their backends, with the algorithm-specific rules of Mbed TLS 3.6's
 * {@code psa_crypto.c} and {@code psa_crypto_aead.c}.
 *
 * <ul>
 *   <li>One-shot AES-GCM with a 12..16-byte tag: the JDK's {@code AES/GCM/NoPadding} (the fast path); with a 4..11-byte
 *       tag, which the JDK refuses: Bouncy Castle's {@code GCMBlockCipher}.
 *   <li>One-shot AES-CCM: Bouncy Castle's {@code CCMBlockCipher}. One-shot ChaCha20-Poly1305: Bouncy Castle's
 *       {@code ChaCha20Poly1305}.
 *   <li>Multi-part: {@link GcmStream}, {@link CcmStream}, {@link ChaChaPolyStream}, which stream exactly as Mbed TLS
 *       does.
 * </ul>
 */
final class AeadAlgorithms {
    private AeadAlgorithms() {}

    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final int INVALID_SIGNATURE = PsaStatus.INVALID_SIGNATURE.value();
    /** The shortest GCM tag the JDK computes. */
    private static final int JDK_GCM_MIN_TAG = 12;

    /** The AEAD constructions, keyed by {@code PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG}. */
    enum Mode {
        GCM,
        CCM,
        CHACHA20_POLY1305
    }

    private static final Map<Algorithm, Mode> MODES = Map.of(
            Algorithm.GCM, Mode.GCM,
            Algorithm.CCM, Mode.CCM,
            Algorithm.CHACHA20_POLY1305, Mode.CHACHA20_POLY1305);

    /** The construction of an AEAD request, or null for one this partition lacks (XChaCha20-Poly1305, ...). */
    static Mode modeOf(Algorithm alg) {
        return alg.isAead() ? MODES.get(alg.aeadWithDefaultTag()) : null;
    }

    /** {@code psa_aead_check_algorithm}: an AEAD that is not a policy wildcard, else {@code INVALID_ARGUMENT}. */
    static int checkAlgorithm(Algorithm alg) {
        return alg.isAead() && !alg.isWildcard() ? SUCCESS : INVALID_ARGUMENT;
    }

    /**
     * {@code psa_aead_check_nonce_length}: GCM at least 1 byte, CCM 7..13, ChaCha20-Poly1305 12 ({@code NOT_SUPPORTED}
     * for 8, its original nonce size); another AEAD is {@code NOT_SUPPORTED}.
     */
    static int checkNonceLength(Algorithm alg, long length) {
        Mode mode = modeOf(alg);
        if (mode == null) {
            return NOT_SUPPORTED;
        }
        switch (mode) {
            case GCM:
                return length != 0 ? SUCCESS : INVALID_ARGUMENT;
            case CCM:
                return length >= 7 && length <= 13 ? SUCCESS : INVALID_ARGUMENT;
            default:
                return length == 12 ? SUCCESS : length == 8 ? NOT_SUPPORTED : INVALID_ARGUMENT;
        }
    }

    /**
     * {@code psa_validate_tag_length}, which only multi-part setup applies: CCM 4, 6, ..., 16; GCM 4, 8, 12..16;
     * ChaCha20-Poly1305 16; any other AEAD {@code NOT_SUPPORTED}.
     */
    static int checkMultiPartTagLength(Algorithm alg) {
        Mode mode = modeOf(alg);
        if (mode == null) {
            return NOT_SUPPORTED;
        }
        int tag = alg.aeadTagLength();
        switch (mode) {
            case CCM:
                return tag >= 4 && tag <= 16 && tag % 2 == 0 ? SUCCESS : INVALID_ARGUMENT;
            case GCM:
                return tag == 4 || tag == 8 || (tag >= 12 && tag <= 16) ? SUCCESS : INVALID_ARGUMENT;
            default:
                return tag == 16 ? SUCCESS : INVALID_ARGUMENT;
        }
    }

    /**
     * The key-type check of the built-in driver's setup ({@code mbedtls_cipher_values_from_psa}): AES for GCM and CCM,
     * ChaCha20 for ChaCha20-Poly1305, else {@code NOT_SUPPORTED}; and, for one-shot ChaCha20-Poly1305, a 16-byte tag
     * ({@code NOT_SUPPORTED} otherwise).
     */
    static int checkKey(Mode mode, KeyType type, Algorithm alg) {
        if (mode == Mode.CHACHA20_POLY1305) {
            if (!type.equals(KeyType.CHACHA20)) {
                return NOT_SUPPORTED;
            }
            return alg.aeadTagLength() == 16 ? SUCCESS : NOT_SUPPORTED;
        }
        return type.equals(KeyType.AES) ? SUCCESS : NOT_SUPPORTED;
    }

    /**
     * The tag and length rules the block-cipher modes apply during a one-shot call: GCM tags of 4..16 bytes
     * ({@code mbedtls_gcm_finish}); CCM tags of 4, 6, ..., 16 bytes, AD below {@code 0xFF00} bytes and a message that
     * fits the counter field the nonce leaves ({@code mbedtls_ccm_set_lengths} and its first block). All
     * {@code INVALID_ARGUMENT}.
     */
    static int checkOneShot(Mode mode, int tagLength, int nonceLength, int adLength, int textLength) {
        switch (mode) {
            case GCM:
                return tagLength >= 4 && tagLength <= 16 ? SUCCESS : INVALID_ARGUMENT;
            case CCM:
                if (tagLength < 4 || tagLength > 16 || tagLength % 2 != 0) {
                    return INVALID_ARGUMENT;
                }
                if (adLength > CcmStream.MAX_AD_LENGTH || !CcmStream.fits(nonceLength, textLength)) {
                    return INVALID_ARGUMENT;
                }
                return SUCCESS;
            default:
                return SUCCESS;
        }
    }

    /**
     * One-shot encryption of {@code plaintext[pOff, pOff + pLen)} into {@code out} from {@code outOff} (ciphertext then
     * tag: exactly {@code pLen + tagLength} bytes), after every check above has passed. The regions may be the
     * caller's own vectors, read and written in place.
     */
    static void encrypt(Mode mode, byte[] key, int tagLength, byte[] nonce, byte[] ad, byte[] plaintext, int pOff,
            int pLen, byte[] out, int outOff) {
        try {
            if (mode == Mode.GCM && tagLength >= JDK_GCM_MIN_TAG) {
                Cipher c = jdkGcm(Cipher.ENCRYPT_MODE, key, tagLength, nonce, ad);
                c.doFinal(plaintext, pOff, pLen, out, outOff);
                return;
            }
            KeyParameter kp = new KeyParameter(key);
            try {
                AEADCipher c = bc(mode, true, kp, tagLength, nonce, ad);
                int n = c.processBytes(plaintext, pOff, pLen, out, outOff);
                c.doFinal(out, outOff + n);
            } finally {
                Arrays.fill(kp.getKey(), (byte) 0);
            }
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            throw new IllegalStateException("AEAD encryption failed after its checks passed", e);
        }
    }

    /**
     * One-shot decryption of {@code ciphertext[cOff, cOff + cLen)} (data then tag) into {@code out} from
     * {@code outOff}, which has room for the data.
     *
     * @return {@code PSA_SUCCESS}, or {@code PSA_ERROR_INVALID_SIGNATURE} if the tag does not match (then the data's
     *     room in {@code out} is zeroed)
     */
    static int decrypt(Mode mode, byte[] key, int tagLength, byte[] nonce, byte[] ad, byte[] ciphertext, int cOff,
            int cLen, byte[] out, int outOff) {
        try {
            if (mode == Mode.GCM && tagLength >= JDK_GCM_MIN_TAG) {
                Cipher c = jdkGcm(Cipher.DECRYPT_MODE, key, tagLength, nonce, ad);
                c.doFinal(ciphertext, cOff, cLen, out, outOff);
                return SUCCESS;
            }
            KeyParameter kp = new KeyParameter(key);
            try {
                AEADCipher c = bc(mode, false, kp, tagLength, nonce, ad);
                int n = c.processBytes(ciphertext, cOff, cLen, out, outOff);
                c.doFinal(out, outOff + n);
                return SUCCESS;
            } finally {
                Arrays.fill(kp.getKey(), (byte) 0); // CCM uses the key only when the message ends
            }
        } catch (AEADBadTagException | InvalidCipherTextException e) {
            Arrays.fill(out, outOff, outOff + cLen - tagLength, (byte) 0);
            return INVALID_SIGNATURE;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD decryption failed after its checks passed", e);
        }
    }

    /** A streaming computation for a multi-part operation whose setup checks have passed. */
    static AeadStream newStream(Mode mode, byte[] key, boolean encrypt, int tagLength) {
        switch (mode) {
            case GCM:
                return new GcmStream(key, encrypt, tagLength);
            case CCM:
                return new CcmStream(key, encrypt, tagLength);
            default:
                return new ChaChaPolyStream(key, encrypt);
        }
    }

    private static Cipher jdkGcm(int opmode, byte[] key, int tagLength, byte[] nonce, byte[] ad)
            throws GeneralSecurityException {
        // A new Cipher per call: a reused one refuses to encrypt twice under the same key and nonce, which PSA allows.
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(opmode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagLength * 8, nonce));
        if (ad.length > 0) {
            c.updateAAD(ad);
        }
        return c;
    }

    private static AEADCipher bc(Mode mode, boolean encrypt, KeyParameter key, int tagLength, byte[] nonce,
            byte[] ad) {
        AEADCipher c;
        switch (mode) {
            case GCM:
                c = GCMBlockCipher.newInstance(AESEngine.newInstance());
                break;
            case CCM:
                c = CCMBlockCipher.newInstance(AESEngine.newInstance());
                break;
            default:
                c = new ChaCha20Poly1305();
                break;
        }
        c.init(encrypt, new AEADParameters(key, tagLength * 8, nonce, ad));
        return c;
    }
}
