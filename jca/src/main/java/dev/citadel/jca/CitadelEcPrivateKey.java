package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * An EC private key (secp256r1/384r1/521r1) in the SPE. JSSE reads {@link #getParams()} to pick the signature scheme
 * of the key's named group.
 *
 * <p>It is an {@link ECKey}, not an {@code ECPrivateKey}: SunEC names {@code ECPrivateKey} in its
 * {@code SupportedKeyClasses} and reads the scalar only when it signs, so an {@code ECPrivateKey} would be taken by
 * SunEC at {@code initSign} whenever SunEC comes before Citadel, and the handshake would fail at {@code sign}.
 */
final class CitadelEcPrivateKey extends CitadelPrivateKey implements ECKey {
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
}
