package dev.citadel.spe.ps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * PS's object table ({@code struct ps_obj_table_t} of TF-M's {@code ps_object_table.c}), immutable: which (uid,
 * client ID) each table index holds, with the tag of that object's file.
 *
 * <p>Layout (little-endian, C struct alignment): a 40-byte crypto header ({@code tag[16]}, {@code u64 uid},
 * {@code i32 client_id}, {@code iv[12]}), {@code u8 version} (1) and 7 bytes of padding, then {@code entries}
 * entries of 32 bytes: {@code tag[16]}, {@code u64 uid}, {@code i32 client_id}, 4 bytes of padding. A free entry is
 * all zeros (uid 0). The table is authenticated, not encrypted: its tag covers everything after the crypto header,
 * followed by {@code LE32(NVC1)}.
 */
final class ObjectTable {
    static final int VERSION = 1;
    static final int CRYPTO_SIZE = 40;
    static final int HEADER_SIZE = 48;
    static final int ENTRY_SIZE = 32;
    /** The key label of the table: client {@code TFM_SP_PS} and this uid. */
    static final int TABLE_CLIENT_ID = 256;
    static final long TABLE_UID = 0x4EE143E1DF40BD00L;

    /** One entry; {@code uid == 0} means free. */
    record Entry(byte[] tag, long uid, int clientId) {
        static final Entry FREE = new Entry(new byte[PsCrypto.TAG_SIZE], 0, 0);

        boolean isFree() {
            return uid == 0;
        }
    }

    private final byte[] tag;
    private final byte[] iv;
    private final Entry[] entries;

    private ObjectTable(byte[] tag, byte[] iv, Entry[] entries) {
        this.tag = tag;
        this.iv = iv;
        this.entries = entries;
    }

    static int size(int entries) {
        return HEADER_SIZE + entries * ENTRY_SIZE;
    }

    /** A table with every entry free. */
    static ObjectTable empty(int entries) {
        Entry[] e = new Entry[entries];
        Arrays.fill(e, Entry.FREE);
        return new ObjectTable(new byte[PsCrypto.TAG_SIZE], new byte[PsCrypto.IV_SIZE], e);
    }

    /** The table in {@code file}, or empty if its size or version is not this table's. */
    static Optional<ObjectTable> decode(byte[] file, int entries) {
        if (file.length != size(entries) || file[CRYPTO_SIZE] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] tag = Arrays.copyOfRange(file, 0, PsCrypto.TAG_SIZE);
        byte[] iv = Arrays.copyOfRange(file, 28, 28 + PsCrypto.IV_SIZE);
        Entry[] e = new Entry[entries];
        for (int i = 0; i < entries; i++) {
            int at = HEADER_SIZE + i * ENTRY_SIZE;
            e[i] = new Entry(Arrays.copyOfRange(file, at, at + PsCrypto.TAG_SIZE), b.getLong(at + 16), b.getInt(at + 24));
        }
        return Optional.of(new ObjectTable(tag, iv, e));
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(size(entries.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(tag).putLong(TABLE_UID).putInt(TABLE_CLIENT_ID).put(iv);
        b.put((byte) VERSION);
        b.position(HEADER_SIZE);
        for (Entry e : entries) {
            b.put(e.tag()).putLong(e.uid()).putInt(e.clientId()).putInt(0);
        }
        return b.array();
    }

    /** {@code struct ps_crypto_assoc_data_t}: the table after its crypto header, then {@code LE32(nvc)}. */
    byte[] associatedData(long nvc) {
        byte[] all = encode();
        ByteBuffer b = ByteBuffer.allocate(all.length - CRYPTO_SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(all, CRYPTO_SIZE, all.length - CRYPTO_SIZE).putInt((int) nvc);
        return b.array();
    }

    byte[] tag() {
        return tag.clone();
    }

    byte[] iv() {
        return iv.clone();
    }

    int entries() {
        return entries.length;
    }

    Entry entry(int index) {
        return entries[index];
    }

    /** The index holding (uid, client), or -1. */
    int find(long uid, int clientId) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].uid() == uid && entries[i].clientId() == clientId && uid != 0) {
                return i;
            }
        }
        return -1;
    }

    /** The first free index if at least {@code needed} are free, else -1 ({@code ps_table_free_idx}). */
    int freeIndex(int needed) {
        int first = -1;
        int free = 0;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isFree()) {
                first = first < 0 ? i : first;
                free++;
            }
        }
        return free >= needed ? first : -1;
    }

    ObjectTable with(int index, Entry entry) {
        Entry[] e = entries.clone();
        e[index] = entry;
        return new ObjectTable(tag, iv, e);
    }

    ObjectTable withCrypto(byte[] newIv, byte[] newTag) {
        return new ObjectTable(newTag.clone(), newIv.clone(), entries);
    }
}
