package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * An EC private key (secp256r1/384r1/521r1) in the SPE. JSSE reads {@link #getParams()} to pick the signature scheme
 * of the key's named group; {@link #getS()} throws.
 */
final class CitadelEcPrivateKey extends CitadelPrivateKey implements ECPrivateKey {
    private static final long serialVersionUID = 1L;

    CitadelEcPrivateKey(PsaCrypto crypto, int keyId, KeyAttributes attributes, ECPublicKey publicKey) {
        super(crypto, keyId, attributes, publicKey);
    }

    @Override
    public String getAlgorithm() {
        return JcaNames.KeyKind.EC.jcaAlgorithm;
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) publicKey()).getParams();
    }

    /** @throws UnsupportedOperationException always: the scalar stays in the SPE */
    @Override
    public BigInteger getS() {
        throw privateValueRefused("the private scalar");
    }
}
