package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.der.EcdsaSignatures;
import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signatures made in the SPE. Hash-and-sign schemes hash on the NS side and call {@code psa_sign_hash} (as TF-M's
 * NS-side TLS stacks do); Ed25519 calls {@code psa_sign_message}. ECDSA's {@code r || s} is returned as DER.
 * Verification uses public keys, which are the JDK's, and is delegated to the first other provider that has the
 * algorithm.
 */
final class CitadelSignature extends SignatureSpi {
    private final JcaNames.SignatureService name;
    private CitadelPrivateKey key;
    private Algorithm alg;
    private MessageDigest digest;
    private ByteArrayOutputStream message;
    private Signature verifier;
    private PSSParameterSpec pss;

    CitadelSignature(JcaNames.SignatureService name) {
        this.name = name;
        if (name.hash != null) {
            alg = name.psa();
        } else if (name.kind == JcaNames.KeyKind.EDDSA) {
            alg = Algorithm.PURE_EDDSA;
        }
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!name.kind.keyClass.isInstance(privateKey)) {
            throw new InvalidKeyException(name.jcaName + " signs with Citadel " + name.kind.jcaAlgorithm
                    + " keys, not " + describe(privateKey));
        }
        CitadelPrivateKey k = (CitadelPrivateKey) privateKey;
        if (alg != null) {
            checkPolicy(k, alg);
        }
        key = k;
        verifier = null;
        resetData();
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        engineInitSign(privateKey); // the SPE draws its own randomness
    }

    /** The key's PSA policy must permit {@code a} with the usage signing needs, or JCA should try another provider. */
    private void checkPolicy(CitadelPrivateKey k, Algorithm a) throws InvalidKeyException {
        KeyUsage usage = a.isSignHash() ? KeyUsage.SIGN_HASH : KeyUsage.SIGN_MESSAGE;
        if (!k.attributes().usage().contains(usage) || !k.attributes().permits(a)) {
            throw new InvalidKeyException("the policy of " + k + " (" + k.attributes().algorithm() + ", "
                    + k.attributes().algorithm2() + "; " + k.attributes().usage() + ") does not permit " + a);
        }
    }

    private static String describe(Object key) {
        return key == null ? "null" : key.getClass().getName();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        try {
            verifier = JdkDelegate.signature(name.jcaName, publicKey);
            if (pss != null) {
                verifier.setParameter(pss);
            }
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("no other provider verifies " + name.jcaName + ": " + e.getMessage(), e);
        }
        key = null;
    }

    private void resetData() {
        if (name.kind == JcaNames.KeyKind.EDDSA) {
            message = new ByteArrayOutputStream();
        } else if (hash() != null) {
            digest = newDigest(hash());
        }
    }

    private JcaNames.Hash hash() {
        if (name.hash != null) {
            return name.hash;
        }
        return pss == null ? null : JcaNames.Hash.byName(pss.getDigestAlgorithm()).orElseThrow();
    }

    private static MessageDigest newDigest(JcaNames.Hash h) {
        try {
            return JdkDelegate.messageDigest(h.jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new ProviderException("no provider computes " + h.jcaName, e);
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (verifier != null) {
            verifier.update(b, off, len);
            return;
        }
        if (key == null) {
            throw new SignatureException("not initialised");
        }
        if (message != null) {
            message.write(b, off, len);
        } else if (digest != null) {
            digest.update(b, off, len);
        } else {
            throw new SignatureException("RSASSA-PSS needs PSSParameterSpec before data");
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        if (alg == null) {
            throw new SignatureException("RSASSA-PSS needs PSSParameterSpec before signing");
        }
        try {
            byte[] sig;
            if (message != null) {
                byte[] m = message.toByteArray();
                message.reset();
                sig = key.crypto().signMessage(key.keyId(), alg, m);
            } else {
                sig = key.crypto().signHash(key.keyId(), alg, digest.digest());
            }
            return name.kind == JcaNames.KeyKind.EC ? EcdsaSignatures.fromRaw(sig) : sig;
        } catch (PsaException e) {
            throw JcaErrors.sign(key.keyId(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (verifier == null) {
            throw new SignatureException("not initialised for verification");
        }
        return verifier.verify(sigBytes);
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (name == JcaNames.SignatureService.RSASSA_PSS) {
            setPss(params);
        } else if (name.kind == JcaNames.KeyKind.EDDSA && params instanceof EdDSAParameterSpec) {
            EdDSAParameterSpec ed = (EdDSAParameterSpec) params;
            if (ed.isPrehash() || ed.getContext().isPresent()) {
                throw new InvalidAlgorithmParameterException("PSA signs pure Ed25519 only: no prehash, no context");
            }
        } else if (params != null) {
            throw new InvalidAlgorithmParameterException(name.jcaName + " takes no parameters");
        }
    }

    /** PSA's {@code RSA_PSS(hash)}: MGF1 with the same hash, a salt of the hash's length, trailer field 1. */
    private void setPss(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (!(params instanceof PSSParameterSpec)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec");
        }
        PSSParameterSpec p = (PSSParameterSpec) params;
        JcaNames.Hash h = JcaNames.Hash.byName(p.getDigestAlgorithm()).orElseThrow(
                () -> new InvalidAlgorithmParameterException("PSS hash not supported: " + p.getDigestAlgorithm()));
        if (!"MGF1".equalsIgnoreCase(p.getMGFAlgorithm()) || !(p.getMGFParameters() instanceof MGF1ParameterSpec)
                || JcaNames.Hash.byName(((MGF1ParameterSpec) p.getMGFParameters()).getDigestAlgorithm())
                        .orElse(null) != h) {
            throw new InvalidAlgorithmParameterException("PSA's RSA-PSS uses MGF1 with the message hash ("
                    + h.jcaName + ")");
        }
        if (p.getSaltLength() != h.length()) {
            throw new InvalidAlgorithmParameterException("PSA's RSA-PSS salt is the hash length, " + h.length()
                    + " bytes, not " + p.getSaltLength());
        }
        if (p.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
            throw new InvalidAlgorithmParameterException("PSS trailer field must be 1");
        }
        pss = p;
        alg = JcaNames.SignatureService.pss(h);
        if (key != null) {
            try {
                checkPolicy(key, alg);
            } catch (InvalidKeyException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage(), e);
            }
            digest = newDigest(h);
        }
        if (verifier != null) {
            verifier.setParameter(p);
        }
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (pss == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(pss);
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("cannot encode the PSS parameters", e);
        }
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no such parameter: " + param);
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no such parameter: " + param);
    }
}
