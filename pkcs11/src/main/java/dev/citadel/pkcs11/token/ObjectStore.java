package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every object of the token: the token objects, whose records live in PS (an index at {@code psUidBase}, record
 * <i>n</i> at {@code psUidBase + n}), and the session objects, in memory only. Also hands out persistent PSA key ids.
 */
final class ObjectStore {
    private static final int RECORD_MAGIC = 0x5031314F; // "P11O"
    private static final int INDEX_MAGIC = 0x50313149; // "P11I"

    /** Creates a persistent key with the id given; ALREADY_EXISTS makes the store try another id. */
    interface KeyCreator {
        int create(int id) throws PsaException;
    }

    private final PsaPs ps;
    private final PsaCrypto crypto;
    private final TokenConfig config;
    private final AtomicLong handles;
    private final Map<Long, TokenObject> objects = new ConcurrentHashMap<>();
    private final TreeSet<Integer> records = new TreeSet<>();
    private final Set<Integer> reservedRecords = new HashSet<>();
    private final Set<Integer> keyIds = new HashSet<>();

    ObjectStore(PsaPs ps, PsaCrypto crypto, TokenConfig config, AtomicLong handles) throws CkException {
        this.ps = ps;
        this.crypto = crypto;
        this.config = config;
        this.handles = handles;
        load();
    }

    private void load() throws CkException {
        byte[] index = read(config.psUidBase());
        if (index == null) {
            return;
        }
        ByteBuffer r = ByteBuffer.wrap(index);
        if (index.length < 8 || r.getInt() != INDEX_MAGIC) {
            throw new CkException(Ckr.DEVICE_ERROR, "object index unreadable");
        }
        int n = r.getInt();
        for (int i = 0; i < n; i++) {
            int rec = r.getInt();
            byte[] b = read(config.psUidBase() + rec);
            if (b == null) {
                continue; // the index was written before a lost record: nothing to show
            }
            TokenObject o = decode(rec, b);
            records.add(rec);
            objects.put(o.handle, o);
            if (o.psaKeyId != 0) {
                keyIds.add(o.psaKeyId);
            }
        }
    }

    private byte[] read(long uid) throws CkException {
        try {
            PsaPs.Info info = ps.getInfo(uid);
            return ps.get(uid, 0, info.size());
        } catch (PsaException e) {
            if (e.psaStatus() == PsaStatus.DOES_NOT_EXIST) {
                return null;
            }
            throw PsaErrors.toCk(e);
        }
    }

    TokenObject get(long handle) {
        return objects.get(handle);
    }

    Collection<TokenObject> all() {
        return objects.values();
    }

    long newHandle() {
        return handles.incrementAndGet();
    }

    /** Reserves a record number for a new token object ({@code CKR_DEVICE_MEMORY} when the token is full). */
    synchronized int reserveRecord() throws CkException {
        for (int i = 1; i <= config.maxObjects(); i++) {
            if (!records.contains(i) && !reservedRecords.contains(i)) {
                reservedRecords.add(i);
                return i;
            }
        }
        throw new CkException(Ckr.DEVICE_MEMORY, "token full");
    }

    synchronized void releaseRecord(int record) {
        reservedRecords.remove(record);
    }

    /**
     * Creates a persistent key at {@code preferred} (if non-zero and free) or at the first free id of the configured
     * range.
     */
    int createPersistentKey(int preferred, KeyCreator creator) throws CkException {
        Set<Integer> tried = new HashSet<>();
        while (true) {
            int id = reserveKeyId(preferred, tried);
            try {
                return creator.create(id);
            } catch (PsaException e) {
                releaseKeyId(id);
                if (e.psaStatus() != PsaStatus.ALREADY_EXISTS) {
                    throw PsaErrors.toCk(e, Ckr.TEMPLATE_INCONSISTENT);
                }
                tried.add(id);
            }
        }
    }

    private synchronized int reserveKeyId(int preferred, Set<Integer> tried) throws CkException {
        if (preferred != 0 && !keyIds.contains(preferred) && !tried.contains(preferred)) {
            keyIds.add(preferred);
            return preferred;
        }
        for (int id = config.keyIdMin(); id <= config.keyIdMax(); id++) {
            if (!keyIds.contains(id) && !tried.contains(id)) {
                keyIds.add(id);
                return id;
            }
        }
        throw new CkException(Ckr.DEVICE_MEMORY, "no free key id");
    }

    synchronized void releaseKeyId(int id) {
        keyIds.remove(id);
    }

    /** Adds a session object. */
    void addSessionObject(TokenObject o) {
        objects.put(o.handle, o);
    }

    /** Stores a new token object's record, then the index that names it, and makes it visible. */
    synchronized void addTokenObject(TokenObject o, byte[] separateValue) throws CkException {
        try {
            if (o.valueUid != 0) {
                ps.set(o.valueUid, separateValue, PsaPs.FLAG_NONE);
            }
            ps.set(config.psUidBase() + o.record, encode(o), PsaPs.FLAG_NONE);
            records.add(o.record);
            reservedRecords.remove(o.record);
            writeIndex();
        } catch (PsaException e) {
            records.remove(o.record);
            reservedRecords.remove(o.record);
            removeQuietly(config.psUidBase() + o.record);
            if (o.valueUid != 0) {
                removeQuietly(o.valueUid);
            }
            throw PsaErrors.toCk(e, Ckr.DEVICE_MEMORY);
        }
        objects.put(o.handle, o);
    }

    /** Rewrites a token object's record after {@code C_SetAttributeValue}. */
    synchronized void update(TokenObject o) throws CkException {
        if (!o.isToken()) {
            return;
        }
        try {
            ps.set(config.psUidBase() + o.record, encode(o), PsaPs.FLAG_NONE);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DEVICE_MEMORY);
        }
    }

    /**
     * Destroys an object: a token object leaves the index first (so a cut never leaves a name without its data), then
     * its key, its value and its record go.
     */
    synchronized void remove(TokenObject o) throws CkException {
        objects.remove(o.handle);
        if (o.isToken()) {
            records.remove(o.record);
            try {
                writeIndex();
            } catch (PsaException e) {
                throw PsaErrors.toCk(e);
            }
        }
        if (o.psaKeyId != 0) {
            try {
                crypto.destroyKey(o.psaKeyId);
            } catch (PsaException e) {
                // already gone: nothing is left behind
            }
            keyIds.remove(o.psaKeyId);
        }
        if (o.isToken()) {
            removeQuietly(config.psUidBase() + o.record);
            if (o.valueUid != 0) {
                removeQuietly(o.valueUid);
            }
        }
    }

    /** The value kept apart from the record, or null. */
    byte[] separateValue(TokenObject o) throws CkException {
        return o.valueUid == 0 ? null : read(o.valueUid);
    }

    /** Whether a PS uid holds a value of one of this store's objects. */
    /**
     * Whether a certificate may take FreeRTOS's fixed PS uid {@code uid}: no token object holds it, and no other PS
     * asset of this NS client lies there (the application's own data is never overwritten; the certificate then goes
     * into its record instead).
     */
    synchronized boolean valueUidFree(long uid) throws CkException {
        if (objects.values().stream().anyMatch(o -> o.valueUid == uid)) {
            return false;
        }
        try {
            ps.getInfo(uid);
            return false;
        } catch (PsaException e) {
            if (e.psaStatus() == PsaStatus.DOES_NOT_EXIST) {
                return true;
            }
            throw PsaErrors.toCk(e);
        }
    }

    private void removeQuietly(long uid) {
        try {
            ps.remove(uid);
        } catch (PsaException e) {
            // absent already
        }
    }

    private void writeIndex() throws PsaException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * records.size());
        b.putInt(INDEX_MAGIC).putInt(records.size());
        records.forEach(b::putInt);
        ps.set(config.psUidBase(), b.array(), PsaPs.FLAG_NONE);
    }

    private static byte[] encode(TokenObject o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(20);
        h.putInt(RECORD_MAGIC).putInt(o.psaKeyId).putLong(o.valueUid).putInt(o.attributes().size());
        out.writeBytes(h.array());
        for (Map.Entry<Long, byte[]> e : o.attributes().entrySet()) {
            ByteBuffer a = ByteBuffer.allocate(12);
            a.putLong(e.getKey()).putInt(e.getValue().length);
            out.writeBytes(a.array());
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    private TokenObject decode(int record, byte[] b) throws CkException {
        try {
            ByteBuffer r = ByteBuffer.wrap(b);
            if (r.getInt() != RECORD_MAGIC) {
                throw new CkException(Ckr.DEVICE_ERROR, "object record " + record + " unreadable");
            }
            int keyId = r.getInt();
            long valueUid = r.getLong();
            int n = r.getInt();
            Map<Long, byte[]> attrs = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long type = r.getLong();
                byte[] v = new byte[r.getInt()];
                r.get(v);
                attrs.put(type, v);
            }
            if (!attrs.containsKey(Cka.CLASS)) {
                throw new CkException(Ckr.DEVICE_ERROR, "object record " + record + " has no class");
            }
            return new TokenObject(newHandle(), null, 0, keyId, record, valueUid, attrs);
        } catch (RuntimeException e) {
            throw new CkException(Ckr.DEVICE_ERROR, "object record " + record + " unreadable");
        }
    }
}
