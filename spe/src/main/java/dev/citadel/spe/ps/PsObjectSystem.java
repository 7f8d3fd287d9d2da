package dev.citadel.spe.ps;

import static dev.citadel.psa.storage.StorageWire.FLAG_WRITE_ONCE;
import static dev.citadel.psa.storage.StorageWire.SUPPORTED_FLAGS;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.its.ItsException;
import dev.citadel.spe.its.ItsFileId;
import dev.citadel.spe.its.ItsFileInfo;
import dev.citadel.spe.its.ItsFlashFs;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * PS's object system ({@code ps_object_system.c}, {@code ps_object_table.c}): encrypted objects and an authenticated
 * object table, stored as files of an ITS flash FS, with rollback protection by three NV counters.
 *
 * <p>File IDs are TF-M's: table copies 1 and 2, the object in table index {@code i} at {@code i + 3}, all owned by
 * client 256 in the FS. A set or remove costs: NVC1 increment, ONE FS commit (new object, new table copy, the old
 * table copy and the old object dropped together), then NVC2 and NVC3 raised to NVC1.
 *
 * <p>Boot ({@link #prepare}) follows TF-M's acceptance rule: a table is valid if it authenticates with NVC1, or with
 * NVC3 when NVC3 == NVC2 != 0 (a power cut after the NVC1 increment); with both valid, table 1 wins only if it
 * authenticates with NVC1. Unlike TF-M, when both fail nothing is wiped: the reason is logged and every call answers
 * {@code DATA_CORRUPT}. Not thread-safe: the partition serves one message at a time.
 */
final class PsObjectSystem {
    private static final System.Logger LOG = System.getLogger(PsObjectSystem.class.getName());
    private static final int OWNER = PartitionIds.PROTECTED_STORAGE;
    private static final int FIRST_OBJECT_FID = 3;


    /** What {@code get_info} reports. */
    record Info(int capacity, int size, int flags) {}

    private final ItsFlashFs fs;
    private final PsConfig config;
    private final PsCrypto crypto;
    private final PsNvCounters counters;
    private final FormatRequest formatRequest;
    private ObjectTable table;
    private int activeTable;
    private PsException broken;
    // The 96-bit IV counter: low 64 bits, then high 32 bits.
    private long ivLow;
    private int ivHigh;

    PsObjectSystem(ItsFlashFs fs, PsConfig config, PsCrypto crypto, PsNvCounters counters,
            FormatRequest formatRequest) {
        this.formatRequest = formatRequest;
        this.fs = fs;
        this.config = config;
        this.crypto = crypto;
        this.counters = counters;
    }

    /** {@code ps_system_prepare}: loads and authenticates the active table; never throws, never wipes. */
    void prepare() {
        try {
            long nvc1 = counters.read(PsNvCounters.NVC_1);
            long nvc2 = counters.read(PsNvCounters.NVC_2);
            long nvc3 = counters.read(PsNvCounters.NVC_3);
            List<ItsFileId> files;
            try {
                files = fs.list();
            } catch (ItsException e) {
                throw new PsException(e.status(), "PS area unusable: " + e.getMessage());
            }
            if (files.isEmpty()) {
                // NVC3 (= NVC2) above 0 means a save completed before: an empty area now was erased or put back
                // from its factory-fresh copy, a rollback like any other, unless the user formatted it. NVC1 alone
                // above 0 is a first save cut short, after which the empty area is the committed state.
                if ((nvc2 != 0 || nvc3 != 0) && !formatRequest.pending()) {
                    broken = new PsException(PsaStatus.DATA_CORRUPT, "PS area is empty but the PS NV counters ("
                            + nvc1 + ", " + nvc2 + ", " + nvc3 + ") say a table was saved: erased or replaced "
                            + "behind the SPE's back; left as is (citadel device format --ps starts an empty store)");
                    LOG.log(Level.ERROR, broken.getMessage());
                    return;
                }
                table = ObjectTable.empty(config.tableEntries());
                activeTable = 1; // so the first table goes to file 1, as TF-M's ps_object_table_create
                save(table, List.of(), -1);
                if (formatRequest.pending()) {
                    LOG.log(Level.INFO, "PS area formatted on request: empty store started at NVC1=" + nvc1);
                    formatRequest.consume().run();
                }
                return;
            }
            long nvc3Usable = nvc3 == nvc2 ? nvc3 : 0;
            int[] state = new int[2]; // 0 invalid, 1 valid with NVC1, 3 valid with NVC3
            ObjectTable[] tables = new ObjectTable[2];
            for (int i = 0; i < 2; i++) {
                Optional<ObjectTable> t = readTable(i);
                if (t.isPresent()) {
                    tables[i] = t.get();
                    if (authentic(t.get(), nvc1)) {
                        state[i] = 1;
                    } else if (nvc3Usable != 0 && authentic(t.get(), nvc3Usable)) {
                        state[i] = 3;
                    }
                }
            }
            if (state[0] == 0 && state[1] == 0) {
                broken = new PsException(PsaStatus.DATA_CORRUPT, "no PS object table authenticates with the NV "
                        + "counters (NVC1=" + nvc1 + ", NVC2=" + nvc2 + ", NVC3=" + nvc3
                        + "): tampered or rolled back; left as is");
                LOG.log(Level.ERROR, broken.getMessage());
                return;
            }
            activeTable = state[0] == 0 || state[1] == 1 ? 1 : 0;
            table = tables[activeTable];
            ByteBuffer iv = ByteBuffer.wrap(table.iv()).order(ByteOrder.LITTLE_ENDIAN);
            ivLow = iv.getLong();
            ivHigh = iv.getInt();
        } catch (PsException e) {
            broken = e;
            LOG.log(Level.ERROR, "PS cannot start: " + e.getMessage());
        }
    }

    /**
     * {@code psa_ps_set}: creates or replaces the client's object.
     *
     * @throws PsException {@code INVALID_ARGUMENT} for uid 0 or data above the max asset size;
     *     {@code NOT_SUPPORTED} for unknown flags; {@code NOT_PERMITTED} over a write-once object;
     *     {@code INSUFFICIENT_STORAGE} if the table or the flash is full; {@code GENERIC_ERROR} if the existing
     *     object fails its tag or NVC1 cannot be incremented; the boot status if PS did not start
     */
    void set(int clientId, long uid, int length, Supplier<byte[]> data, int flags) throws PsException {
        check();
        checkUid(uid);
        if ((flags & ~SUPPORTED_FLAGS) != 0) {
            throw new PsException(PsaStatus.NOT_SUPPORTED, "unsupported create flags " + Integer.toHexString(flags));
        }
        int old = table.find(uid, clientId);
        // WRITE_ONCE is checked before the size, as for ITS.
        if (old >= 0 && (readObject(old).flags() & FLAG_WRITE_ONCE) != 0) {
            throw new PsException(PsaStatus.NOT_PERMITTED, "asset is write-once");
        }
        if (length > config.maxAssetSize()) {
            throw new PsException(PsaStatus.INVALID_ARGUMENT, "asset larger than " + config.maxAssetSize());
        }
        // A new object must leave one entry free for later replacements, as TF-M's get_free_fid(2).
        int index = table.freeIndex(old >= 0 ? 1 : 2);
        if (index < 0) {
            throw new PsException(PsaStatus.INSUFFICIENT_STORAGE, "object table full");
        }
        ObjectTable next = old >= 0 ? table.with(old, ObjectTable.Entry.FREE) : table;
        save(next, List.of(new ObjectWrite(index, clientId, uid, data.get(), flags)), old);
    }

    /**
     * {@code psa_ps_get}: up to {@code length} bytes from {@code offset}.
     *
     * @throws PsException {@code INVALID_ARGUMENT} for uid 0 or {@code offset > size}; {@code DOES_NOT_EXIST} if the
     *     client has no such uid; {@code GENERIC_ERROR} if the object fails its tag; {@code DATA_CORRUPT} if its
     *     file is damaged or missing; the boot status if PS did not start
     */
    byte[] get(int clientId, long uid, int offset, int length) throws PsException {
        ObjectFile.Plain p = readObject(indexOf(clientId, uid));
        if (offset < 0 || offset > p.currentSize()) {
            throw new PsException(PsaStatus.INVALID_ARGUMENT, "offset beyond the asset");
        }
        return Arrays.copyOfRange(p.data(), offset, offset + Math.min(length, p.currentSize() - offset));
    }

    /** {@code psa_ps_get_info}; statuses as {@link #get}. */
    Info info(int clientId, long uid) throws PsException {
        ObjectFile.Plain p = readObject(indexOf(clientId, uid));
        return new Info(p.maxSize(), p.currentSize(), p.flags());
    }

    /**
     * {@code psa_ps_remove}.
     *
     * @throws PsException {@code NOT_PERMITTED} for a write-once object; {@code GENERIC_ERROR} if NVC1 cannot be
     *     incremented; otherwise as {@link #get}
     */
    void remove(int clientId, long uid) throws PsException {
        int index = indexOf(clientId, uid);
        if ((readObject(index).flags() & FLAG_WRITE_ONCE) != 0) {
            throw new PsException(PsaStatus.NOT_PERMITTED, "asset is write-once");
        }
        save(table.with(index, ObjectTable.Entry.FREE), List.of(), index);
    }

    private record ObjectWrite(int index, int clientId, long uid, byte[] data, int flags) {}

    /**
     * {@code ps_object_table_save_table}, with the object writes and drops folded into one FS commit: increments NVC1
     * (first, so every IV of this save lies above {@code NVC1 << 32}: see {@link #raiseIvFloor}), encrypts the
     * objects, signs {@code next} with NVC1, commits, then raises NVC2 and NVC3 to NVC1.
     */
    private void save(ObjectTable next, List<ObjectWrite> writes, int droppedIndex) throws PsException {
        counters.increment(PsNvCounters.NVC_1);
        long nvc1 = counters.read(PsNvCounters.NVC_1);
        raiseIvFloor(nvc1);
        List<ItsFlashFs.Change> changes = new ArrayList<>();
        for (ObjectWrite w : writes) {
            int fid = FIRST_OBJECT_FID + w.index();
            byte[] iv = nextIv();
            byte[] sealed = crypto.encrypt(w.clientId(), w.uid(), iv, ObjectFile.associatedData(fid),
                    ObjectFile.plaintext(w.data(), w.flags()));
            int bodyLength = sealed.length - PsCrypto.TAG_SIZE;
            byte[] tag = Arrays.copyOfRange(sealed, bodyLength, sealed.length);
            next = next.with(w.index(), new ObjectTable.Entry(tag, w.uid(), w.clientId()));
            changes.add(ItsFlashFs.Change.write(fileId(fid), ObjectFile.file(iv, Arrays.copyOf(sealed, bodyLength)), 0));
        }
        byte[] tableIv = nextIv();
        ObjectTable unsigned = next.withCrypto(tableIv, new byte[PsCrypto.TAG_SIZE]);
        byte[] tag = crypto.encrypt(ObjectTable.TABLE_CLIENT_ID, ObjectTable.TABLE_UID, tableIv,
                unsigned.associatedData(nvc1), new byte[0]);
        ObjectTable signed = unsigned.withCrypto(tableIv, tag);
        int scratch = 1 - activeTable;
        changes.add(ItsFlashFs.Change.write(fileId(scratch + 1), signed.encode(), 0));
        changes.add(ItsFlashFs.Change.remove(fileId(activeTable + 1)));
        if (droppedIndex >= 0) {
            changes.add(ItsFlashFs.Change.remove(fileId(FIRST_OBJECT_FID + droppedIndex)));
        }
        try {
            fs.update(changes);
        } catch (ItsException e) {
            throw new PsException(e.status(), "PS commit failed: " + e.getMessage());
        }
        table = signed;
        activeTable = scratch;
        align(PsNvCounters.NVC_2, nvc1);
        align(PsNvCounters.NVC_3, nvc1);
    }

    private void align(int counter, long nvc1) throws PsException {
        for (long v = counters.read(counter); v < nvc1; v++) {
            counters.increment(counter);
        }
    }

    /**
     * GCM must never see an IV twice under one key. TF-M restores its IV counter from the last committed table, so a
     * save cut short after encrypting would, after a reboot, reuse its IVs. Every save here first makes NVC1 (which
     * never goes back) the counter's floor: IVs of different saves lie in different {@code 2^32} windows.
     */
    private void raiseIvFloor(long nvc1) {
        long floor = nvc1 << 32;
        if (ivHigh == 0 && Long.compareUnsigned(ivLow, floor) < 0) {
            ivLow = floor;
        }
    }

    /** {@code ps_crypto_get_iv}: the next value of the 96-bit counter, low 8 bytes carrying into the high 4. */
    private byte[] nextIv() throws PsException {
        long low = ivLow + 1;
        int high = ivHigh;
        if (low == 0) {
            high++;
            if (high == 0) {
                throw new PsException(PsaStatus.GENERIC_ERROR, "IV space exhausted");
            }
        }
        ivLow = low;
        ivHigh = high;
        return ByteBuffer.allocate(PsCrypto.IV_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(low).putInt(high).array();
    }

    private int indexOf(int clientId, long uid) throws PsException {
        check();
        checkUid(uid);
        int index = table.find(uid, clientId);
        if (index < 0) {
            throw new PsException(PsaStatus.DOES_NOT_EXIST, "no such uid");
        }
        return index;
    }

    /** Reads and authenticates the object in table index {@code index}. */
    private ObjectFile.Plain readObject(int index) throws PsException {
        ObjectTable.Entry e = table.entry(index);
        int fid = FIRST_OBJECT_FID + index;
        byte[] file = readFile(fid).orElseThrow(
                () -> new PsException(PsaStatus.DATA_CORRUPT, "object file " + fid + " is missing"));
        if (file.length < ObjectFile.IV_SIZE + ObjectFile.INFO_SIZE) {
            throw new PsException(PsaStatus.DATA_CORRUPT, "object file " + fid + " is too short");
        }
        byte[] sealed = Arrays.copyOfRange(file, ObjectFile.IV_SIZE, file.length + PsCrypto.TAG_SIZE);
        System.arraycopy(e.tag(), 0, sealed, file.length - ObjectFile.IV_SIZE, PsCrypto.TAG_SIZE);
        byte[] plain;
        try {
            plain = crypto.decrypt(e.clientId(), e.uid(), Arrays.copyOf(file, ObjectFile.IV_SIZE),
                    ObjectFile.associatedData(fid), sealed);
        } catch (PsException x) {
            // ps_object_auth_decrypt's mapping: an object that fails its tag is a generic error.
            LOG.log(Level.ERROR, "PS object of client " + e.clientId() + " uid " + e.uid() + " fails its tag");
            throw new PsException(PsaStatus.GENERIC_ERROR, "object fails authentication");
        }
        ObjectFile.Plain p = ObjectFile.Plain.parse(plain);
        if (p == null) {
            throw new PsException(PsaStatus.DATA_CORRUPT, "object header does not match its length");
        }
        return p;
    }

    /** Table copy {@code i} (file {@code i + 1}), or empty if it is absent, damaged or not a table. */
    private Optional<ObjectTable> readTable(int i) throws PsException {
        try {
            return readFile(i + 1).flatMap(f -> ObjectTable.decode(f, config.tableEntries()));
        } catch (PsException e) {
            if (e.status() == PsaStatus.DATA_CORRUPT) {
                return Optional.empty(); // fails its CRC: this copy is invalid, as a failed psa_its_get in TF-M
            }
            throw e;
        }
    }

    private boolean authentic(ObjectTable t, long nvc) throws PsException {
        try {
            crypto.decrypt(ObjectTable.TABLE_CLIENT_ID, ObjectTable.TABLE_UID, t.iv(), t.associatedData(nvc), t.tag());
            return true;
        } catch (PsException e) {
            if (e.status() == PsaStatus.INVALID_SIGNATURE) {
                return false;
            }
            throw e;
        }
    }

    private Optional<byte[]> readFile(int fid) throws PsException {
        ItsFileId id = fileId(fid);
        try {
            Optional<ItsFileInfo> info = fs.info(id);
            if (info.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(fs.read(id, 0, info.get().size()));
        } catch (ItsException e) {
            throw new PsException(e.status(), e.getMessage());
        }
    }

    private static ItsFileId fileId(int fid) {
        return new ItsFileId(OWNER, fid);
    }

    private void check() throws PsException {
        if (broken != null) {
            throw broken;
        }
    }

    private static void checkUid(long uid) throws PsException {
        if (uid == 0) {
            throw new PsException(PsaStatus.INVALID_ARGUMENT, "uid 0 is invalid");
        }
    }
}
