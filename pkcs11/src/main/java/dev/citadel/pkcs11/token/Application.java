package dev.citadel.pkcs11.token;

import static dev.citadel.pkcs11.token.AttributeRules.asBool;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.psa.PsaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One application's view of a {@link PsaToken}: its initialisation, sessions and login state. */
final class Application implements Cryptoki {
    private static final CkInfo.Version VERSION = new CkInfo.Version(0, 1);
    private static final String MANUFACTURER = "Citadel";
    private static final long NOT_LOGGED_IN = -1;

    private final PsaToken token;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean initialized;
    private volatile long user = NOT_LOGGED_IN;

    Application(PsaToken token) {
        this.token = token;
    }

    // ---- general purpose

    @Override
    public synchronized void initialize(long flags) throws CkException {
        if (initialized) {
            throw new CkException(Ckr.CRYPTOKI_ALREADY_INITIALIZED);
        }
        initialized = true;
    }

    @Override
    public synchronized void finalizeLibrary() throws CkException {
        checkInitialized();
        closeAll();
        initialized = false;
    }

    private void closeAll() {
        for (Session s : sessions.values()) {
            close(s);
        }
        user = NOT_LOGGED_IN;
    }

    private void close(Session s) {
        sessions.remove(s.handle);
        token.sessions.remove(s);
        s.closeOperations();
        for (TokenObject o : token.store.all()) {
            if (o.owner == this && o.session == s.handle) {
                try {
                    token.store.remove(o);
                } catch (CkException ignored) {
                    // a session object has no stored part
                }
            }
        }
        if (sessions.isEmpty()) {
            user = NOT_LOGGED_IN;
        }
    }

    private void checkInitialized() throws CkException {
        if (!initialized) {
            throw new CkException(Ckr.CRYPTOKI_NOT_INITIALIZED);
        }
    }

    @Override
    public CkInfo.Library getInfo() throws CkException {
        checkInitialized();
        return new CkInfo.Library(new CkInfo.Version(2, 40), MANUFACTURER, 0, "Citadel PKCS#11 over PSA", VERSION);
    }

    // ---- slots and tokens

    @Override
    public long[] getSlotList(boolean tokenPresent) throws CkException {
        checkInitialized();
        return new long[] {PsaToken.SLOT_ID};
    }

    private void checkSlot(long slotId) throws CkException {
        checkInitialized();
        if (slotId != PsaToken.SLOT_ID) {
            throw new CkException(Ckr.SLOT_ID_INVALID);
        }
    }

    @Override
    public CkInfo.Slot getSlotInfo(long slotId) throws CkException {
        checkSlot(slotId);
        return new CkInfo.Slot("Citadel PSA slot", MANUFACTURER, Ckf.TOKEN_PRESENT | Ckf.HW_SLOT, VERSION, VERSION);
    }

    @Override
    public CkInfo.Token getTokenInfo(long slotId) throws CkException {
        checkSlot(slotId);
        long flags = Ckf.RNG | Ckf.LOGIN_REQUIRED | token.pins.flags();
        long all = token.sessions.size();
        long rw = token.sessions.stream().filter(s -> s.readWrite).count();
        return new CkInfo.Token(token.pins.label(), MANUFACTURER, "PSA", "0000000000000001", flags,
                CkInfo.EFFECTIVELY_INFINITE, all, CkInfo.EFFECTIVELY_INFINITE, rw, token.config.maxPinLength(),
                token.config.minPinLength(), CkInfo.UNAVAILABLE, CkInfo.UNAVAILABLE, CkInfo.UNAVAILABLE,
                CkInfo.UNAVAILABLE, VERSION, VERSION, "");
    }

    @Override
    public long[] getMechanismList(long slotId) throws CkException {
        checkSlot(slotId);
        return Mechanism.types();
    }

    @Override
    public CkInfo.Mechanism getMechanismInfo(long slotId, long type) throws CkException {
        checkSlot(slotId);
        return Mechanism.infoOf(type).orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
    }

    @Override
    public void initToken(long slotId, byte[] soPin, String label) throws CkException {
        checkSlot(slotId);
        if (!token.sessions.isEmpty()) {
            throw new CkException(Ckr.SESSION_EXISTS);
        }
        synchronized (token) {
            boolean before = token.pins.initToken(soPin, label == null ? "" : label);
            if (before) {
                for (TokenObject o : token.store.all()) {
                    if (o.isToken()) {
                        token.store.remove(o);
                    }
                }
            }
        }
    }

    @Override
    public void initPin(long session, byte[] pin) throws CkException {
        Session s = session(session);
        if (user != Ckf.USER_SO || !s.readWrite) {
            throw new CkException(Ckr.USER_NOT_LOGGED_IN);
        }
        token.pins.setPin(Ckf.USER_USER, pin);
    }

    @Override
    public void setPin(long session, byte[] oldPin, byte[] newPin) throws CkException {
        Session s = session(session);
        if (!s.readWrite) {
            throw new CkException(Ckr.SESSION_READ_ONLY);
        }
        long who = user == Ckf.USER_SO ? Ckf.USER_SO : Ckf.USER_USER;
        token.pins.checkLength(newPin);
        token.pins.verify(who, oldPin);
        token.pins.setPin(who, newPin);
    }

    // ---- sessions

    @Override
    public long openSession(long slotId, long flags) throws CkException {
        checkSlot(slotId);
        if ((flags & Ckf.SERIAL_SESSION) == 0) {
            throw new CkException(Ckr.SESSION_PARALLEL_NOT_SUPPORTED);
        }
        boolean rw = (flags & Ckf.RW_SESSION) != 0;
        synchronized (this) {
            if (!rw && user == Ckf.USER_SO) {
                throw new CkException(Ckr.SESSION_READ_WRITE_SO_EXISTS);
            }
            Session s = new Session(token.sessionHandles.incrementAndGet(), rw, this);
            sessions.put(s.handle, s);
            token.sessions.add(s);
            return s.handle;
        }
    }

    @Override
    public synchronized void closeSession(long session) throws CkException {
        close(session(session));
    }

    @Override
    public synchronized void closeAllSessions(long slotId) throws CkException {
        checkSlot(slotId);
        closeAll();
    }

    Session session(long handle) throws CkException {
        checkInitialized();
        Session s = sessions.get(handle);
        if (s == null) {
            throw new CkException(Ckr.SESSION_HANDLE_INVALID);
        }
        return s;
    }

    @Override
    public CkInfo.Session getSessionInfo(long session) throws CkException {
        Session s = session(session);
        long u = user;
        long state = u == Ckf.USER_SO ? Ckf.STATE_RW_SO
                : u == Ckf.USER_USER ? (s.readWrite ? Ckf.STATE_RW_USER : Ckf.STATE_RO_USER)
                : (s.readWrite ? Ckf.STATE_RW_PUBLIC : Ckf.STATE_RO_PUBLIC);
        return new CkInfo.Session(PsaToken.SLOT_ID, state, Ckf.SERIAL_SESSION | (s.readWrite ? Ckf.RW_SESSION : 0),
                0);
    }

    @Override
    public void login(long session, long userType, byte[] pin) throws CkException {
        session(session);
        if (userType == Ckf.USER_CONTEXT_SPECIFIC) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED, "no key needs context-specific login");
        }
        if (userType != Ckf.USER_SO && userType != Ckf.USER_USER) {
            throw new CkException(Ckr.USER_TYPE_INVALID);
        }
        synchronized (this) {
            if (user == userType) {
                throw new CkException(Ckr.USER_ALREADY_LOGGED_IN);
            }
            if (user != NOT_LOGGED_IN) {
                throw new CkException(Ckr.USER_ANOTHER_ALREADY_LOGGED_IN);
            }
            if (userType == Ckf.USER_SO && sessions.values().stream().anyMatch(x -> !x.readWrite)) {
                throw new CkException(Ckr.SESSION_READ_ONLY_EXISTS);
            }
            token.pins.verify(userType, pin);
            user = userType;
        }
    }

    @Override
    public synchronized void logout(long session) throws CkException {
        session(session);
        if (user == NOT_LOGGED_IN) {
            throw new CkException(Ckr.USER_NOT_LOGGED_IN);
        }
        user = NOT_LOGGED_IN;
        for (Session s : sessions.values()) {
            s.closeOperations();
        }
    }

    // ---- objects

    /** An object this application may see in this state, or {@code rv}. */
    private TokenObject visible(long handle, long rv) throws CkException {
        TokenObject o = token.store.get(handle);
        if (o == null || !isVisible(o)) {
            throw new CkException(rv);
        }
        return o;
    }

    private boolean isVisible(TokenObject o) {
        return (o.isToken() || o.owner == this) && (!o.isPrivate() || user == Ckf.USER_USER);
    }

    /** Whether {@code s} may create or change an object with these attributes. */
    private void checkWrite(Session s, Map<Long, byte[]> a) throws CkException {
        if (asBool(a.get(Cka.TOKEN)) && !s.readWrite) {
            throw new CkException(Ckr.SESSION_READ_ONLY);
        }
        if (asBool(a.get(Cka.PRIVATE)) && user != Ckf.USER_USER) {
            throw new CkException(Ckr.USER_NOT_LOGGED_IN);
        }
    }

    @Override
    public long createObject(long session, List<CkAttribute> template) throws CkException {
        Session s = session(session);
        return token.keys.createObject(this, s.handle, template, a -> checkWrite(s, a)).handle;
    }

    @Override
    public long copyObject(long session, long object, List<CkAttribute> template) throws CkException {
        session(session);
        throw new CkException(Ckr.FUNCTION_NOT_SUPPORTED);
    }

    @Override
    public void destroyObject(long session, long object) throws CkException {
        Session s = session(session);
        TokenObject o = visible(object, Ckr.OBJECT_HANDLE_INVALID);
        checkWrite(s, o.attributes());
        if (!o.bool(Cka.DESTROYABLE)) {
            throw new CkException(Ckr.ACTION_PROHIBITED);
        }
        token.store.remove(o);
    }

    @Override
    public long getObjectSize(long session, long object) throws CkException {
        session(session);
        TokenObject o = visible(object, Ckr.OBJECT_HANDLE_INVALID);
        // the object's record as stored: (u64 type, u32 length, bytes) per attribute, plus a value kept apart
        long size = 0;
        for (byte[] v : o.attributes().values()) {
            size += 12 + v.length;
        }
        if (o.valueUid != 0) {
            byte[] v = token.store.separateValue(o);
            size += v == null ? 0 : v.length;
        }
        return size;
    }

    @Override
    public AttributeAnswer getAttributeValue(long session, long object, List<AttributeQuery> template)
            throws CkException {
        session(session);
        TokenObject o = visible(object, Ckr.OBJECT_HANDLE_INVALID);
        long rv = Ckr.OK;
        List<AttributeAnswer.Entry> entries = new ArrayList<>();
        for (AttributeQuery q : template) {
            long entryRv;
            byte[] v = null;
            try {
                v = value(o, q.type());
                entryRv = Ckr.OK;
            } catch (CkException e) {
                entryRv = e.rv();
            }
            if (entryRv == Ckr.OK && q.capacity() != AttributeQuery.NO_BUFFER && q.capacity() < v.length) {
                entryRv = Ckr.BUFFER_TOO_SMALL;
            }
            if (entryRv != Ckr.OK) {
                entries.add(new AttributeAnswer.Entry(q.type(), AttributeAnswer.UNAVAILABLE, Optional.empty()));
                rv = worse(rv, entryRv);
            } else if (q.capacity() == AttributeQuery.NO_BUFFER) {
                entries.add(new AttributeAnswer.Entry(q.type(), v.length, Optional.empty()));
            } else {
                entries.add(new AttributeAnswer.Entry(q.type(), v.length,
                        Optional.of(new CkAttribute(q.type(), v))));
            }
        }
        return new AttributeAnswer(rv, entries);
    }

    /** The answer for a template with several failures: sensitive, then type invalid, then buffer too small. */
    private static long worse(long a, long b) {
        List<Long> order = List.of(Ckr.ATTRIBUTE_SENSITIVE, Ckr.ATTRIBUTE_TYPE_INVALID, Ckr.BUFFER_TOO_SMALL);
        if (a == Ckr.OK) {
            return b;
        }
        int ia = order.indexOf(a);
        int ib = order.indexOf(b);
        return ib >= 0 && (ia < 0 || ib < ia) ? b : a;
    }

    /** An attribute's value, read from the record, from PS, or (key material) from the SPE when permitted. */
    private byte[] value(TokenObject o, long type) throws CkException {
        long cls = o.objectClass();
        if (AttributeRules.SECRET_PARTS.contains(type) && (cls == Cko.PRIVATE_KEY || cls == Cko.SECRET_KEY)) {
            long kt = o.keyType();
            boolean rsaPart = type != Cka.VALUE;
            if (rsaPart != (kt == Cko.KEY_RSA)) {
                throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID);
            }
            if (o.bool(Cka.SENSITIVE) || !o.bool(Cka.EXTRACTABLE)) {
                throw new CkException(Ckr.ATTRIBUTE_SENSITIVE);
            }
            try {
                byte[] exported = token.crypto.exportKey(o.psaKeyId);
                if (!rsaPart) {
                    return exported;
                }
                List<byte[]> ints = Der.integers(exported);
                List<Long> order = List.of(Cka.PRIVATE_EXPONENT, Cka.PRIME_1, Cka.PRIME_2, Cka.EXPONENT_1,
                        Cka.EXPONENT_2, Cka.COEFFICIENT);
                return ints.get(3 + order.indexOf(type));
            } catch (PsaException e) {
                throw new CkException(Ckr.ATTRIBUTE_SENSITIVE);
            }
        }
        if (type == Cka.CITADEL_PSA_KEY_ID) {
            boolean key = cls == Cko.PRIVATE_KEY || cls == Cko.PUBLIC_KEY || cls == Cko.SECRET_KEY;
            if (!key || o.psaKeyId == 0) {
                throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID);
            }
            return AttributeRules.ulong(Integer.toUnsignedLong(o.psaKeyId));
        }
        if (type == Cka.VALUE && o.valueUid != 0) {
            byte[] v = token.store.separateValue(o);
            if (v == null) {
                throw new CkException(Ckr.DEVICE_ERROR, "certificate value lost");
            }
            return v;
        }
        byte[] v = o.get(type);
        if (v == null) {
            throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID);
        }
        return v;
    }

    @Override
    public void setAttributeValue(long session, long object, List<CkAttribute> template) throws CkException {
        Session s = session(session);
        TokenObject o = visible(object, Ckr.OBJECT_HANDLE_INVALID);
        checkWrite(s, o.attributes());
        Map<Long, byte[]> changes = AttributeRules.parse(template);
        for (long t : changes.keySet()) {
            if (!o.attributes().containsKey(t) && !AttributeRules.MODIFIABLE_ATTRIBUTES.contains(t)) {
                throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID, Cka.name(t));
            }
            if (!AttributeRules.MODIFIABLE_ATTRIBUTES.contains(t)) {
                throw new CkException(Ckr.ATTRIBUTE_READ_ONLY, Cka.name(t));
            }
        }
        if (!o.bool(Cka.MODIFIABLE)) {
            throw new CkException(Ckr.ACTION_PROHIBITED);
        }
        synchronized (token.store) {
            Map<Long, byte[]> before = o.attributes();
            Map<Long, byte[]> updated = Keys.copy(before);
            updated.putAll(changes);
            o.replaceAttributes(updated);
            try {
                token.store.update(o);
            } catch (CkException e) {
                o.replaceAttributes(before);
                throw e;
            }
        }
    }

    @Override
    public void findObjectsInit(long session, List<CkAttribute> template) throws CkException {
        Session s = session(session);
        Map<Long, byte[]> t = AttributeRules.parse(template);
        synchronized (s) {
            if (s.finding) {
                throw new CkException(Ckr.OPERATION_ACTIVE);
            }
            List<Long> hits = new ArrayList<>();
            for (TokenObject o : token.store.all()) {
                if (isVisible(o) && matches(o, t)) {
                    hits.add(o.handle);
                }
            }
            hits.sort(null);
            s.found = hits.stream().mapToLong(Long::longValue).toArray();
            s.foundNext = 0;
            s.finding = true;
        }
    }

    private boolean matches(TokenObject o, Map<Long, byte[]> template) {
        for (Map.Entry<Long, byte[]> e : template.entrySet()) {
            if (AttributeRules.SECRET_PARTS.contains(e.getKey()) && o.objectClass() != Cko.CERTIFICATE
                    && o.objectClass() != Cko.DATA) {
                return false;
            }
            byte[] v;
            try {
                v = value(o, e.getKey());
            } catch (CkException ex) {
                return false;
            }
            if (!Arrays.equals(v, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long[] findObjects(long session, int maxCount) throws CkException {
        Session s = session(session);
        synchronized (s) {
            if (!s.finding) {
                throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
            }
            if (maxCount < 0) {
                throw new CkException(Ckr.ARGUMENTS_BAD);
            }
            int n = Math.min(maxCount, s.found.length - s.foundNext);
            long[] out = Arrays.copyOfRange(s.found, s.foundNext, s.foundNext + n);
            s.foundNext += n;
            return out;
        }
    }

    @Override
    public void findObjectsFinal(long session) throws CkException {
        Session s = session(session);
        synchronized (s) {
            if (!s.finding) {
                throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
            }
            s.finding = false;
            s.found = null;
        }
    }

    // ---- encryption and decryption

    @Override
    public void encryptInit(long session, CkMechanism mechanism, long key) throws CkException {
        cryptInit(session, mechanism, key, true);
    }

    @Override
    public int encrypt(long session, byte[] data, byte[] out) throws CkException {
        return crypt(session, true, op -> op.single(data, out), out != null);
    }

    @Override
    public int encryptUpdate(long session, byte[] part, byte[] out) throws CkException {
        return crypt(session, true, op -> op.update(part, out), false);
    }

    @Override
    public int encryptFinal(long session, byte[] out) throws CkException {
        return crypt(session, true, op -> op.finish(out), out != null);
    }

    @Override
    public void decryptInit(long session, CkMechanism mechanism, long key) throws CkException {
        cryptInit(session, mechanism, key, false);
    }

    @Override
    public int decrypt(long session, byte[] encrypted, byte[] out) throws CkException {
        return crypt(session, false, op -> op.single(encrypted, out), out != null);
    }

    @Override
    public int decryptUpdate(long session, byte[] part, byte[] out) throws CkException {
        return crypt(session, false, op -> op.update(part, out), false);
    }

    @Override
    public int decryptFinal(long session, byte[] out) throws CkException {
        return crypt(session, false, op -> op.finish(out), out != null);
    }

    private void cryptInit(long session, CkMechanism mechanism, long key, boolean encrypting) throws CkException {
        Session s = session(session);
        synchronized (s) {
            if ((encrypting ? s.encrypt : s.decrypt) != null) {
                throw new CkException(Ckr.OPERATION_ACTIVE);
            }
            TokenObject k = visible(key, Ckr.KEY_HANDLE_INVALID);
            CryptOperation op = CryptOperation.init(encrypting, token.crypto, mechanism, k);
            if (encrypting) {
                s.encrypt = op;
            } else {
                s.decrypt = op;
            }
        }
    }

    private interface CryptStep {
        int run(CryptOperation op) throws CkException;
    }

    /**
     * Runs one step of the session's encryption or decryption; the operation ends when the step fails (other than
     * {@code CKR_BUFFER_TOO_SMALL}) or, if {@code last}, when it succeeds.
     */
    private int crypt(long session, boolean encrypting, CryptStep step, boolean last) throws CkException {
        Session s = session(session);
        synchronized (s) {
            CryptOperation op = encrypting ? s.encrypt : s.decrypt;
            if (op == null) {
                throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
            }
            boolean end = true;
            try {
                int n = step.run(op);
                end = last;
                return n;
            } catch (CkException e) {
                end = e.rv() != Ckr.BUFFER_TOO_SMALL;
                throw e;
            } finally {
                if (end) {
                    op.close();
                    if (encrypting) {
                        s.encrypt = null;
                    } else {
                        s.decrypt = null;
                    }
                }
            }
        }
    }

    // ---- message digests

    @Override
    public void digestInit(long session, CkMechanism mechanism) throws CkException {
        Session s = session(session);
        synchronized (s) {
            if (s.digest != null) {
                throw new CkException(Ckr.OPERATION_ACTIVE);
            }
            s.digest = DigestOperation.init(token.crypto, mechanism);
        }
    }

    @Override
    public int digest(long session, byte[] data, byte[] out) throws CkException {
        Session s = session(session);
        synchronized (s) {
            DigestOperation op = activeDigest(s);
            if (op.isMultipart()) {
                throw new CkException(Ckr.OPERATION_ACTIVE, "a multi-part digest is under way");
            }
            return finishDigest(s, op, data, out);
        }
    }

    @Override
    public void digestUpdate(long session, byte[] part) throws CkException {
        Session s = session(session);
        synchronized (s) {
            DigestOperation op = activeDigest(s);
            try {
                op.update(part);
            } catch (CkException e) {
                endDigest(s);
                throw e;
            }
        }
    }

    @Override
    public void digestKey(long session, long key) throws CkException {
        Session s = session(session);
        synchronized (s) {
            activeDigest(s);
            throw new CkException(Ckr.FUNCTION_NOT_SUPPORTED, "keys stay in the SPE");
        }
    }

    @Override
    public int digestFinal(long session, byte[] out) throws CkException {
        Session s = session(session);
        synchronized (s) {
            return finishDigest(s, activeDigest(s), null, out);
        }
    }

    private static DigestOperation activeDigest(Session s) throws CkException {
        if (s.digest == null) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
        }
        return s.digest;
    }

    private static int finishDigest(Session s, DigestOperation op, byte[] data, byte[] out) throws CkException {
        int n = op.length();
        if (out == null) {
            return n;
        }
        if (out.length < n) {
            throw CkException.bufferTooSmall(n);
        }
        try {
            byte[] d = op.digest(data);
            System.arraycopy(d, 0, out, 0, d.length);
            return d.length;
        } finally {
            endDigest(s);
        }
    }

    private static void endDigest(Session s) {
        if (s.digest != null) {
            s.digest.close();
        }
        s.digest = null;
    }

    // ---- signatures

    @Override
    public void signInit(long session, CkMechanism mechanism, long key) throws CkException {
        init(session, mechanism, key, true);
    }

    @Override
    public void verifyInit(long session, CkMechanism mechanism, long key) throws CkException {
        init(session, mechanism, key, false);
    }

    private void init(long session, CkMechanism mechanism, long key, boolean signing) throws CkException {
        Session s = session(session);
        synchronized (s) {
            if ((signing ? s.sign : s.verify) != null) {
                throw new CkException(Ckr.OPERATION_ACTIVE);
            }
            TokenObject k = visible(key, Ckr.KEY_HANDLE_INVALID);
            SignOperation op = SignOperation.init(signing, token.crypto, mechanism, k);
            if (signing) {
                s.sign = op;
            } else {
                s.verify = op;
            }
        }
    }

    private static SignOperation active(Session s, boolean signing) throws CkException {
        SignOperation op = signing ? s.sign : s.verify;
        if (op == null) {
            throw new CkException(Ckr.OPERATION_NOT_INITIALIZED);
        }
        return op;
    }

    private static void end(Session s, boolean signing) {
        SignOperation op = signing ? s.sign : s.verify;
        if (op != null) {
            op.close();
        }
        if (signing) {
            s.sign = null;
        } else {
            s.verify = null;
        }
    }

    @Override
    public int sign(long session, byte[] data, byte[] out) throws CkException {
        Session s = session(session);
        synchronized (s) {
            SignOperation op = active(s, true);
            if (op.isMultipart()) {
                throw new CkException(Ckr.OPERATION_ACTIVE, "a multi-part signature is under way");
            }
            return finishSign(s, op, data, out);
        }
    }

    private static int finishSign(Session s, SignOperation op, byte[] data, byte[] out) throws CkException {
        int n = op.signatureLength();
        if (out == null) {
            return n;
        }
        if (out.length < n) {
            throw CkException.bufferTooSmall(n);
        }
        try {
            byte[] sig = op.sign(data);
            System.arraycopy(sig, 0, out, 0, sig.length);
            return sig.length;
        } finally {
            end(s, true);
        }
    }

    @Override
    public void signUpdate(long session, byte[] part) throws CkException {
        update(session, part, true);
    }

    @Override
    public void verifyUpdate(long session, byte[] part) throws CkException {
        update(session, part, false);
    }

    private void update(long session, byte[] part, boolean signing) throws CkException {
        Session s = session(session);
        synchronized (s) {
            SignOperation op = active(s, signing);
            try {
                op.update(part);
            } catch (CkException e) {
                end(s, signing);
                throw e;
            }
        }
    }

    @Override
    public int signFinal(long session, byte[] out) throws CkException {
        Session s = session(session);
        synchronized (s) {
            return finishSign(s, active(s, true), null, out);
        }
    }

    @Override
    public void verify(long session, byte[] data, byte[] signature) throws CkException {
        Session s = session(session);
        synchronized (s) {
            SignOperation op = active(s, false);
            if (op.isMultipart()) {
                throw new CkException(Ckr.OPERATION_ACTIVE, "a multi-part verification is under way");
            }
            try {
                op.verify(data, signature);
            } finally {
                end(s, false);
            }
        }
    }

    @Override
    public void verifyFinal(long session, byte[] signature) throws CkException {
        Session s = session(session);
        synchronized (s) {
            SignOperation op = active(s, false);
            try {
                op.verify(null, signature);
            } finally {
                end(s, false);
            }
        }
    }

    // ---- key management

    @Override
    public long generateKey(long session, CkMechanism mechanism, List<CkAttribute> template) throws CkException {
        Session s = session(session);
        return token.keys.generateKey(this, s.handle, mechanism, template, a -> checkWrite(s, a)).handle;
    }

    @Override
    public long[] generateKeyPair(long session, CkMechanism mechanism, List<CkAttribute> publicTemplate,
            List<CkAttribute> privateTemplate) throws CkException {
        Session s = session(session);
        TokenObject[] pair = token.keys.generateKeyPair(this, s.handle, mechanism, publicTemplate, privateTemplate,
                a -> checkWrite(s, a));
        return new long[] {pair[0].handle, pair[1].handle};
    }

    @Override
    public long deriveKey(long session, CkMechanism mechanism, long baseKey, List<CkAttribute> template)
            throws CkException {
        Session s = session(session);
        TokenObject base = visible(baseKey, Ckr.KEY_HANDLE_INVALID);
        return token.keys.deriveKey(this, s.handle, mechanism, base, template, a -> checkWrite(s, a)).handle;
    }

    // ---- random numbers

    @Override
    public void seedRandom(long session, byte[] seed) throws CkException {
        session(session);
        throw new CkException(Ckr.RANDOM_SEED_NOT_SUPPORTED);
    }

    @Override
    public void generateRandom(long session, byte[] out) throws CkException {
        session(session);
        try {
            token.crypto.generateRandom(out);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e);
        }
    }
}
