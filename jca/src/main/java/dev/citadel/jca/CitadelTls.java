package dev.citadel.jca;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS client authentication with a key in the SPE, on the JDK's own TLS (SunJSSE). The context's key manager hands
 * JSSE the Citadel private key, and JSSE signs its CertificateVerify with {@code Signature.getInstance(...)}, which
 * delayed provider selection routes to Citadel: ECDSA for EC keys, RSASSA-PSS (TLS 1.3 and 1.2) or PKCS#1 v1.5 (TLS
 * 1.2) for RSA keys, as the key's PSA policy permits.
 *
 * <pre>{@code
 * SSLContext tls = CitadelTls.clientContext(key, List.of(deviceCert, intermediate), List.of(serverRoot));
 * SSLContext tls = CitadelTls.clientContext(citadelKeyStore, "Device Priv TLS Key", List.of(serverRoot));
 * }</pre>
 */
public final class CitadelTls {
    private static final String ALIAS = "citadel";

    private CitadelTls() {}

    /**
     * A TLS client context (TLS 1.3 and 1.2) authenticating with {@code key} and {@code chain}, trusting servers that
     * chain to {@code trustAnchors}. A provider named "Citadel" is appended to the JVM's providers if none is
     * installed, because JSSE finds signature implementations through the installed providers.
     *
     * @param chain the client's certificate first, then its issuers (without the root, usually)
     * @throws InvalidKeyException if the chain is empty or its first certificate's public key is not the key's
     * @throws GeneralSecurityException if the trust anchors cannot be used
     */
    public static SSLContext clientContext(CitadelPrivateKey key, List<X509Certificate> chain,
            Collection<X509Certificate> trustAnchors) throws GeneralSecurityException {
        KeyManager km = keyManager(key, chain);
        CitadelProvider.installIfAbsent(new CitadelProvider(key.crypto()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {km}, trustManagers(trustAnchors), null);
        return context;
    }

    /**
     * A TLS client context authenticating with the key entry {@code alias} of a loaded Citadel {@link KeyStore}: its
     * key (signing in the SPE) and its certificate chain, trusting servers that chain to {@code trustAnchors}.
     *
     * @throws KeyStoreException if there is no such key entry, or it has no certificate (install one first)
     * @throws InvalidKeyException if the entry's certificate does not carry the key's public key
     * @throws GeneralSecurityException if the trust anchors cannot be used
     */
    public static SSLContext clientContext(KeyStore keyStore, String alias, Collection<X509Certificate> trustAnchors)
            throws GeneralSecurityException {
        Objects.requireNonNull(keyStore, "keyStore");
        if (!keyStore.isKeyEntry(alias)) {
            throw new KeyStoreException("no key entry '" + alias + "' in the " + keyStore.getType() + " KeyStore");
        }
        java.security.Key key = keyStore.getKey(alias, null);
        if (!(key instanceof CitadelPrivateKey)) {
            throw new KeyStoreException("key entry '" + alias + "' is not a Citadel key");
        }
        java.security.cert.Certificate[] chain = keyStore.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new KeyStoreException("key entry '" + alias + "' has no certificate: install the issued certificate"
                    + " first (citadel provision install-cert)");
        }
        List<X509Certificate> certs = new java.util.ArrayList<>();
        for (java.security.cert.Certificate c : chain) {
            certs.add((X509Certificate) c);
        }
        return clientContext((CitadelPrivateKey) key, certs, trustAnchors);
    }

    /**
     * The key manager of {@link #clientContext}, for callers that build their own {@link SSLContext}.
     *
     * @throws InvalidKeyException if the chain is empty or does not start with the key's certificate
     */
    public static X509ExtendedKeyManager keyManager(CitadelPrivateKey key, List<X509Certificate> chain)
            throws InvalidKeyException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new InvalidKeyException("no certificate for " + key);
        }
        if (!chain.get(0).getPublicKey().equals(key.publicKey())) {
            throw new InvalidKeyException("the certificate of " + chain.get(0).getSubjectX500Principal().getName()
                    + " does not match " + key);
        }
        return new CitadelKeyManager(ALIAS, key, chain.toArray(new X509Certificate[0]));
    }

    /** PKIX trust managers over exactly {@code anchors}. */
    static TrustManager[] trustManagers(Collection<X509Certificate> anchors) throws GeneralSecurityException {
        if (anchors == null || anchors.isEmpty()) {
            throw new InvalidKeyException("no trust anchors for the server's certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        int i = 0;
        for (X509Certificate c : anchors) {
            store.setCertificateEntry("anchor-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        return tmf.getTrustManagers();
    }
}
