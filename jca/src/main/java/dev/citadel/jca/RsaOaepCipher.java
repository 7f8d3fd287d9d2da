package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP decryption with a Citadel RSA key ({@code psa_asymmetric_decrypt} with {@code RSA_OAEP(SHA_256)}). PSA's
 * OAEP uses MGF1 with the OAEP hash, so without parameters this cipher means SHA-256 for both, where SunJCE's
 * {@code OAEPWithSHA-256AndMGF1Padding} defaults MGF1 to SHA-1; a spec asking for MGF1-SHA-1 is refused. The label
 * ({@code PSource.PSpecified}) goes to the SPE as PSA's salt. Encryption uses the public key, a JDK key: use the JDK's
 * cipher with the same {@link OAEPParameterSpec}.
 */
final class RsaOaepCipher extends BufferingCipherSpi<OAEPParameterSpec> {
    private static final OAEPParameterSpec DEFAULT = new OAEPParameterSpec(JcaNames.Hash.SHA_256.jcaName, "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private CitadelRsaPrivateKey key;
    private OAEPParameterSpec spec = DEFAULT;

    RsaOaepCipher() {
        super(OAEPParameterSpec.class, "OAEP");
    }

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
    protected void init(int opmode, Key k, AlgorithmParameterSpec params)
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
    protected void checkReady() {
        if (key == null) {
            throw new IllegalStateException("cipher not initialised");
        }
    }

    @Override
    protected byte[] finish(byte[] in) throws PsaException {
        byte[] label = ((PSource.PSpecified) spec.getPSource()).getValue();
        return key.crypto().asymmetricDecrypt(key.keyId(), JcaNames.CipherName.RSA_OAEP_SHA256.psa, in,
                label.length == 0 ? null : label);
    }

    @Override
    protected String operation() {
        return "RSA-OAEP decryption";
    }

    @Override
    protected int keyId() {
        return key.keyId();
    }

    @Override
    protected boolean exactOutputSize() {
        return false;
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
