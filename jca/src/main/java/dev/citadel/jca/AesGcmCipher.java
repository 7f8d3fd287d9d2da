package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyUsage;
import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with a Citadel AES key: one {@code psa_aead_encrypt}/{@code psa_aead_decrypt} at {@code doFinal}, so
 * {@code update} only buffers (as the JDK's GCM decryption does). Nonces are 1..16 bytes (TF-M's one-shot AEAD
 * field); an encryption without parameters draws a 12-byte nonce from the SPE. Like the JDK, an encrypting cipher
 * must be initialised again (with a new nonce) after each {@code doFinal}.
 */
final class AesGcmCipher extends BufferingCipherSpi<GCMParameterSpec> {
    private static final int DEFAULT_IV = 12;
    private static final int DEFAULT_TAG_BITS = 128;

    private CitadelSecretKey key;
    private boolean encrypt;
    private byte[] iv;
    private int tagBytes;
    private final ByteArrayOutputStream aad = new ByteArrayOutputStream();
    private boolean spent;

    AesGcmCipher() {
        super(GCMParameterSpec.class, "GCM");
    }

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        if (!"GCM".equalsIgnoreCase(mode)) {
            throw new NoSuchAlgorithmException("Citadel's AES cipher is GCM only: " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!"NoPadding".equalsIgnoreCase(padding)) {
            throw new NoSuchPaddingException("GCM takes no padding: " + padding);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 16;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        int total = data.size() + inputLen;
        return encrypt ? total + tagBytes : Math.max(0, total - tagBytes);
    }

    @Override
    protected byte[] engineGetIV() {
        return iv == null ? null : iv.clone();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (iv == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("GCM");
            p.init(new GCMParameterSpec(tagBytes * 8, iv));
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("cannot encode GCM parameters", e);
        }
    }

    @Override
    protected void init(int opmode, Key k, AlgorithmParameterSpec params)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (opmode != Cipher.ENCRYPT_MODE && opmode != Cipher.DECRYPT_MODE) {
            throw new InvalidParameterException("Citadel's AES-GCM encrypts and decrypts only (mode " + opmode + ")");
        }
        if (!(k instanceof CitadelSecretKey) || !"AES".equals(k.getAlgorithm())) {
            throw new InvalidKeyException("AES/GCM/NoPadding takes Citadel AES keys, not "
                    + (k == null ? "null" : k.getClass().getName()));
        }
        CitadelSecretKey c = (CitadelSecretKey) k;
        boolean enc = opmode == Cipher.ENCRYPT_MODE;
        byte[] nonce;
        int tag;
        if (params == null) {
            if (!enc) {
                throw new InvalidAlgorithmParameterException("GCM decryption needs a GCMParameterSpec");
            }
            tag = DEFAULT_TAG_BITS / 8;
            try {
                nonce = c.crypto().generateRandom(DEFAULT_IV);
            } catch (PsaException e) {
                throw JcaErrors.key("drawing a nonce", c.keyId(), e);
            }
        } else if (params instanceof GCMParameterSpec) {
            GCMParameterSpec g = (GCMParameterSpec) params;
            int bits = g.getTLen();
            if (bits % 8 != 0 || bits < 32 || bits > 128) {
                throw new InvalidAlgorithmParameterException("GCM tag of " + bits + " bits");
            }
            tag = bits / 8;
            nonce = g.getIV();
            if (nonce.length == 0 || nonce.length > PackIovec.MAX_NONCE_LENGTH) {
                throw new InvalidAlgorithmParameterException("Citadel's GCM nonces are 1.." + PackIovec.MAX_NONCE_LENGTH
                        + " bytes, not " + nonce.length);
            }
        } else {
            throw new InvalidAlgorithmParameterException("GCM takes a GCMParameterSpec");
        }
        Algorithm a = alg(tag);
        KeyUsage usage = enc ? KeyUsage.ENCRYPT : KeyUsage.DECRYPT;
        if (!c.attributes().usage().contains(usage) || !c.attributes().permits(a)) {
            throw new InvalidKeyException("the policy of " + c + " does not permit " + a + " to "
                    + (enc ? "encrypt" : "decrypt"));
        }
        key = c;
        encrypt = enc;
        iv = nonce;
        tagBytes = tag;
        aad.reset();
        data.reset();
        spent = false;
    }

    private static Algorithm alg(int tag) {
        Algorithm gcm = JcaNames.CipherName.AES_GCM.psa;
        return tag == 16 ? gcm : Algorithm.aeadWithShortenedTag(gcm, tag);
    }

    @Override
    protected void checkReady() {
        if (key == null) {
            throw new IllegalStateException("cipher not initialised");
        }
        if (spent) {
            throw new IllegalStateException("initialise again with a new GCM nonce before encrypting more");
        }
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
        checkReady();
        if (data.size() > 0) {
            throw new IllegalStateException("AAD must come before the data");
        }
        aad.write(src, offset, len);
    }

    @Override
    protected byte[] finish(byte[] in) throws PsaException, AEADBadTagException {
        byte[] ad = aad.toByteArray();
        aad.reset();
        if (encrypt) {
            spent = true;
            return key.crypto().aeadEncrypt(key.keyId(), alg(tagBytes), iv, ad, in);
        }
        if (in.length < tagBytes) {
            throw new AEADBadTagException("input shorter than the " + tagBytes + "-byte tag");
        }
        return key.crypto().aeadDecrypt(key.keyId(), alg(tagBytes), iv, ad, in);
    }

    @Override
    protected String operation() {
        return encrypt ? "AES-GCM encryption" : "AES-GCM decryption";
    }

    @Override
    protected int keyId() {
        return key.keyId();
    }

    @Override
    protected boolean exactOutputSize() {
        return true;
    }
}
