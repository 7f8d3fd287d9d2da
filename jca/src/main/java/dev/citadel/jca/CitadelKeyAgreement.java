package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECDH and X25519 with the private key in the SPE ({@code psa_raw_key_agreement}). The shared secret is returned to
 * the caller, as the JCA's contract demands; keys that should never meet a raw secret belong in a PSA key derivation.
 */
final class CitadelKeyAgreement extends KeyAgreementSpi {
    private final JcaNames.AgreementName name;
    private CitadelPrivateKey key;
    private JcaNames.Curve curve;
    private byte[] peer;

    CitadelKeyAgreement(JcaNames.AgreementName name) {
        this.name = name;
    }

    @Override
    protected void engineInit(Key k, SecureRandom random) throws InvalidKeyException {
        if (!name.kind.keyClass.isInstance(k)) {
            throw new InvalidKeyException(name.jcaName + " agrees with Citadel " + name.kind.jcaAlgorithm
                    + " private keys, not " + (k == null ? "null" : k.getClass().getName()));
        }
        CitadelPrivateKey c = (CitadelPrivateKey) k;
        if (!c.attributes().usage().contains(KeyUsage.DERIVE) || !c.attributes().permits(name.psa())) {
            throw new InvalidKeyException("the policy of " + c + " does not permit " + name.psa() + " with DERIVE");
        }
        key = c;
        curve = JcaNames.Curve.of(c.attributes().type(), c.attributes().bits()).orElseThrow();
        peer = null;
    }

    @Override
    protected void engineInit(Key k, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException(name.jcaName + " takes no parameters");
        }
        engineInit(k, random);
    }

    @Override
    protected Key engineDoPhase(Key k, boolean lastPhase) throws InvalidKeyException {
        if (key == null) {
            throw new IllegalStateException("not initialised");
        }
        if (!lastPhase) {
            throw new IllegalStateException(name.jcaName + " has one phase only");
        }
        if (!(k instanceof PublicKey)) {
            throw new InvalidKeyException("the peer key must be a public key");
        }
        peer = PsaPublicKeys.toPsa(curve, (PublicKey) k);
        return null;
    }

    @Override
    protected byte[] engineGenerateSecret() throws IllegalStateException {
        if (peer == null) {
            throw new IllegalStateException("doPhase(peerKey, true) first");
        }
        byte[] p = peer;
        peer = null;
        try {
            return key.crypto().rawKeyAgreement(name.psa(), key.keyId(), p);
        } catch (PsaException e) {
            // The peer key was checked by the JDK's key factory; the SPE refusing it now is no caller bug.
            throw new IllegalStateException(JcaErrors.key("key agreement", key.keyId(), e).getMessage(), e);
        }
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        if (peer == null) {
            throw new IllegalStateException("doPhase(peerKey, true) first");
        }
        if (sharedSecret.length - offset < curve.fieldBytes()) {
            throw new ShortBufferException("the shared secret is " + curve.fieldBytes() + " bytes");
        }
        byte[] s = engineGenerateSecret();
        System.arraycopy(s, 0, sharedSecret, offset, s.length);
        Arrays.fill(s, (byte) 0);
        return s.length;
    }

    @Override
    protected SecretKey engineGenerateSecret(String algorithm) throws NoSuchAlgorithmException {
        if (algorithm == null || algorithm.isEmpty()) {
            throw new NoSuchAlgorithmException("no secret key algorithm");
        }
        byte[] s = engineGenerateSecret();
        try {
            return new SecretKeySpec(s, algorithm);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }
}
