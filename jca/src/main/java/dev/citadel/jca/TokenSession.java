package dev.citadel.jca;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One logged-in read/write session of the KeyStore's own PKCS#11 application on the token: the few Cryptoki calls
 * the KeyStore is made of (find, read, create, destroy, relabel). Callers synchronise.
 */
final class TokenSession {
    private final Cryptoki app;
    private final long session;

    private TokenSession(Cryptoki app, long session) {
        this.app = app;
        this.session = session;
    }

    /**
     * A new application on {@code token}, a R/W session, and the user logged in with {@code pin}.
     *
     * @throws IOException with an {@link UnrecoverableKeyException} cause for a wrong PIN, with a clear message for a
     *     locked PIN or an uninitialised token
     */
    static TokenSession login(PsaToken token, char[] pin) throws IOException {
        Cryptoki app = token.application();
        byte[] pinBytes = new String(pin).getBytes(StandardCharsets.UTF_8);
        try {
            app.initialize(Ckf.OS_LOCKING_OK);
            long s = app.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
            app.login(s, Ckf.USER_USER, pinBytes);
            return new TokenSession(app, s);
        } catch (CkException e) {
            try {
                app.finalizeLibrary();
            } catch (CkException ignored) {
                // nothing was opened
            }
            throw loginError(e);
        } finally {
            Arrays.fill(pinBytes, (byte) 0);
        }
    }

    private static IOException loginError(CkException e) {
        long rv = e.rv();
        if (rv == Ckr.PIN_INCORRECT) {
            return new IOException("wrong PIN", new UnrecoverableKeyException("wrong PIN"));
        }
        if (rv == Ckr.PIN_LOCKED) {
            return new IOException("the token's user PIN is locked after too many wrong PINs; the SO must reset it",
                    new UnrecoverableKeyException("user PIN locked"));
        }
        if (rv == Ckr.USER_PIN_NOT_INITIALIZED) {
            return new IOException("the token has no user PIN: initialise it first (citadel provision init-token)",
                    e);
        }
        if (rv == Ckr.PIN_LEN_RANGE || rv == Ckr.PIN_INVALID) {
            return new IOException("wrong PIN (" + Ckr.name(rv) + ")", new UnrecoverableKeyException("wrong PIN"));
        }
        return new IOException("cannot log in to the token: " + e.getMessage(), e);
    }

    void close() {
        try {
            app.finalizeLibrary();
        } catch (CkException ignored) {
            // already finalized
        }
    }

    long[] find(List<CkAttribute> template) throws KeyStoreException {
        try {
            app.findObjectsInit(session, template);
            List<Long> all = new ArrayList<>();
            try {
                long[] part;
                while ((part = app.findObjects(session, 64)).length > 0) {
                    for (long h : part) {
                        all.add(h);
                    }
                }
            } finally {
                app.findObjectsFinal(session);
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } catch (CkException e) {
            throw error("finding objects", e);
        }
    }

    long[] find(long objectClass, long type, byte[] value) throws KeyStoreException {
        return find(List.of(CkAttribute.ofLong(Cka.CLASS, objectClass), CkAttribute.ofBytes(type, value)));
    }

    long[] findByClass(long objectClass) throws KeyStoreException {
        return find(List.of(CkAttribute.ofLong(Cka.CLASS, objectClass)));
    }

    /** An attribute's value, or null if the object does not have it. */
    byte[] attribute(long object, long type) throws KeyStoreException {
        try {
            AttributeAnswer a = app.getAttributeValue(session, object, List.of(AttributeQuery.value(type)));
            if (a.rv() == Ckr.ATTRIBUTE_TYPE_INVALID || a.rv() == Ckr.ATTRIBUTE_SENSITIVE) {
                return null;
            }
            if (a.rv() != Ckr.OK) {
                throw new CkException(a.rv());
            }
            return a.values().get(0).value();
        } catch (CkException e) {
            throw error("reading " + Cka.name(type), e);
        }
    }

    String label(long object) throws KeyStoreException {
        byte[] v = attribute(object, Cka.LABEL);
        return v == null ? "" : new String(v, StandardCharsets.UTF_8);
    }

    byte[] id(long object) throws KeyStoreException {
        byte[] v = attribute(object, Cka.ID);
        return v == null ? new byte[0] : v;
    }

    /** The PSA key id behind a key object ({@link Cka#CITADEL_PSA_KEY_ID}). */
    int psaKeyId(long object) throws KeyStoreException {
        byte[] v = attribute(object, Cka.CITADEL_PSA_KEY_ID);
        if (v == null || v.length != 8) {
            throw new KeyStoreException("the token object has no PSA key");
        }
        return (int) java.nio.ByteBuffer.wrap(v).getLong();
    }

    X509Certificate certificate(long object) throws KeyStoreException {
        byte[] der = attribute(object, Cka.VALUE);
        if (der == null) {
            throw new KeyStoreException("certificate object '" + label(object) + "' has no value");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new KeyStoreException("certificate object '" + label(object) + "' is not an X.509 certificate", e);
        }
    }

    long create(List<CkAttribute> template) throws KeyStoreException {
        try {
            return app.createObject(session, template);
        } catch (CkException e) {
            throw error("creating an object", e);
        }
    }

    void destroy(long object) throws KeyStoreException {
        try {
            app.destroyObject(session, object);
        } catch (CkException e) {
            throw error("destroying an object", e);
        }
    }

    void set(long object, CkAttribute attribute) throws KeyStoreException {
        try {
            app.setAttributeValue(session, object, List.of(attribute));
        } catch (CkException e) {
            throw error("setting " + Cka.name(attribute.type()), e);
        }
    }

    private static KeyStoreException error(String what, CkException e) {
        return new KeyStoreException("token: " + what + " failed: " + e.getMessage(), e);
    }
}
