package dev.citadel.jca;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager with one client credential: a Citadel private key and its certificate chain. JSSE asks it for an
 * alias per key type it could use ("EC", "RSA", "RSASSA-PSS", "EdDSA"); it answers with its one alias when the key's
 * algorithm is among them, whatever issuers the server named (the server judges the chain). It extends
 * {@link X509ExtendedKeyManager} so that {@code SSLEngine} clients get it too.
 */
final class CitadelKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final CitadelPrivateKey key;
    private final X509Certificate[] chain;

    CitadelKeyManager(String alias, CitadelPrivateKey key, X509Certificate[] chain) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.key = Objects.requireNonNull(key, "key");
        this.chain = chain.clone();
    }

    private String choose(String[] keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String t : keyTypes) {
            if (key.getAlgorithm().equals(t)) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return choose(new String[] {keyType}) == null ? null : new String[] {alias};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
        return alias.equals(a) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
        return alias.equals(a) ? key : null;
    }

    @Override
    public String toString() {
        return "CitadelKeyManager[" + alias + ": " + key + ", " + chain.length + " certificates: "
                + Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName()).toList() + "]";
    }
}
