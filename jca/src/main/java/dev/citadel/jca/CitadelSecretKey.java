package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import dev.citadel.psa.crypto.KeyType;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Objects;
import javax.crypto.SecretKey;

/** A symmetric key (AES or HMAC) held in the SPE, for Citadel's Cipher and Mac. No encoding, no material. */
public final class CitadelSecretKey implements SecretKey, CitadelKey {
    private static final long serialVersionUID = 1L;

    private final transient PsaCrypto crypto;
    private final int keyId;
    private final transient KeyAttributes attributes;

    CitadelSecretKey(PsaCrypto crypto, int keyId, KeyAttributes attributes) {
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.keyId = keyId;
        this.attributes = Objects.requireNonNull(attributes, "attributes");
    }

    @Override
    public int keyId() {
        return keyId;
    }

    @Override
    public KeyAttributes attributes() {
        return attributes;
    }

    PsaCrypto crypto() {
        return crypto;
    }

    /** {@code AES} for an AES key, {@code HMAC} for an HMAC key (PSA's HMAC keys carry no hash). */
    @Override
    public String getAlgorithm() {
        return attributes.type().equals(KeyType.AES) ? "AES" : "HMAC";
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CitadelSecretKey
                && ((CitadelSecretKey) o).crypto == crypto
                && ((CitadelSecretKey) o).keyId == keyId;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(keyId) * 31 + System.identityHashCode(crypto);
    }

    @Override
    public String toString() {
        return "Citadel " + getAlgorithm() + " secret key " + KeyId.toString(keyId) + " (" + attributes.bits()
                + " bits)";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("a Citadel key is a handle to a key in the SPE");
    }
}
