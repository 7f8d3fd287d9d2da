package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;

/** An X25519 private key in the SPE, for key agreement; {@link #getScalar()} is empty. */
final class CitadelXecPrivateKey extends CitadelPrivateKey implements XECPrivateKey {
    private static final long serialVersionUID = 1L;

    CitadelXecPrivateKey(PsaCrypto crypto, int keyId, KeyAttributes attributes, PublicKey publicKey) {
        super(crypto, keyId, attributes, publicKey);
    }

    @Override
    public String getAlgorithm() {
        return JcaNames.KeyKind.XDH.jcaAlgorithm;
    }

    @Override
    public AlgorithmParameterSpec getParams() {
        return NamedParameterSpec.X25519;
    }

    @Override
    public Optional<byte[]> getScalar() {
        return Optional.empty();
    }
}
