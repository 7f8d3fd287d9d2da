package dev.citadel.jca;

import dev.citadel.psa.crypto.KeyAttributes;
import java.security.Key;

/**
 * A key held in the SPE: the JVM holds only its PSA key identifier and its attributes, never its material. The
 * provider's services name Citadel key classes in their {@code SupportedKeyClasses} attribute, so that JCA's delayed
 * provider selection sends these keys to Citadel and every other key elsewhere.
 */
public interface CitadelKey extends Key {

    /** The PSA key identifier ({@code psa_key_id_t}) as the client that owns the key sees it. */
    int keyId();

    /** The key's attributes as the SPE reported them when this object was made (type, size, lifetime, policy). */
    KeyAttributes attributes();

    /** Always null: the key material never leaves the SPE through this object. */
    @Override
    byte[] getEncoded();

    /** Always null: there is no encoding. */
    @Override
    String getFormat();
}
