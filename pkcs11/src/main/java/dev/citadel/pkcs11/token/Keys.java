package dev.citadel.pkcs11.token;

import static dev.citadel.pkcs11.token.AttributeRules.asBool;
import static dev.citadel.pkcs11.token.AttributeRules.asLong;
import static dev.citadel.pkcs11.token.AttributeRules.bool;
import static dev.citadel.pkcs11.token.AttributeRules.ulong;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.MechanismParams;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key pair generation and object creation: templates checked, PSA keys made with a policy that serves every
 * mechanism PKCS#11 allows for the key, attribute sets built, objects stored.
 */
final class Keys {
    private static final byte[] F4 = {1, 0, 1};

    /** Checks that the calling session may create an object with these attributes. */
    interface Guard {
        void check(Map<Long, byte[]> attributes) throws CkException;
    }

    private final PsaCrypto crypto;
    private final ObjectStore store;

    Keys(PsaCrypto crypto, ObjectStore store) {
        this.crypto = crypto;
        this.store = store;
    }

    // ---- PSA policies: the one place where PKCS#11 key flags become PSA usage and algorithms

    /** The PSA permitted algorithms of a key of this PKCS#11 key type: {algorithm, enrollment algorithm}. */
    static Algorithm[] policy(long keyType) {
        if (keyType == Cko.KEY_EC) {
            return new Algorithm[] {Algorithm.ecdsa(Algorithm.ANY_HASH), Algorithm.ECDSA_ANY};
        }
        if (keyType == Cko.KEY_RSA) {
            return new Algorithm[] {Algorithm.rsaPkcs1v15Sign(Algorithm.ANY_HASH), Algorithm.rsaPss(Algorithm.ANY_HASH)};
        }
        if (keyType == Cko.KEY_EC_EDWARDS) {
            return new Algorithm[] {Algorithm.PURE_EDDSA, Algorithm.NONE};
        }
        if (keyType == Cko.KEY_AES) {
            return new Algorithm[] {Algorithm.aeadWithDefaultLengthTag(Algorithm.GCM), Algorithm.CBC_PKCS7};
        }
        return new Algorithm[] {Algorithm.hmac(Algorithm.SHA_256), Algorithm.NONE};
    }

    static KeyUsage usage(Map<Long, byte[]> a) {
        KeyUsage u = KeyUsage.NONE;
        if (asBool(a.get(Cka.SIGN))) {
            u = u.with(KeyUsage.SIGN_HASH, KeyUsage.SIGN_MESSAGE);
        }
        if (asBool(a.get(Cka.VERIFY))) {
            u = u.with(KeyUsage.VERIFY_HASH, KeyUsage.VERIFY_MESSAGE);
        }
        if (asBool(a.get(Cka.ENCRYPT))) {
            u = u.with(KeyUsage.ENCRYPT);
        }
        if (asBool(a.get(Cka.DECRYPT))) {
            u = u.with(KeyUsage.DECRYPT);
        }
        if (asBool(a.get(Cka.DERIVE))) {
            u = u.with(KeyUsage.DERIVE);
        }
        if (asBool(a.get(Cka.EXTRACTABLE)) && !asBool(a.get(Cka.SENSITIVE))) {
            u = u.with(KeyUsage.EXPORT);
        }
        return u;
    }

    private static KeyAttributes.Builder psaAttributes(KeyType type, int bits, long keyType, Map<Long, byte[]> a) {
        Algorithm[] p = policy(keyType);
        return KeyAttributes.builder().type(type).bits(bits).usage(usage(a)).algorithm(p[0]).algorithm2(p[1]);
    }

    // ---- C_GenerateKeyPair

    TokenObject[] generateKeyPair(Object owner, long session, CkMechanism mechanism, List<CkAttribute> publicTemplate,
            List<CkAttribute> privateTemplate, Guard guard) throws CkException {
        Mechanism m = Mechanism.of(mechanism.type()).filter(x -> x.kind == Mechanism.Kind.GENERATE_PAIR)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        if (!(mechanism.params() instanceof MechanismParams.None)) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID);
        }
        long kt = m.keyType;
        Map<Long, byte[]> pubT = AttributeRules.parse(publicTemplate);
        Map<Long, byte[]> privT = AttributeRules.parse(privateTemplate);
        checkClassAndType(pubT, Cko.PUBLIC_KEY, kt);
        checkClassAndType(privT, Cko.PRIVATE_KEY, kt);
        Set<Long> pubSettable = new java.util.HashSet<>(AttributeRules.settable(Cko.PUBLIC_KEY, kt));
        pubSettable.removeAll(List.of(Cka.EC_POINT, Cka.MODULUS));
        if (pubT.containsKey(Cka.EC_POINT) || pubT.containsKey(Cka.MODULUS)) {
            throw new CkException(Ckr.ATTRIBUTE_READ_ONLY, "set by the token");
        }
        AttributeRules.checkSettable(pubT, pubSettable);
        Set<Long> privSettable = new java.util.HashSet<>(AttributeRules.settable(Cko.PRIVATE_KEY, kt));
        privSettable.removeAll(AttributeRules.SECRET_PARTS);
        privSettable.removeAll(List.of(Cka.MODULUS, Cka.PUBLIC_EXPONENT));
        for (long t : privT.keySet()) {
            if (AttributeRules.SECRET_PARTS.contains(t) || t == Cka.MODULUS || t == Cka.PUBLIC_EXPONENT) {
                throw new CkException(Ckr.ATTRIBUTE_READ_ONLY, Cka.name(t));
            }
        }
        AttributeRules.checkSettable(privT, privSettable);

        Map<Long, byte[]> pub = AttributeRules.defaults(Cko.PUBLIC_KEY);
        pub.putAll(pubT);
        Map<Long, byte[]> priv = AttributeRules.defaults(Cko.PRIVATE_KEY);
        priv.putAll(privT);
        for (Map<Long, byte[]> a : List.of(pub, priv)) {
            a.put(Cka.KEY_TYPE, ulong(kt));
            a.put(Cka.LOCAL, bool(true));
            a.put(Cka.KEY_GEN_MECHANISM, ulong(m.type));
        }
        pub.put(Cka.CLASS, ulong(Cko.PUBLIC_KEY));
        priv.put(Cka.CLASS, ulong(Cko.PRIVATE_KEY));
        priv.put(Cka.ALWAYS_SENSITIVE, bool(asBool(priv.get(Cka.SENSITIVE))));
        priv.put(Cka.NEVER_EXTRACTABLE, bool(!asBool(priv.get(Cka.EXTRACTABLE))));

        KeyType pairType;
        KeyType publicType;
        int bits;
        Curve curve = null;
        if (kt == Cko.KEY_RSA) {
            byte[] mb = pubT.get(Cka.MODULUS_BITS);
            if (mb == null) {
                throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_MODULUS_BITS");
            }
            long b = asLong(mb);
            if (b < m.info().minKeySize() || b > m.info().maxKeySize() || b % 8 != 0) {
                throw new CkException(Ckr.KEY_SIZE_RANGE, b + " bits");
            }
            byte[] e = pubT.get(Cka.PUBLIC_EXPONENT);
            if (e != null && !new BigInteger(1, e).equals(BigInteger.valueOf(65537))) {
                throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "public exponent must be 65537");
            }
            bits = (int) b;
            pairType = KeyType.RSA_KEY_PAIR;
            publicType = KeyType.RSA_PUBLIC_KEY;
        } else {
            byte[] params = pubT.containsKey(Cka.EC_PARAMS) ? pubT.get(Cka.EC_PARAMS) : privT.get(Cka.EC_PARAMS);
            if (params == null) {
                throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_EC_PARAMS");
            }
            curve = Curve.of(kt, params).orElseThrow(() -> new CkException(Ckr.CURVE_NOT_SUPPORTED));
            if (privT.containsKey(Cka.EC_PARAMS)
                    && Curve.of(kt, privT.get(Cka.EC_PARAMS)).orElse(null) != curve) {
                throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "two curves");
            }
            pub.put(Cka.EC_PARAMS, params);
            priv.put(Cka.EC_PARAMS, params);
            bits = curve.bits;
            pairType = KeyType.eccKeyPair(curve.family);
            publicType = KeyType.eccPublicKey(curve.family);
        }
        guard.check(pub);
        guard.check(priv);

        List<Integer> created = new ArrayList<>();
        List<Integer> records = new ArrayList<>();
        try {
            KeyAttributes.Builder privAttrs = psaAttributes(pairType, bits, kt, priv);
            int privId = create(privAttrs, Cko.PRIVATE_KEY, priv, null, created, records);
            byte[] exported = crypto.exportPublicKey(privId);
            if (kt == Cko.KEY_RSA) {
                List<byte[]> ints = Der.integers(exported);
                for (Map<Long, byte[]> a : List.of(pub, priv)) {
                    a.put(Cka.MODULUS, ints.get(0));
                    a.put(Cka.PUBLIC_EXPONENT, ints.get(1));
                }
                pub.put(Cka.MODULUS_BITS, ulong(bits));
            } else {
                pub.put(Cka.EC_POINT, Der.octetString(exported));
            }
            KeyAttributes.Builder pubAttrs = psaAttributes(publicType, bits, kt, pub);
            int pubId = create(pubAttrs, Cko.PUBLIC_KEY, pub, exported, created, records);
            TokenObject pubObj = object(owner, session, pubId, records.get(1), pub);
            TokenObject privObj = object(owner, session, privId, records.get(0), priv);
            store(pubObj, null);
            try {
                store(privObj, null);
            } catch (CkException e) {
                store.remove(pubObj);
                throw e;
            }
            return new TokenObject[] {pubObj, privObj};
        } catch (PsaException e) {
            undo(created, records);
            throw PsaErrors.toCk(e, Ckr.TEMPLATE_INCONSISTENT);
        } catch (CkException | RuntimeException e) {
            undo(created, records);
            throw e;
        }
    }

    private void undo(List<Integer> created, List<Integer> records) {
        for (int id : created) {
            try {
                crypto.destroyKey(id);
            } catch (PsaException ignored) {
                // nothing more to do
            }
            store.releaseKeyId(id);
        }
        records.stream().filter(r -> r != 0).forEach(store::releaseRecord);
    }

    /** Creates a PSA key (generated when {@code material} is null), persistent for a token object. */
    private int create(KeyAttributes.Builder attrs, long objectClass, Map<Long, byte[]> a, byte[] material,
            List<Integer> created, List<Integer> records) throws CkException, PsaException {
        if (asBool(a.get(Cka.TOKEN))) {
            records.add(store.reserveRecord());
            int preferred = FreeRtosObjects.keyId(objectClass, a.get(Cka.LABEL));
            int id = store.createPersistentKey(preferred, kid -> material == null
                    ? crypto.generateKey(attrs.lifetime(KeyLifetime.PERSISTENT).id(kid).build())
                    : crypto.importKey(attrs.lifetime(KeyLifetime.PERSISTENT).id(kid).build(), material));
            created.add(id);
            return id;
        }
        records.add(0);
        int id = material == null ? crypto.generateKey(attrs.lifetime(KeyLifetime.VOLATILE).build())
                : crypto.importKey(attrs.lifetime(KeyLifetime.VOLATILE).build(), material);
        created.add(id);
        return id;
    }

    private TokenObject object(Object owner, long session, int keyId, int record, Map<Long, byte[]> a) {
        boolean token = asBool(a.get(Cka.TOKEN));
        return new TokenObject(store.newHandle(), token ? null : owner, token ? 0 : session, keyId, record, 0, a);
    }

    private void store(TokenObject o, byte[] separateValue) throws CkException {
        if (o.isToken()) {
            store.addTokenObject(o, separateValue);
        } else {
            store.addSessionObject(o);
        }
    }

    private static void checkClassAndType(Map<Long, byte[]> t, long objectClass, long keyType) throws CkException {
        if (t.containsKey(Cka.CLASS) && asLong(t.get(Cka.CLASS)) != objectClass) {
            throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "CKA_CLASS");
        }
        if (t.containsKey(Cka.KEY_TYPE) && asLong(t.get(Cka.KEY_TYPE)) != keyType) {
            throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "CKA_KEY_TYPE");
        }
    }

    // ---- C_CreateObject

    TokenObject createObject(Object owner, long session, List<CkAttribute> template, Guard guard)
            throws CkException {
        Map<Long, byte[]> t = AttributeRules.parse(template);
        byte[] cls = t.get(Cka.CLASS);
        if (cls == null) {
            throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_CLASS");
        }
        long objectClass = asLong(cls);
        long kt = -1;
        boolean key = objectClass == Cko.PUBLIC_KEY || objectClass == Cko.PRIVATE_KEY || objectClass == Cko.SECRET_KEY;
        if (key) {
            byte[] k = t.get(Cka.KEY_TYPE);
            if (k == null) {
                throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_KEY_TYPE");
            }
            kt = asLong(k);
        }
        Set<Long> settable;
        try {
            settable = AttributeRules.settable(objectClass, kt);
        } catch (CkException e) {
            throw new CkException(key ? Ckr.TEMPLATE_INCONSISTENT : Ckr.ATTRIBUTE_VALUE_INVALID, e.getMessage());
        }
        AttributeRules.checkSettable(t, settable);
        Map<Long, byte[]> a = AttributeRules.defaults(objectClass);
        a.putAll(t);
        if (objectClass == Cko.PRIVATE_KEY || objectClass == Cko.SECRET_KEY) {
            a.put(Cka.ALWAYS_SENSITIVE, bool(false));
            a.put(Cka.NEVER_EXTRACTABLE, bool(false));
        }
        guard.check(a);
        boolean token = asBool(a.get(Cka.TOKEN));
        if (!key) {
            return createStorageObject(owner, session, objectClass, a, token);
        }
        return importKey(owner, session, objectClass, kt, a, token);
    }

    private TokenObject createStorageObject(Object owner, long session, long objectClass, Map<Long, byte[]> a,
            boolean token) throws CkException {
        long valueUid = 0;
        byte[] separate = null;
        if (objectClass == Cko.CERTIFICATE) {
            byte[] ct = a.get(Cka.CERTIFICATE_TYPE);
            if (ct == null) {
                throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_CERTIFICATE_TYPE");
            }
            if (asLong(ct) != Cko.CERTIFICATE_X_509) {
                throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "only X.509 certificates");
            }
            if (a.get(Cka.VALUE) == null || a.get(Cka.VALUE).length == 0) {
                throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_VALUE");
            }
            long uid = token ? FreeRtosObjects.psUid(objectClass, a.get(Cka.LABEL)) : 0;
            if (uid != 0 && !store.valueUidInUse(uid)) {
                valueUid = uid;
                separate = a.remove(Cka.VALUE);
            }
        } else if (!a.containsKey(Cka.VALUE)) {
            a.put(Cka.VALUE, new byte[0]);
        }
        if (!token) {
            TokenObject o = new TokenObject(store.newHandle(), owner, session, 0, 0, 0, a);
            store.addSessionObject(o);
            return o;
        }
        int record = store.reserveRecord();
        TokenObject o = new TokenObject(store.newHandle(), null, 0, 0, record, valueUid, a);
        store.addTokenObject(o, separate);
        return o;
    }

    private TokenObject importKey(Object owner, long session, long objectClass, long kt, Map<Long, byte[]> a,
            boolean token) throws CkException {
        KeyType type;
        int bits = 0;
        byte[] material;
        if (kt == Cko.KEY_EC || kt == Cko.KEY_EC_EDWARDS) {
            Curve curve = Curve.of(kt, required(a, Cka.EC_PARAMS))
                    .orElseThrow(() -> new CkException(Ckr.CURVE_NOT_SUPPORTED));
            if (objectClass == Cko.PUBLIC_KEY) {
                byte[] point = required(a, Cka.EC_POINT);
                int rawLength = kt == Cko.KEY_EC ? 1 + 2 * curve.fieldBytes() : 32;
                byte[] inner = Der.unwrap(Der.OCTET_STRING, point);
                material = inner != null && inner.length == rawLength ? inner : point;
                if (material.length != rawLength) {
                    throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT");
                }
                a.put(Cka.EC_POINT, Der.octetString(material));
                type = KeyType.eccPublicKey(curve.family);
            } else {
                byte[] d = Der.unsigned(required(a, Cka.VALUE));
                if (d.length > curve.fieldBytes()) {
                    throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "CKA_VALUE");
                }
                material = new byte[curve.fieldBytes()];
                System.arraycopy(d, 0, material, material.length - d.length, d.length);
                a.remove(Cka.VALUE);
                type = KeyType.eccKeyPair(curve.family);
            }
            bits = curve.bits;
        } else if (kt == Cko.KEY_RSA) {
            byte[] n = Der.unsigned(required(a, Cka.MODULUS));
            byte[] e = Der.unsigned(required(a, Cka.PUBLIC_EXPONENT));
            a.put(Cka.MODULUS, n);
            a.put(Cka.PUBLIC_EXPONENT, e);
            if (objectClass == Cko.PUBLIC_KEY) {
                material = Der.sequence(Der.unsignedInteger(n), Der.unsignedInteger(e));
                type = KeyType.RSA_PUBLIC_KEY;
                a.put(Cka.MODULUS_BITS, ulong(new BigInteger(1, n).bitLength()));
            } else {
                List<byte[]> parts = new ArrayList<>(List.of(new byte[] {0}, n, e));
                for (long p : List.of(Cka.PRIVATE_EXPONENT, Cka.PRIME_1, Cka.PRIME_2, Cka.EXPONENT_1, Cka.EXPONENT_2,
                        Cka.COEFFICIENT)) {
                    parts.add(required(a, p));
                    a.remove(p);
                }
                material = Der.sequence(parts.stream().map(Der::unsignedInteger).toArray(byte[][]::new));
                type = KeyType.RSA_KEY_PAIR;
            }
        } else {
            byte[] v = required(a, Cka.VALUE);
            a.remove(Cka.VALUE);
            if (a.containsKey(Cka.VALUE_LEN) && asLong(a.get(Cka.VALUE_LEN)) != v.length) {
                throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "CKA_VALUE_LEN");
            }
            a.put(Cka.VALUE_LEN, ulong(v.length));
            material = v;
            type = kt == Cko.KEY_AES ? KeyType.AES : KeyType.HMAC;
        }
        List<Integer> created = new ArrayList<>();
        List<Integer> records = new ArrayList<>();
        try {
            int id = create(psaAttributes(type, bits, kt, a), objectClass, a, material, created, records);
            TokenObject o = object(owner, session, id, records.get(0), a);
            store(o, null);
            return o;
        } catch (PsaException e) {
            undo(created, records);
            throw PsaErrors.toCk(e, Ckr.ATTRIBUTE_VALUE_INVALID);
        } catch (CkException | RuntimeException e) {
            undo(created, records);
            throw e;
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static byte[] required(Map<Long, byte[]> a, long type) throws CkException {
        byte[] v = a.get(type);
        if (v == null) {
            throw new CkException(Ckr.TEMPLATE_INCOMPLETE, Cka.name(type));
        }
        return v;
    }

    static Map<Long, byte[]> copy(Map<Long, byte[]> a) {
        return new HashMap<>(a);
    }
}
