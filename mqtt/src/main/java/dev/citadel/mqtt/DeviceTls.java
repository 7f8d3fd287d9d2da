package dev.citadel.mqtt;

import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The device's side of mutual TLS: the key manager that presents its certificate and signs with its key, and the trust
 * anchors for the broker's certificate. The MQTT client builds its TLS engines from these (it takes key and trust
 * manager factories, not an {@code SSLContext}), so {@link #citadel} uses the very key manager of
 * {@link CitadelTls#clientContext}: the private key stays in the SPE.
 */
public final class DeviceTls {
    private final X509KeyManager keyManager;
    private final List<X509Certificate> trustAnchors;

    private DeviceTls(X509KeyManager keyManager, Collection<X509Certificate> trustAnchors) {
        this.keyManager = Objects.requireNonNull(keyManager, "keyManager");
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /**
     * TLS with a key in the SPE: {@code chain} starts with the key's certificate; the broker's certificate must chain to
     * one of {@code trustAnchors}. Installs the Citadel provider if none is installed (JSSE finds the signature through
     * the installed providers).
     *
     * @throws InvalidKeyException if the chain is empty or does not start with the key's certificate
     * @throws GeneralSecurityException if there are no trust anchors
     */
    public static DeviceTls citadel(CitadelPrivateKey key, List<X509Certificate> chain,
            Collection<X509Certificate> trustAnchors) throws GeneralSecurityException {
        CitadelTls.clientContext(key, chain, trustAnchors);
        return new DeviceTls(CitadelTls.keyManager(key, chain), trustAnchors);
    }

    /** TLS with any key manager (for example over a JDK key store), trusting {@code trustAnchors}. */
    public static DeviceTls of(X509KeyManager keyManager, Collection<X509Certificate> trustAnchors)
            throws GeneralSecurityException {
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            throw new InvalidKeyException("no trust anchors for the broker's certificate");
        }
        return new DeviceTls(keyManager, trustAnchors);
    }

    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    KeyManagerFactory keyManagerFactory() {
        return new FixedKeyManagerFactory(keyManager);
    }

    TrustManagerFactory trustManagerFactory() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        int i = 0;
        for (X509Certificate c : trustAnchors) {
            store.setCertificateEntry("anchor-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        return tmf;
    }

    /** A factory that hands out one given key manager: the client library asks for a factory. */
    private static final class FixedKeyManagerFactory extends KeyManagerFactory {
        FixedKeyManagerFactory(X509KeyManager km) {
            super(new KeyManagerFactorySpi() {
                @Override
                protected void engineInit(KeyStore ks, char[] password) {}

                @Override
                protected void engineInit(ManagerFactoryParameters spec) {}

                @Override
                protected KeyManager[] engineGetKeyManagers() {
                    return new KeyManager[] {km};
                }
            }, null, "fixed");
        }
    }
}
