package dev.citadel.pkcs11.token;

import static dev.citadel.pkcs11.Cka.*;

import dev.citadel.pkcs11.AttributeKind;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of which attributes each object class and key type has, which of them a template may give, which are
 * sensitive, and their defaults (PKCS#11 2.40 §4).
 */
final class AttributeRules {
    private static final Set<Long> STORAGE = Set.of(CLASS, TOKEN, PRIVATE, MODIFIABLE, LABEL, COPYABLE, DESTROYABLE);
    private static final Set<Long> DATA = Set.of(APPLICATION, OBJECT_ID, VALUE);
    private static final Set<Long> CERTIFICATE = Set.of(CERTIFICATE_TYPE, TRUSTED, CERTIFICATE_CATEGORY, START_DATE,
            END_DATE, PUBLIC_KEY_INFO, SUBJECT, ID, ISSUER, SERIAL_NUMBER, VALUE, URL, HASH_OF_SUBJECT_PUBLIC_KEY,
            HASH_OF_ISSUER_PUBLIC_KEY, JAVA_MIDP_SECURITY_DOMAIN, NAME_HASH_ALGORITHM);
    private static final Set<Long> KEY = Set.of(KEY_TYPE, ID, START_DATE, END_DATE, DERIVE, ALLOWED_MECHANISMS);
    private static final Set<Long> PUBLIC = Set.of(SUBJECT, ENCRYPT, VERIFY, VERIFY_RECOVER, WRAP, TRUSTED,
            PUBLIC_KEY_INFO);
    private static final Set<Long> PRIVATE_KEY = Set.of(SUBJECT, SENSITIVE, DECRYPT, SIGN, SIGN_RECOVER, UNWRAP,
            EXTRACTABLE, WRAP_WITH_TRUSTED, ALWAYS_AUTHENTICATE, PUBLIC_KEY_INFO);
    private static final Set<Long> SECRET = Set.of(SENSITIVE, ENCRYPT, DECRYPT, SIGN, VERIFY, WRAP, UNWRAP, EXTRACTABLE,
            WRAP_WITH_TRUSTED, TRUSTED, VALUE, VALUE_LEN);
    /** Set by the token only: a template that names them is {@code CKR_ATTRIBUTE_READ_ONLY}. */
    static final Set<Long> TOKEN_SET = Set.of(LOCAL, KEY_GEN_MECHANISM, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, UNIQUE_ID,
            CHECK_VALUE, CITADEL_PSA_KEY_ID);
    /** Key material: read only from the SPE, and only from a non-sensitive extractable key. */
    static final Set<Long> SECRET_PARTS = Set.of(VALUE, PRIVATE_EXPONENT, PRIME_1, PRIME_2, EXPONENT_1, EXPONENT_2,
            COEFFICIENT);
    /** What {@code C_SetAttributeValue} may change. */
    static final Set<Long> MODIFIABLE_ATTRIBUTES = Set.of(LABEL, ID);

    private AttributeRules() {}

    /** The attributes a creation template may give for this class and key type (-1: none). */
    static Set<Long> settable(long objectClass, long keyType) throws CkException {
        Set<Long> s = new HashSet<>(STORAGE);
        if (objectClass == Cko.DATA) {
            s.addAll(DATA);
        } else if (objectClass == Cko.CERTIFICATE) {
            s.addAll(CERTIFICATE);
        } else if (objectClass == Cko.PUBLIC_KEY || objectClass == Cko.PRIVATE_KEY || objectClass == Cko.SECRET_KEY) {
            s.addAll(KEY);
            boolean pub = objectClass == Cko.PUBLIC_KEY;
            s.addAll(pub ? PUBLIC : objectClass == Cko.PRIVATE_KEY ? PRIVATE_KEY : SECRET);
            if (keyType == Cko.KEY_EC || keyType == Cko.KEY_EC_EDWARDS) {
                s.add(EC_PARAMS);
                s.add(pub ? EC_POINT : VALUE);
            } else if (keyType == Cko.KEY_RSA) {
                s.addAll(pub ? List.of(MODULUS, MODULUS_BITS, PUBLIC_EXPONENT)
                        : List.of(MODULUS, PUBLIC_EXPONENT, PRIVATE_EXPONENT, PRIME_1, PRIME_2, EXPONENT_1, EXPONENT_2,
                                COEFFICIENT));
            } else if (objectClass != Cko.SECRET_KEY || keyType != Cko.KEY_AES && keyType != Cko.KEY_GENERIC_SECRET) {
                throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "key type " + keyType);
            }
        } else {
            throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, "object class " + objectClass);
        }
        return s;
    }

    /** The defaults of a new object of this class (before the template is applied). */
    static Map<Long, byte[]> defaults(long objectClass) {
        Map<Long, byte[]> d = new HashMap<>();
        d.put(TOKEN, bool(false));
        d.put(PRIVATE, bool(objectClass == Cko.PRIVATE_KEY || objectClass == Cko.SECRET_KEY));
        d.put(MODIFIABLE, bool(true));
        d.put(COPYABLE, bool(false));
        d.put(DESTROYABLE, bool(true));
        d.put(LABEL, new byte[0]);
        if (objectClass == Cko.DATA) {
            d.put(APPLICATION, new byte[0]);
            d.put(OBJECT_ID, new byte[0]);
        } else if (objectClass == Cko.CERTIFICATE) {
            d.put(TRUSTED, bool(false));
            d.put(CERTIFICATE_CATEGORY, ulong(0));
            d.put(ID, new byte[0]);
            d.put(SUBJECT, new byte[0]);
            d.put(ISSUER, new byte[0]);
            d.put(SERIAL_NUMBER, new byte[0]);
            d.put(START_DATE, new byte[0]);
            d.put(END_DATE, new byte[0]);
        } else {
            d.put(ID, new byte[0]);
            d.put(START_DATE, new byte[0]);
            d.put(END_DATE, new byte[0]);
            d.put(DERIVE, bool(false));
            d.put(LOCAL, bool(false));
            d.put(KEY_GEN_MECHANISM, ulong(dev.citadel.pkcs11.CkInfo.UNAVAILABLE));
            if (objectClass == Cko.PUBLIC_KEY) {
                d.put(SUBJECT, new byte[0]);
                d.put(ENCRYPT, bool(false));
                d.put(VERIFY, bool(true));
                d.put(VERIFY_RECOVER, bool(false));
                d.put(WRAP, bool(false));
                d.put(TRUSTED, bool(false));
            } else {
                d.put(SENSITIVE, bool(true));
                d.put(DECRYPT, bool(objectClass == Cko.SECRET_KEY));
                d.put(SIGN, bool(true));
                d.put(UNWRAP, bool(false));
                d.put(EXTRACTABLE, bool(false));
                d.put(WRAP_WITH_TRUSTED, bool(false));
                if (objectClass == Cko.PRIVATE_KEY) {
                    d.put(SUBJECT, new byte[0]);
                    d.put(SIGN_RECOVER, bool(false));
                    d.put(ALWAYS_AUTHENTICATE, bool(false));
                } else {
                    d.put(ENCRYPT, bool(true));
                    d.put(VERIFY, bool(true));
                    d.put(WRAP, bool(false));
                    d.put(TRUSTED, bool(false));
                }
            }
        }
        return d;
    }

    /**
     * A template as a map, each value checked against its {@link AttributeKind}; the same type twice with different
     * values is {@code CKR_TEMPLATE_INCONSISTENT}.
     */
    static Map<Long, byte[]> parse(List<CkAttribute> template) throws CkException {
        Map<Long, byte[]> m = new HashMap<>();
        for (CkAttribute a : template) {
            byte[] v = a.value();
            AttributeKind kind = Cka.kind(a.type());
            if (kind == AttributeKind.BOOL && v.length != 1 || kind == AttributeKind.ULONG && v.length != 8
                    || kind == AttributeKind.DATE && v.length != 0 && v.length != 8
                    || kind == AttributeKind.MECHANISM_ARRAY && v.length % 8 != 0) {
                throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, Cka.name(a.type()));
            }
            if (kind == AttributeKind.BOOL && v[0] != 0) {
                v = bool(true);
            }
            byte[] before = m.put(a.type(), v);
            if (before != null && !Arrays.equals(before, v)) {
                throw new CkException(Ckr.TEMPLATE_INCONSISTENT, Cka.name(a.type()) + " given twice");
            }
        }
        return m;
    }

    /**
     * Checks a creation template against the settable set: token-set attributes are read-only, others unknown to the
     * class are invalid.
     */
    static void checkSettable(Map<Long, byte[]> template, Set<Long> settable) throws CkException {
        for (long t : template.keySet()) {
            if (TOKEN_SET.contains(t)) {
                throw new CkException(Ckr.ATTRIBUTE_READ_ONLY, Cka.name(t));
            }
            if (!settable.contains(t)) {
                throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID, Cka.name(t));
            }
        }
    }

    static byte[] bool(boolean b) {
        return new byte[] {(byte) (b ? 1 : 0)};
    }

    static byte[] ulong(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long asLong(byte[] v) {
        return ByteBuffer.wrap(v).getLong();
    }

    static boolean asBool(byte[] v) {
        return v != null && v.length == 1 && v[0] != 0;
    }
}
