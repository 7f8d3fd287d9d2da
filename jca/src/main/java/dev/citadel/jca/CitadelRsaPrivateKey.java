package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.math.BigInteger;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/** An RSA private key in the SPE; JSSE reads {@link #getModulus()} for the key size. */
final class CitadelRsaPrivateKey extends CitadelPrivateKey implements RSAPrivateKey {
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

    /** @throws UnsupportedOperationException always: the exponent stays in the SPE */
    @Override
    public BigInteger getPrivateExponent() {
        throw privateValueRefused("the private exponent");
    }
}
