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
import dev.citadel.pkcs11.Ckm;
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

    /** One PSA algorithm a key's policy may hold, the usage attributes it serves and the mechanisms it runs. */
    private record Candidate(Algorithm algorithm, List<Long> usage, List<Long> mechanisms) {}

    private static final List<Long> SIGNING = List.of(Cka.SIGN, Cka.VERIFY);
    private static final List<Long> CRYPTING = List.of(Cka.ENCRYPT, Cka.DECRYPT);

    /**
     * Per key type, the algorithms a key's PSA policy may hold, in order of preference. A PSA key permits two
     * algorithms; the policy is the first two candidates whose usage the key has and whose mechanisms its
     * {@code CKA_ALLOWED_MECHANISMS} (if any) name.
     */
    private static final Map<Long, List<Candidate>> CANDIDATES = Map.of(
            Cko.KEY_EC, List.of(
                    new Candidate(Algorithm.ecdsa(Algorithm.ANY_HASH), SIGNING, List.of(Ckm.ECDSA, Ckm.ECDSA_SHA256,
                            Ckm.ECDSA_SHA384, Ckm.ECDSA_SHA512)),
                    new Candidate(Algorithm.ECDH, List.of(Cka.DERIVE), List.of(Ckm.ECDH1_DERIVE)),
                    new Candidate(Algorithm.ECDSA_ANY, SIGNING, List.of(Ckm.ECDSA))),
            Cko.KEY_RSA, List.of(
                    new Candidate(Algorithm.rsaPkcs1v15Sign(Algorithm.ANY_HASH), SIGNING, List.of(Ckm.RSA_PKCS,
                            Ckm.SHA256_RSA_PKCS, Ckm.SHA384_RSA_PKCS, Ckm.SHA512_RSA_PKCS)),
                    new Candidate(Algorithm.rsaOaep(Algorithm.SHA_256), CRYPTING, List.of(Ckm.RSA_PKCS_OAEP)),
                    new Candidate(Algorithm.RSA_PKCS1V15_CRYPT, CRYPTING, List.of(Ckm.RSA_PKCS)),
                    new Candidate(Algorithm.rsaPss(Algorithm.ANY_HASH), SIGNING, List.of(Ckm.RSA_PKCS_PSS,
                            Ckm.SHA256_RSA_PKCS_PSS, Ckm.SHA384_RSA_PKCS_PSS, Ckm.SHA512_RSA_PKCS_PSS)),
                    new Candidate(Algorithm.rsaOaep(Algorithm.SHA_1), CRYPTING, List.of(Ckm.RSA_PKCS_OAEP))),
            Cko.KEY_EC_EDWARDS, List.of(new Candidate(Algorithm.PURE_EDDSA, SIGNING, List.of(Ckm.EDDSA))),
            Cko.KEY_AES, List.of(
                    new Candidate(Algorithm.aeadWithAtLeastThisLengthTag(Algorithm.GCM, 12), CRYPTING,
                            List.of(Ckm.AES_GCM)),
                    new Candidate(Algorithm.CBC_PKCS7, CRYPTING, List.of(Ckm.AES_CBC_PAD))),
            Cko.KEY_GENERIC_SECRET, List.of(
                    new Candidate(Algorithm.hmac(Algorithm.SHA_256), SIGNING, List.of(Ckm.SHA256_HMAC)),
                    new Candidate(Algorithm.hmac(Algorithm.SHA_384), SIGNING, List.of(Ckm.SHA384_HMAC)),
                    new Candidate(Algorithm.hmac(Algorithm.SHA_512), SIGNING, List.of(Ckm.SHA512_HMAC))));

    /** The mechanisms of {@code CKA_ALLOWED_MECHANISMS}, or null when the attribute is absent. */
    static List<Long> allowedMechanisms(Map<Long, byte[]> a) {
        byte[] v = a.get(Cka.ALLOWED_MECHANISMS);
        if (v == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i + 8 <= v.length; i += 8) {
            out.add(asLong(Arrays.copyOfRange(v, i, i + 8)));
        }
        return out;
    }

    /** The PSA permitted algorithms of a key with these attributes: {algorithm, enrollment algorithm}. */
    static Algorithm[] policy(long keyType, Map<Long, byte[]> a) {
        List<Long> allowed = allowedMechanisms(a);
        List<Algorithm> chosen = new ArrayList<>();
        for (Candidate c : CANDIDATES.getOrDefault(keyType, List.of())) {
            boolean used = c.usage().stream().anyMatch(u -> asBool(a.get(u)));
            boolean allowedHere = allowed == null || c.mechanisms().stream().anyMatch(allowed::contains);
            if (used && allowedHere && chosen.size() < 2) {
                chosen.add(c.algorithm());
            }
        }
        while (chosen.size() < 2) {
            chosen.add(Algorithm.NONE);
        }
        return chosen.toArray(Algorithm[]::new);
    }

    /** Whether the PSA policy this token gave {@code key} permits {@code alg}. */
    static boolean permits(TokenObject key, Algorithm alg) {
        for (Algorithm p : policy(key.keyType(), key.attributes())) {
            if (!p.equals(Algorithm.NONE) && Algorithm.permits(p, alg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The checks every operation's init makes on its key: a mechanism in the key's {@code CKA_ALLOWED_MECHANISMS}
     * ({@code CKR_MECHANISM_INVALID} otherwise), the usage attribute ({@code CKR_KEY_FUNCTION_NOT_PERMITTED}) and the
     * PSA algorithm within the key's policy ({@code CKR_KEY_FUNCTION_NOT_PERMITTED}).
     */
    static void checkUse(TokenObject key, long mechanism, long usage, Algorithm alg) throws CkException {
        List<Long> allowed = allowedMechanisms(key.attributes());
        if (allowed != null && !allowed.contains(mechanism)) {
            throw new CkException(Ckr.MECHANISM_INVALID, "not in CKA_ALLOWED_MECHANISMS");
        }
        if (!key.bool(usage)) {
            throw new CkException(Ckr.KEY_FUNCTION_NOT_PERMITTED, Cka.name(usage) + " is false");
        }
        if (alg != null && !permits(key, alg)) {
            throw new CkException(Ckr.KEY_FUNCTION_NOT_PERMITTED, alg + " is outside the key's PSA policy");
        }
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
        Algorithm[] p = policy(keyType, a);
        return KeyAttributes.builder().type(type).bits(bits).usage(usage(a)).algorithm(p[0]).algorithm2(p[1]);
    }

    // ---- C_GenerateKeyPair

    TokenObject[] generateKeyPair(Object owner, long session, CkMechanism mechanism, List<CkAttribute> publicTemplate,
            List<CkAttribute> privateTemplate, Guard guard) throws CkException {
        Mechanism m = Mechanism.of(mechanism.type(), x -> x.kind == Mechanism.Kind.GENERATE_PAIR)
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
        if (pubT.containsKey(Cka.EC_POINT) || pubT.containsKey(Cka.MODULUS) || pubT.containsKey(Cka.PUBLIC_KEY_INFO)
                || privT.containsKey(Cka.PUBLIC_KEY_INFO)) {
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
            byte[] info = publicKeyInfo(kt, pub, exported);
            pub.put(Cka.PUBLIC_KEY_INFO, info);
            priv.put(Cka.PUBLIC_KEY_INFO, info);
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

    // ---- C_GenerateKey and C_DeriveKey: secret keys

    TokenObject generateKey(Object owner, long session, CkMechanism mechanism, List<CkAttribute> template,
            Guard guard) throws CkException {
        Mechanism m = Mechanism.of(mechanism.type(), x -> x.kind == Mechanism.Kind.GENERATE_KEY)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        if (!(mechanism.params() instanceof MechanismParams.None)) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID);
        }
        Map<Long, byte[]> t = AttributeRules.parse(template);
        checkClassAndType(t, Cko.SECRET_KEY, m.keyType);
        Map<Long, byte[]> a = secretTemplate(t, m.keyType);
        int length = secretLength(m.keyType, a, m.info().maxKeySize());
        a.put(Cka.LOCAL, bool(true));
        a.put(Cka.KEY_GEN_MECHANISM, ulong(m.type));
        a.put(Cka.ALWAYS_SENSITIVE, bool(asBool(a.get(Cka.SENSITIVE))));
        a.put(Cka.NEVER_EXTRACTABLE, bool(!asBool(a.get(Cka.EXTRACTABLE))));
        guard.check(a);
        return makeSecret(owner, session, m.keyType, length, a, null);
    }

    /**
     * {@code CKM_ECDH1_DERIVE} with {@code CKD_NULL}: the x-coordinate of the shared point from the SPE's raw key
     * agreement, its last {@code CKA_VALUE_LEN} bytes imported as the new secret key, then wiped.
     */
    TokenObject deriveKey(Object owner, long session, CkMechanism mechanism, TokenObject base,
            List<CkAttribute> template, Guard guard) throws CkException {
        Mechanism m = Mechanism.of(mechanism.type(), x -> x.kind == Mechanism.Kind.DERIVE)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        if (!(mechanism.params() instanceof MechanismParams.Ecdh1Derive p)) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "CK_ECDH1_DERIVE_PARAMS needed");
        }
        if (p.kdf() != Ckm.KDF_NULL || p.sharedData().length != 0) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "only CKD_NULL without shared data");
        }
        if (base.objectClass() != Cko.PRIVATE_KEY || base.keyType() != m.keyType) {
            throw new CkException(Ckr.KEY_TYPE_INCONSISTENT, "ECDH needs an EC private key");
        }
        checkUse(base, m.type, Cka.DERIVE, Algorithm.ECDH);
        Curve curve = Curve.of(base.keyType(), base.get(Cka.EC_PARAMS))
                .orElseThrow(() -> new CkException(Ckr.GENERAL_ERROR, "curve"));
        byte[] peer = p.publicData();
        int rawLength = 1 + 2 * curve.fieldBytes();
        if (peer.length != rawLength) {
            byte[] inner = Der.unwrap(Der.OCTET_STRING, peer);
            if (inner == null || inner.length != rawLength) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "the peer's point");
            }
            peer = inner;
        }
        Map<Long, byte[]> t = AttributeRules.parse(template);
        if (t.containsKey(Cka.CLASS) && asLong(t.get(Cka.CLASS)) != Cko.SECRET_KEY) {
            throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "CKA_CLASS");
        }
        byte[] kt = t.get(Cka.KEY_TYPE);
        if (kt == null) {
            throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_KEY_TYPE");
        }
        long keyType = asLong(kt);
        if (keyType != Cko.KEY_AES && keyType != Cko.KEY_GENERIC_SECRET) {
            throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "an AES or generic secret key");
        }
        Map<Long, byte[]> a = secretTemplate(t, keyType);
        int length = secretLength(keyType, a, curve.fieldBytes());
        a.put(Cka.ALWAYS_SENSITIVE, bool(base.bool(Cka.ALWAYS_SENSITIVE) && asBool(a.get(Cka.SENSITIVE))));
        a.put(Cka.NEVER_EXTRACTABLE, bool(base.bool(Cka.NEVER_EXTRACTABLE) && !asBool(a.get(Cka.EXTRACTABLE))));
        guard.check(a);
        byte[] secret;
        try {
            secret = crypto.rawKeyAgreement(Algorithm.ECDH, base.psaKeyId, peer);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.MECHANISM_PARAM_INVALID);
        }
        byte[] value = Arrays.copyOfRange(secret, secret.length - length, secret.length);
        Arrays.fill(secret, (byte) 0);
        return makeSecret(owner, session, keyType, length, a, value);
    }

    /** A secret key's attributes from a generation or derivation template (which may not give the value). */
    private static Map<Long, byte[]> secretTemplate(Map<Long, byte[]> t, long keyType) throws CkException {
        if (t.containsKey(Cka.VALUE)) {
            throw new CkException(Ckr.ATTRIBUTE_READ_ONLY, "CKA_VALUE is made by the token");
        }
        Set<Long> settable = new java.util.HashSet<>(AttributeRules.settable(Cko.SECRET_KEY, keyType));
        settable.remove(Cka.VALUE);
        AttributeRules.checkSettable(t, settable);
        Map<Long, byte[]> a = AttributeRules.defaults(Cko.SECRET_KEY);
        a.putAll(t);
        a.put(Cka.CLASS, ulong(Cko.SECRET_KEY));
        a.put(Cka.KEY_TYPE, ulong(keyType));
        return a;
    }

    /** {@code CKA_VALUE_LEN}: required; AES 16, 24 or 32, a generic secret 1..{@code max} bytes. */
    private static int secretLength(long keyType, Map<Long, byte[]> a, long max) throws CkException {
        byte[] v = a.get(Cka.VALUE_LEN);
        if (v == null) {
            throw new CkException(Ckr.TEMPLATE_INCOMPLETE, "CKA_VALUE_LEN");
        }
        long n = asLong(v);
        boolean ok = keyType == Cko.KEY_AES ? (n == 16 || n == 24 || n == 32) && n <= max : n >= 1 && n <= max;
        if (!ok) {
            throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "CKA_VALUE_LEN " + n);
        }
        return (int) n;
    }

    /** Generates ({@code value} null) or imports a secret key and stores its object; {@code value} is wiped. */
    private TokenObject makeSecret(Object owner, long session, long keyType, int length, Map<Long, byte[]> a,
            byte[] value) throws CkException {
        KeyType type = keyType == Cko.KEY_AES ? KeyType.AES : KeyType.HMAC;
        List<Integer> created = new ArrayList<>();
        List<Integer> records = new ArrayList<>();
        try {
            int id = create(psaAttributes(type, length * 8, keyType, a), Cko.SECRET_KEY, a, value, created, records);
            TokenObject o = object(owner, session, id, records.get(0), a);
            store(o, null);
            return o;
        } catch (PsaException e) {
            undo(created, records);
            throw PsaErrors.toCk(e, Ckr.TEMPLATE_INCONSISTENT);
        } catch (CkException | RuntimeException e) {
            undo(created, records);
            throw e;
        } finally {
            if (value != null) {
                Arrays.fill(value, (byte) 0);
            }
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
            if (uid != 0 && store.valueUidFree(uid)) {
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
        byte[] givenInfo = a.remove(Cka.PUBLIC_KEY_INFO);
        List<Integer> created = new ArrayList<>();
        List<Integer> records = new ArrayList<>();
        try {
            int id = create(psaAttributes(type, bits, kt, a), objectClass, a, material, created, records);
            if (objectClass != Cko.SECRET_KEY) {
                byte[] info = publicKeyInfo(kt, a, kt == Cko.KEY_RSA ? null : crypto.exportPublicKey(id));
                if (givenInfo != null && givenInfo.length > 0 && !Arrays.equals(givenInfo, info)) {
                    throw new CkException(Ckr.TEMPLATE_INCONSISTENT, "CKA_PUBLIC_KEY_INFO is not this key's");
                }
                a.put(Cka.PUBLIC_KEY_INFO, info);
            }
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

    /**
     * {@code CKA_PUBLIC_KEY_INFO}: the DER SubjectPublicKeyInfo, from the modulus and exponent of an RSA key or the
     * exported (raw) public key of an EC or Edwards key.
     */
    static byte[] publicKeyInfo(long keyType, Map<Long, byte[]> a, byte[] exportedPublic) throws CkException {
        if (keyType == Cko.KEY_RSA) {
            byte[] rsa = Der.sequence(Der.unsignedInteger(a.get(Cka.MODULUS)),
                    Der.unsignedInteger(a.get(Cka.PUBLIC_EXPONENT)));
            return Der.sequence(Der.sequence(RSA_ENCRYPTION, DER_NULL), Der.bitString(rsa));
        }
        Curve curve = Curve.of(keyType, a.get(Cka.EC_PARAMS))
                .orElseThrow(() -> new CkException(Ckr.GENERAL_ERROR, "curve"));
        byte[] algorithm = keyType == Cko.KEY_EC ? Der.sequence(EC_PUBLIC_KEY, curve.ecParams())
                : Der.sequence(curve.ecParams());
        return Der.sequence(algorithm, Der.bitString(exportedPublic));
    }

    private static final byte[] RSA_ENCRYPTION = java.util.HexFormat.of().parseHex("06092a864886f70d010101");
    private static final byte[] EC_PUBLIC_KEY = java.util.HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final byte[] DER_NULL = {0x05, 0x00};

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
