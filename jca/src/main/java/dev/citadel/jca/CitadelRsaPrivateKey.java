package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.math.BigInteger;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;

/**
 * An RSA private key in the SPE; JSSE reads {@link #getModulus()} for the key size. It is an {@link RSAKey}, not an
 * {@code RSAPrivateKey}, for the reason {@link CitadelEcPrivateKey} gives: SunRsaSign claims every
 * {@code RSAPrivateKey} in its {@code SupportedKeyClasses}.
 */
final class CitadelRsaPrivateKey extends CitadelPrivateKey implements RSAKey {
    private static final long serialVersionUID = 1L;

    CitadelRsaPrivateKey(PsaCrypto crypto, int keyId, KeyAttributes attributes, RSAPublicKey publicKey) {
        super(crypto, keyId, attributes, publicKey);
    }

    @Override
    public String getAlgorithm() {
        return JcaNames.KeyKind.RSA.jcaAlgorithm;
    }

    @Override
    public BigInteger getModulus() {
        return ((RSAPublicKey) publicKey()).getModulus();
    }
}
