package dev.citadel.jca;

import dev.citadel.psa.PsaException;
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
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP decryption with a Citadel RSA key ({@code psa_asymmetric_decrypt} with {@code RSA_OAEP(SHA_256)}). PSA's
 * OAEP uses MGF1 with the OAEP hash, so without parameters this cipher means SHA-256 for both, where SunJCE's
 * {@code OAEPWithSHA-256AndMGF1Padding} defaults MGF1 to SHA-1; a spec asking for MGF1-SHA-1 is refused. The label
 * ({@code PSource.PSpecified}) goes to the SPE as PSA's salt. Encryption uses the public key, a JDK key: use the JDK's
 * cipher with the same {@link OAEPParameterSpec}.
 */
final class RsaOaepCipher extends CipherSpi {
    private static final OAEPParameterSpec DEFAULT = new OAEPParameterSpec(JcaNames.Hash.SHA_256.jcaName, "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private CitadelRsaPrivateKey key;
    private OAEPParameterSpec spec = DEFAULT;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        if (!"ECB".equalsIgnoreCase(mode) && !"NONE".equalsIgnoreCase(mode)) {
            throw new NoSuchAlgorithmException("RSA has no mode " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!"OAEPWithSHA-256AndMGF1Padding".equalsIgnoreCase(padding)) {
            throw new NoSuchPaddingException("Citadel's RSA cipher is OAEP with SHA-256 only: " + padding);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return key == null ? 0 : (key.getModulus().bitLength() + 7) / 8;
    }

    @Override
    protected byte[] engineGetIV() {
        return null;
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("OAEP");
            p.init(spec);
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("cannot encode OAEP parameters", e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key k, SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, k, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key k, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        OAEPParameterSpec s = null;
        if (params != null) {
            try {
                s = params.getParameterSpec(OAEPParameterSpec.class);
            } catch (InvalidParameterSpecException e) {
                throw new InvalidAlgorithmParameterException("not OAEP parameters", e);
            }
        }
        engineInit(opmode, k, s, random);
    }

    @Override
    protected void engineInit(int opmode, Key k, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (opmode != Cipher.DECRYPT_MODE && opmode != Cipher.UNWRAP_MODE) {
            throw new InvalidParameterException(
                    "Citadel's RSA-OAEP decrypts with keys in the SPE; encrypt with the public key and the JDK");
        }
        if (!(k instanceof CitadelRsaPrivateKey)) {
            throw new InvalidKeyException("RSA-OAEP decrypts with Citadel RSA keys, not "
                    + (k == null ? "null" : k.getClass().getName()));
        }
        OAEPParameterSpec s = params == null ? DEFAULT : check(params);
        CitadelRsaPrivateKey c = (CitadelRsaPrivateKey) k;
        if (!c.attributes().usage().contains(KeyUsage.DECRYPT)
                || !c.attributes().permits(JcaNames.CipherName.RSA_OAEP_SHA256.psa)) {
            throw new InvalidKeyException("the policy of " + c + " does not permit RSA-OAEP-SHA-256 decryption");
        }
        key = c;
        spec = s;
        data.reset();
    }

    private static OAEPParameterSpec check(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (!(params instanceof OAEPParameterSpec)) {
            throw new InvalidAlgorithmParameterException("RSA-OAEP takes an OAEPParameterSpec");
        }
        OAEPParameterSpec s = (OAEPParameterSpec) params;
        if (JcaNames.Hash.byName(s.getDigestAlgorithm()).orElse(null) != JcaNames.Hash.SHA_256
                || !"MGF1".equalsIgnoreCase(s.getMGFAlgorithm())
                || !(s.getMGFParameters() instanceof MGF1ParameterSpec)
                || JcaNames.Hash.byName(((MGF1ParameterSpec) s.getMGFParameters()).getDigestAlgorithm())
                        .orElse(null) != JcaNames.Hash.SHA_256) {
            throw new InvalidAlgorithmParameterException("PSA's RSA-OAEP here is SHA-256 with MGF1-SHA-256");
        }
        if (!(s.getPSource() instanceof PSource.PSpecified)) {
            throw new InvalidAlgorithmParameterException("OAEP label must be PSource.PSpecified");
        }
        return s;
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int off, int len) {
        if (key == null) {
            throw new IllegalStateException("cipher not initialised");
        }
        data.write(input, off, len);
        return new byte[0];
    }

    @Override
    protected int engineUpdate(byte[] input, int off, int len, byte[] output, int outOff) {
        engineUpdate(input, off, len);
        return 0;
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int off, int len) throws IllegalBlockSizeException,
            BadPaddingException {
        if (input != null) {
            engineUpdate(input, off, len);
        }
        byte[] in = data.toByteArray();
        data.reset();
        byte[] label = ((PSource.PSpecified) spec.getPSource()).getValue();
        try {
            return key.crypto().asymmetricDecrypt(key.keyId(), JcaNames.CipherName.RSA_OAEP_SHA256.psa, in,
                    label.length == 0 ? null : label);
        } catch (PsaException e) {
            Exception x = JcaErrors.decrypt("RSA-OAEP decryption", key.keyId(), e);
            if (x instanceof BadPaddingException) {
                throw (BadPaddingException) x;
            }
            if (x instanceof IllegalBlockSizeException) {
                throw (IllegalBlockSizeException) x;
            }
            throw (ProviderException) x;
        }
    }

    @Override
    protected int engineDoFinal(byte[] input, int off, int len, byte[] output, int outOff)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        byte[] out = engineDoFinal(input, off, len);
        if (output.length - outOff < out.length) {
            throw new ShortBufferException("output needs " + out.length + " bytes");
        }
        System.arraycopy(out, 0, output, outOff, out.length);
        java.util.Arrays.fill(out, (byte) 0);
        return out.length;
    }

    @Override
    protected Key engineUnwrap(byte[] wrapped, String algorithm, int type)
            throws InvalidKeyException, NoSuchAlgorithmException {
        if (type != Cipher.SECRET_KEY) {
            throw new InvalidKeyException("Citadel unwraps secret keys only");
        }
        try {
            byte[] k = engineDoFinal(wrapped, 0, wrapped.length);
            return new javax.crypto.spec.SecretKeySpec(k, algorithm);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("unwrapping failed: " + e.getMessage(), e);
        }
    }
}
