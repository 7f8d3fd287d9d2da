package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.psa.PsaClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * KeyStore "Citadel": a view of the PKCS#11 token's objects, so that the KeyStore and PKCS#11 applications see the
 * same entries. An alias is a {@code CKA_LABEL}. A key entry is a private key object with its certificates, the
 * certificate objects with the same {@code CKA_ID}, ordered from the one carrying the key's public key along
 * issuer/subject links. A certificate entry is a certificate object whose {@code CKA_ID} names no private key.
 * Nothing is cached: every call reads the token, and every change is a token object change (so {@code store} has
 * nothing to write).
 */
final class CitadelKeyStore extends KeyStoreSpi {
    private final PsaClient defaultClient;
    private TokenSession token;
    private PsaCrypto crypto;
    private Date loaded;

    CitadelKeyStore(PsaClient defaultClient) {
        this.defaultClient = defaultClient;
    }

    // Loading

    @Override
    public synchronized void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("the Citadel KeyStore lives in the SPE and has no stream form: load(null, pin)");
        }
        if (defaultClient == null) {
            throw new IOException("this Citadel provider has no PSA client: load(CitadelKeyStoreParameter.of(client,"
                    + " pin))");
        }
        if (password == null) {
            throw new IOException("the token's user PIN is needed to load the Citadel KeyStore");
        }
        open(CitadelKeyStoreParameter.of(defaultClient, password));
    }

    @Override
    public synchronized void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
        if (param == null) {
            engineLoad(null, null);
            return;
        }
        if (!(param instanceof CitadelKeyStoreParameter)) {
            throw new IllegalArgumentException("the Citadel KeyStore is loaded with a CitadelKeyStoreParameter, not "
                    + param.getClass().getName());
        }
        open((CitadelKeyStoreParameter) param);
    }

    private void open(CitadelKeyStoreParameter p) throws IOException {
        PsaToken t;
        if (p.token().isPresent()) {
            t = p.token().get();
        } else {
            try {
                t = PsaToken.open(p.client(), p.config());
            } catch (CkException e) {
                throw new IOException("cannot open the token: " + e.getMessage(), e);
            }
        }
        char[] pin = p.pin();
        try {
            TokenSession s = TokenSession.login(t, pin);
            if (token != null) {
                token.close();
            }
            token = s;
            crypto = new PsaCrypto(p.client());
            loaded = new Date();
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) {
        // Every change is already a persistent token object.
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter param) {
        // As above.
    }

    // Reading

    @Override
    public synchronized Enumeration<String> engineAliases() {
        return Collections.enumeration(aliases());
    }

    @Override
    public synchronized boolean engineContainsAlias(String alias) {
        return aliases().contains(alias);
    }

    @Override
    public synchronized int engineSize() {
        return aliases().size();
    }

    @Override
    public synchronized boolean engineIsKeyEntry(String alias) {
        return unchecked(() -> privateKey(alias) != 0);
    }

    @Override
    public synchronized boolean engineIsCertificateEntry(String alias) {
        return unchecked(() -> privateKey(alias) == 0 && trustedCertificate(alias) != 0);
    }

    @Override
    public synchronized Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        try {
            long o = privateKey(alias);
            if (o == 0) {
                return null;
            }
            int keyId = token().psaKeyId(o);
            return CitadelKeys.privateKey(crypto, keyId);
        } catch (KeyStoreException | InvalidKeyException e) {
            UnrecoverableKeyException u = new UnrecoverableKeyException("key '" + alias + "': " + e.getMessage());
            u.initCause(e);
            throw u;
        }
    }

    @Override
    public synchronized Certificate[] engineGetCertificateChain(String alias) {
        return unchecked(() -> {
            long o = privateKey(alias);
            if (o == 0) {
                return null;
            }
            List<X509Certificate> chain = chain(o);
            return chain.isEmpty() ? null : chain.toArray(new X509Certificate[0]);
        });
    }

    @Override
    public synchronized Certificate engineGetCertificate(String alias) {
        return unchecked(() -> {
            long o = privateKey(alias);
            if (o != 0) {
                List<X509Certificate> chain = chain(o);
                return chain.isEmpty() ? null : chain.get(0);
            }
            long c = trustedCertificate(alias);
            return c == 0 ? null : token().certificate(c);
        });
    }

    @Override
    public synchronized String engineGetCertificateAlias(Certificate cert) {
        for (String a : aliases()) {
            Certificate c = engineGetCertificate(a);
            if (c != null && c.equals(cert)) {
                return a;
            }
        }
        return null;
    }

    /** The token keeps no creation date: the leaf certificate's start of validity, or when the store was loaded. */
    @Override
    public synchronized Date engineGetCreationDate(String alias) {
        Certificate c = engineGetCertificate(alias);
        if (c instanceof X509Certificate) {
            return ((X509Certificate) c).getNotBefore();
        }
        return engineContainsAlias(alias) ? new Date(loaded.getTime()) : null;
    }

    @Override
    public synchronized KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection)
            throws KeyStoreException, NoSuchAlgorithmException, UnrecoverableEntryException {
        long o = privateKey(alias);
        if (o != 0) {
            List<X509Certificate> chain = chain(o);
            if (chain.isEmpty()) {
                throw new UnrecoverableEntryException("key '" + alias + "' has no certificate");
            }
            Key k = engineGetKey(alias, null);
            return new KeyStore.PrivateKeyEntry((java.security.PrivateKey) k, chain.toArray(new X509Certificate[0]));
        }
        long c = trustedCertificate(alias);
        return c == 0 ? null : new KeyStore.TrustedCertificateEntry(token().certificate(c));
    }

    // Writing

    /**
     * A {@link CitadelPrivateKey} that is a token object gets {@code chain} attached (and {@code alias} as its
     * label); a JDK EC or RSA private key is imported with {@code C_CreateObject} as a sensitive, non-extractable token
     * key. The password is not used: the token's PIN protects every entry.
     */
    @Override
    public synchronized void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain)
            throws KeyStoreException {
        List<X509Certificate> certs = x509(chain);
        if (certs.isEmpty()) {
            throw new KeyStoreException("a key entry needs its certificate chain");
        }
        byte[] spki = certs.get(0).getPublicKey().getEncoded();
        TokenSession t = token();
        long o;
        if (key instanceof CitadelPrivateKey) {
            CitadelPrivateKey ck = (CitadelPrivateKey) key;
            o = objectOf(ck);
            if (!Arrays.equals(ck.publicKey().getEncoded(), spki)) {
                throw new KeyStoreException("the certificate of " + certs.get(0).getSubjectX500Principal()
                        + " does not match key '" + t.label(o) + "'");
            }
            long existing = privateKey(alias);
            if (existing != 0 && existing != o) {
                engineDeleteEntry(alias);
            }
            deleteTrusted(alias);
            if (t.id(o).length == 0) {
                byte[] id = idOf(spki);
                for (long pub : t.find(Cko.PUBLIC_KEY, Cka.LABEL, t.attribute(o, Cka.LABEL))) {
                    if (t.id(pub).length == 0) {
                        t.set(pub, CkAttribute.ofBytes(Cka.ID, id));
                    }
                }
                t.set(o, CkAttribute.ofBytes(Cka.ID, id));
            }
            if (!t.label(o).equals(alias)) {
                t.set(o, CkAttribute.ofString(Cka.LABEL, alias));
            }
        } else if (key instanceof java.security.PrivateKey) {
            List<CkAttribute> template = KeyImport.template((java.security.PrivateKey) key, alias, idOf(spki));
            engineDeleteEntry(alias);
            o = t.create(template);
            byte[] info = t.attribute(o, Cka.PUBLIC_KEY_INFO);
            if (info == null || !Arrays.equals(info, spki)) {
                t.destroy(o);
                throw new KeyStoreException("the certificate of " + certs.get(0).getSubjectX500Principal()
                        + " does not match the private key");
            }
        } else {
            throw new KeyStoreException("not a private key: " + (key == null ? null : key.getClass().getName()));
        }
        byte[] id = t.id(o);
        for (long c : t.find(Cko.CERTIFICATE, Cka.ID, id)) {
            t.destroy(c);
        }
        for (X509Certificate c : certs) {
            t.create(certificateTemplate(c, alias, id));
        }
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("the Citadel KeyStore does not take encoded keys: pass a PrivateKey");
    }

    /** A certificate object with an empty {@code CKA_ID}, labelled {@code alias}, replacing one of that label. */
    @Override
    public synchronized void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        List<X509Certificate> c = x509(new Certificate[] {cert});
        if (privateKey(alias) != 0) {
            throw new KeyStoreException("'" + alias + "' is a key entry");
        }
        deleteTrusted(alias);
        token().create(certificateTemplate(c.get(0), alias, new byte[0]));
    }

    /**
     * A key entry: its certificates, its public key objects (same {@code CKA_ID}, or the same label when it has no
     * id) and the private key are destroyed (the PSA keys with them). A certificate entry: its certificate objects.
     */
    @Override
    public synchronized void engineDeleteEntry(String alias) throws KeyStoreException {
        TokenSession t = token();
        long o;
        while ((o = privateKey(alias)) != 0) {
            byte[] id = t.id(o);
            if (id.length > 0) {
                for (long c : t.find(Cko.CERTIFICATE, Cka.ID, id)) {
                    t.destroy(c);
                }
                for (long pub : t.find(Cko.PUBLIC_KEY, Cka.ID, id)) {
                    t.destroy(pub);
                }
            } else {
                for (long pub : t.find(Cko.PUBLIC_KEY, Cka.LABEL, utf8(alias))) {
                    t.destroy(pub);
                }
            }
            t.destroy(o);
        }
        deleteTrusted(alias);
    }

    // The view

    private TokenSession token() throws KeyStoreException {
        if (token == null) {
            throw new KeyStoreException("the Citadel KeyStore is not loaded");
        }
        return token;
    }

    private Set<String> aliases() {
        return unchecked(() -> {
            TokenSession t = token();
            Set<String> out = new LinkedHashSet<>();
            Set<String> keyIds = keyIds();
            for (long o : t.find(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY)))) {
                out.add(t.label(o));
            }
            for (long c : t.find(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE)))) {
                if (!keyIds.contains(hex(t.id(c)))) {
                    out.add(t.label(c));
                }
            }
            return out;
        });
    }

    private Set<String> keyIds() throws KeyStoreException {
        TokenSession t = token();
        Set<String> ids = new LinkedHashSet<>();
        for (long o : t.find(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY)))) {
            byte[] id = t.id(o);
            if (id.length > 0) {
                ids.add(hex(id));
            }
        }
        return ids;
    }

    /** The first private key object labelled {@code alias}, or 0. */
    private long privateKey(String alias) throws KeyStoreException {
        if (alias == null) {
            return 0;
        }
        long[] found = token().find(Cko.PRIVATE_KEY, Cka.LABEL, utf8(alias));
        return found.length == 0 ? 0 : found[0];
    }

    /** The first certificate labelled {@code alias} that belongs to no private key, or 0. */
    private long trustedCertificate(String alias) throws KeyStoreException {
        if (alias == null) {
            return 0;
        }
        Set<String> keyIds = keyIds();
        for (long c : token().find(Cko.CERTIFICATE, Cka.LABEL, utf8(alias))) {
            if (!keyIds.contains(hex(token().id(c)))) {
                return c;
            }
        }
        return 0;
    }

    private void deleteTrusted(String alias) throws KeyStoreException {
        long c;
        while ((c = trustedCertificate(alias)) != 0) {
            token().destroy(c);
        }
    }

    /** The token object of a Citadel key, found by its PSA key id. */
    private long objectOf(CitadelPrivateKey key) throws KeyStoreException {
        TokenSession t = token();
        for (long o : t.find(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY)))) {
            if (t.psaKeyId(o) == key.keyId()) {
                return o;
            }
        }
        throw new KeyStoreException(key + " is not a token object: make keys for the KeyStore through the token"
                + " (C_GenerateKeyPair, citadel provision keygen) or import a JDK key");
    }

    /** The certificates with the key's {@code CKA_ID}, from the one holding its public key along issuer links. */
    private List<X509Certificate> chain(long keyObject) throws KeyStoreException {
        TokenSession t = token();
        byte[] id = t.id(keyObject);
        if (id.length == 0) {
            return List.of();
        }
        List<X509Certificate> pool = new ArrayList<>();
        for (long c : t.find(Cko.CERTIFICATE, Cka.ID, id)) {
            pool.add(t.certificate(c));
        }
        byte[] spki = t.attribute(keyObject, Cka.PUBLIC_KEY_INFO);
        X509Certificate leaf = null;
        for (X509Certificate c : pool) {
            if (spki != null && Arrays.equals(c.getPublicKey().getEncoded(), spki)) {
                leaf = c;
                break;
            }
        }
        if (leaf == null) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        pool.remove(leaf);
        X509Certificate at = leaf;
        while (!at.getIssuerX500Principal().equals(at.getSubjectX500Principal())) {
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(at.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            pool.remove(next);
            at = next;
        }
        return chain;
    }

    static List<CkAttribute> certificateTemplate(X509Certificate c, String label, byte[] id)
            throws KeyStoreException {
        try {
            byte[] serial = c.getSerialNumber().toByteArray();
            byte[] serialDer = new byte[serial.length + 2];
            serialDer[0] = 0x02;
            serialDer[1] = (byte) serial.length;
            System.arraycopy(serial, 0, serialDer, 2, serial.length);
            return List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE),
                    CkAttribute.ofLong(Cka.CERTIFICATE_TYPE, Cko.CERTIFICATE_X_509),
                    CkAttribute.ofBool(Cka.TOKEN, true),
                    CkAttribute.ofString(Cka.LABEL, label),
                    CkAttribute.ofBytes(Cka.ID, id),
                    CkAttribute.ofBytes(Cka.SUBJECT, c.getSubjectX500Principal().getEncoded()),
                    CkAttribute.ofBytes(Cka.ISSUER, c.getIssuerX500Principal().getEncoded()),
                    CkAttribute.ofBytes(Cka.SERIAL_NUMBER, serialDer),
                    CkAttribute.ofBytes(Cka.VALUE, c.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new KeyStoreException("cannot encode " + c.getSubjectX500Principal(), e);
        }
    }

    /** A key's {@code CKA_ID}: the SHA-1 of its SubjectPublicKeyInfo (a name, not a security function). */
    static byte[] idOf(byte[] spki) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(spki);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a JDK algorithm", e);
        }
    }

    private static List<X509Certificate> x509(Certificate[] chain) throws KeyStoreException {
        List<X509Certificate> out = new ArrayList<>();
        if (chain != null) {
            for (Certificate c : chain) {
                if (!(c instanceof X509Certificate)) {
                    throw new KeyStoreException("only X.509 certificates can be token objects");
                }
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private interface Read<T> {
        T get() throws KeyStoreException;
    }

    /** For the KeyStoreSpi methods that declare no exception: a token failure is a {@code ProviderException}. */
    private static <T> T unchecked(Read<T> r) {
        try {
            return r.get();
        } catch (KeyStoreException e) {
            throw new java.security.ProviderException(e.getMessage(), e);
        }
    }
}
