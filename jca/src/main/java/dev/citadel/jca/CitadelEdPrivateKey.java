package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;

/** An Ed25519 private key in the SPE; {@link #getBytes()} is empty. */
final class CitadelEdPrivateKey extends CitadelPrivateKey implements EdECPrivateKey {
    private static final long serialVersionUID = 1L;

    CitadelEdPrivateKey(PsaCrypto crypto, int keyId, KeyAttributes attributes, PublicKey publicKey) {
        super(crypto, keyId, attributes, publicKey);
    }

    @Override
    public String getAlgorithm() {
        return JcaNames.KeyKind.EDDSA.jcaAlgorithm;
    }

    @Override
    public NamedParameterSpec getParams() {
        return NamedParameterSpec.ED25519;
    }

    @Override
    public Optional<byte[]> getBytes() {
        return Optional.empty();
    }
}
