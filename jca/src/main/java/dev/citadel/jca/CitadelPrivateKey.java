package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A private key held in the SPE. The concrete classes implement the JDK's key interfaces that JSSE and the JCA read
 * for public facts ({@code ECKey.getParams()}, {@code RSAKey.getModulus()}, the EdEC/XEC named parameters); they have
 * no accessor of private material that answers anything ({@code EdECPrivateKey.getBytes()} and
 * {@code XECPrivateKey.getScalar()} are empty), and {@link #getEncoded()} is null. Operations run through the door (the {@link PsaCrypto}) the key was obtained
 * through, whichever provider object JCA chose: key identifiers belong to that client.
 */
public abstract sealed class CitadelPrivateKey implements PrivateKey, CitadelKey
        permits CitadelEcPrivateKey, CitadelRsaPrivateKey, CitadelEdPrivateKey, CitadelXecPrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient PsaCrypto crypto;
    private final int keyId;
    private final transient KeyAttributes attributes;
    private final transient PublicKey publicKey;

    CitadelPrivateKey(PsaCrypto crypto, int keyId, KeyAttributes attributes, PublicKey publicKey) {
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.keyId = keyId;
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    @Override
    public final int keyId() {
        return keyId;
    }

    @Override
    public final KeyAttributes attributes() {
        return attributes;
    }

    /** The public half, a JDK key read from the SPE with {@code psa_export_public_key}. */
    public final PublicKey publicKey() {
        return publicKey;
    }

    /** The door this key's operations go through. */
    final PsaCrypto crypto() {
        return crypto;
    }

    @Override
    public final byte[] getEncoded() {
        return null;
    }

    @Override
    public final String getFormat() {
        return null;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof CitadelPrivateKey
                && ((CitadelPrivateKey) o).crypto == crypto
                && ((CitadelPrivateKey) o).keyId == keyId;
    }

    @Override
    public final int hashCode() {
        return Integer.hashCode(keyId) * 31 + System.identityHashCode(crypto);
    }

    @Override
    public String toString() {
        return "Citadel " + getAlgorithm() + " private key " + KeyId.toString(keyId) + " (" + attributes.bits()
                + " bits)";
    }

    /** A key is a handle on one client's SPE key; a serialised copy would name nothing. */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("a Citadel key is a handle to a key in the SPE");
    }
}
