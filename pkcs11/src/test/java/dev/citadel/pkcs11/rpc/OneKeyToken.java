package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double of one application's token: slot 0x11 with one P-256 key pair (public 3, private 4) made by the JDK,
 * raw CKM_ECDSA signing with the JDK, user PIN "1234". Slot and token info are those of the captured SoftHSM token,
 * so that its replies can be compared with the captured ones. Not a token: only what the RPC tests need.
 */
class OneKeyToken extends UnsupportedCryptoki {
    static final long SLOT = 0x11;
    static final long PUBLIC = 3;
    static final long PRIVATE = 4;
    static final byte[] P256_OID = HexFormat.of().parseHex("06082a8648ce3d030107");
    static final KeyPair KEYS = generate();

    final AtomicInteger finalizeCalls = new AtomicInteger();
    private final AtomicLong sessions = new AtomicLong();
    private final Map<Long, long[]> cursors = new ConcurrentHashMap<>();
    private final Map<Long, Long> signing = new ConcurrentHashMap<>();
    private volatile boolean loggedIn;

    @Override
    public void finalizeLibrary() {
        finalizeCalls.incrementAndGet();
        loggedIn = false;
    }

    @Override
    public CkInfo.Library getInfo() {
        return new CkInfo.Library(new CkInfo.Version(2, 40), "Citadel", 0, "test double", new CkInfo.Version(0, 1));
    }

    @Override
    public long[] getSlotList(boolean tokenPresent) {
        return new long[] {SLOT};
    }

    @Override
    public CkInfo.Slot getSlotInfo(long slotId) throws CkException {
        slot(slotId);
        return new CkInfo.Slot("SoftHSM slot ID 0x7ba94867", "SoftHSM project", Ckf.TOKEN_PRESENT,
                new CkInfo.Version(2, 6), new CkInfo.Version(2, 6));
    }

    @Override
    public CkInfo.Token getTokenInfo(long slotId) throws CkException {
        slot(slotId);
        long u = CkInfo.UNAVAILABLE;
        return new CkInfo.Token("javatok-peer", "SoftHSM project", "SoftHSM v2", "361941987ba94867", 0x42d, 0, u, 0,
                u, 0xff, 4, u, u, u, u, new CkInfo.Version(2, 6), new CkInfo.Version(2, 6), "2026112516284100");
    }

    @Override
    public long[] getMechanismList(long slotId) throws CkException {
        slot(slotId);
        return new long[] {Ckm.EC_KEY_PAIR_GEN, Ckm.ECDSA};
    }

    @Override
    public CkInfo.Mechanism getMechanismInfo(long slotId, long type) throws CkException {
        slot(slotId);
        if (type == Ckm.ECDSA) {
            return new CkInfo.Mechanism(256, 256, Ckf.SIGN | Ckf.EC_F_P | Ckf.EC_NAMED_CURVE | Ckf.EC_UNCOMPRESS);
        }
        if (type == Ckm.EC_KEY_PAIR_GEN) {
            return new CkInfo.Mechanism(256, 256, Ckf.GENERATE_KEY_PAIR | Ckf.EC_F_P | Ckf.EC_NAMED_CURVE);
        }
        throw new CkException(Ckr.MECHANISM_INVALID);
    }

    @Override
    public long openSession(long slotId, long flags) throws CkException {
        slot(slotId);
        if ((flags & Ckf.SERIAL_SESSION) == 0) {
            throw new CkException(Ckr.SESSION_PARALLEL_NOT_SUPPORTED);
        }
        return sessions.incrementAndGet();
    }

    @Override
    public void closeSession(long session) throws CkException {
        session(session);
    }

    @Override
    public CkInfo.Session getSessionInfo(long session) throws CkException {
        session(session);
        return new CkInfo.Session(SLOT, loggedIn ? Ckf.STATE_RO_USER : Ckf.STATE_RO_PUBLIC, Ckf.SERIAL_SESSION, 0);
    }

    @Override
    public void login(long session, long userType, byte[] pin) throws CkException {
        session(session);
        if (!Arrays.equals(pin, "1234".getBytes())) {
            throw new CkException(Ckr.PIN_INCORRECT);
        }
        loggedIn = true;
    }

    @Override
    public void logout(long session) {
        loggedIn = false;
    }

    @Override
    public AttributeAnswer getAttributeValue(long session, long object, List<AttributeQuery> template)
            throws CkException {
        List<CkAttribute> attrs = object(session, object);
        long rv = Ckr.OK;
        List<AttributeAnswer.Entry> entries = new ArrayList<>();
        for (AttributeQuery q : template) {
            CkAttribute a = attrs.stream().filter(x -> x.type() == q.type()).findFirst().orElse(null);
            if (a == null) {
                entries.add(new AttributeAnswer.Entry(q.type(), AttributeAnswer.UNAVAILABLE, java.util.Optional.empty()));
                rv = Ckr.ATTRIBUTE_TYPE_INVALID;
            } else if (q.capacity() == AttributeQuery.NO_BUFFER) {
                entries.add(new AttributeAnswer.Entry(q.type(), a.length(), java.util.Optional.empty()));
            } else if (q.capacity() < a.length()) {
                entries.add(new AttributeAnswer.Entry(q.type(), AttributeAnswer.UNAVAILABLE, java.util.Optional.empty()));
                rv = Ckr.BUFFER_TOO_SMALL;
            } else {
                entries.add(new AttributeAnswer.Entry(q.type(), a.length(), java.util.Optional.of(a)));
            }
        }
        return new AttributeAnswer(rv, entries);
    }

    @Override
    public void findObjectsInit(long session, List<CkAttribute> template) throws CkException {
        session(session);
        List<Long> found = new ArrayList<>();
        for (long h : new long[] {PUBLIC, PRIVATE}) {
            if (h == PRIVATE && !loggedIn) {
                continue;
            }
            if (attributes(h).containsAll(template)) {
                found.add(h);
            }
        }
        cursors.put(session, found.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public long[] findObjects(long session, int maxCount) throws CkException {
        long[] c = cursors.get(session);
        if (c == null) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
        }
        int n = Math.min(maxCount, c.length);
        cursors.put(session, Arrays.copyOfRange(c, n, c.length));
        return Arrays.copyOf(c, n);
    }

    @Override
    public void findObjectsFinal(long session) throws CkException {
        if (cursors.remove(session) == null) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
        }
    }

    @Override
    public void signInit(long session, CkMechanism mechanism, long key) throws CkException {
        object(session, key);
        if (mechanism.type() != Ckm.ECDSA) {
            throw new CkException(Ckr.MECHANISM_INVALID);
        }
        if (key != PRIVATE) {
            throw new CkException(Ckr.KEY_FUNCTION_NOT_PERMITTED);
        }
        signing.put(session, key);
    }

    @Override
    public int sign(long session, byte[] data, byte[] out) throws CkException {
        if (!signing.containsKey(session)) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
        }
        if (out == null) {
            return 64;
        }
        if (out.length < 64) {
            throw CkException.bufferTooSmall(64);
        }
        signing.remove(session);
        try {
            Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
            s.initSign(KEYS.getPrivate());
            s.update(data);
            byte[] sig = s.sign();
            System.arraycopy(sig, 0, out, 0, sig.length);
            return sig.length;
        } catch (java.security.GeneralSecurityException e) {
            throw new CkException(Ckr.FUNCTION_FAILED, e.toString());
        }
    }

    @Override
    public void generateRandom(long session, byte[] out) throws CkException {
        session(session);
        new SecureRandom().nextBytes(out);
    }

    private List<CkAttribute> object(long session, long object) throws CkException {
        session(session);
        if (object != PUBLIC && !(object == PRIVATE && loggedIn)) {
            throw new CkException(Ckr.OBJECT_HANDLE_INVALID);
        }
        return attributes(object);
    }

    static List<CkAttribute> attributes(long object) {
        List<CkAttribute> a = new ArrayList<>(List.of(
                CkAttribute.ofLong(Cka.CLASS, object == PUBLIC ? Cko.PUBLIC_KEY : Cko.PRIVATE_KEY),
                CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_EC),
                CkAttribute.ofBool(Cka.TOKEN, true),
                CkAttribute.ofBool(Cka.PRIVATE, object == PRIVATE),
                CkAttribute.ofString(Cka.LABEL, "citadel-ec"),
                CkAttribute.ofBytes(Cka.ID, new byte[] {2}),
                CkAttribute.ofBytes(Cka.EC_PARAMS, P256_OID),
                CkAttribute.ofBool(Cka.LOCAL, true),
                CkAttribute.ofLong(Cka.KEY_GEN_MECHANISM, Ckm.EC_KEY_PAIR_GEN),
                CkAttribute.ofBytes(Cka.ALLOWED_MECHANISMS,
                        java.nio.ByteBuffer.allocate(8).putLong(Ckm.ECDSA).array())));
        if (object == PUBLIC) {
            a.add(CkAttribute.ofBool(Cka.VERIFY, true));
            a.add(CkAttribute.ofBytes(Cka.EC_POINT, ecPoint()));
        } else {
            a.add(CkAttribute.ofBool(Cka.SIGN, true));
            a.add(CkAttribute.ofBool(Cka.SENSITIVE, true));
            a.add(CkAttribute.ofBool(Cka.EXTRACTABLE, false));
            a.add(CkAttribute.ofBool(Cka.ALWAYS_AUTHENTICATE, false));
        }
        return a;
    }

    /** The public point as DER OCTET STRING of the uncompressed point, as PKCS#11 2.40 tokens give it. */
    static byte[] ecPoint() {
        ECPublicKey k = (ECPublicKey) KEYS.getPublic();
        byte[] p = new byte[67];
        p[0] = 0x04;
        p[1] = 65;
        p[2] = 0x04;
        System.arraycopy(fixed(k.getW().getAffineX().toByteArray()), 0, p, 3, 32);
        System.arraycopy(fixed(k.getW().getAffineY().toByteArray()), 0, p, 35, 32);
        return p;
    }

    private static byte[] fixed(byte[] b) {
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static void slot(long slotId) throws CkException {
        if (slotId != SLOT) {
            throw new CkException(Ckr.SLOT_ID_INVALID);
        }
    }

    private void session(long session) throws CkException {
        if (session < 1 || session > sessions.get()) {
            throw new CkException(Ckr.SESSION_HANDLE_INVALID);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
