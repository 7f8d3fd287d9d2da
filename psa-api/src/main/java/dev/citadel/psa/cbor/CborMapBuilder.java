package dev.citadel.psa.cbor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one definite-length CBOR map from keys and values already encoded. A map is written either in the core
 * deterministic order (RFC 8949 §4.2.1: keys sorted by the bytewise order of their encodings), which makes equal
 * contents equal bytes, or in the order the entries were put, for formats whose producers fix another order (a
 * boot record as imgtool writes it, a COSE_Key as t_cose hashes it). Either way a key may appear only once.
 */
public final class CborMapBuilder {
    private final boolean sorted;
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(byte[] key, byte[] value) {}

    private CborMapBuilder(boolean sorted) {
        this.sorted = sorted;
    }

    /** A map whose entries are written in the bytewise order of their encoded keys. */
    public static CborMapBuilder deterministic() {
        return new CborMapBuilder(true);
    }

    /** A map whose entries are written in the order they are put. */
    public static CborMapBuilder inInsertionOrder() {
        return new CborMapBuilder(false);
    }

    /**
     * Adds an entry whose key and value are each one encoded item.
     *
     * @throws IllegalArgumentException if an equal key was put before
     */
    public CborMapBuilder put(byte[] key, byte[] value) {
        for (Entry e : entries) {
            if (Arrays.equals(e.key, key)) {
                throw new IllegalArgumentException("duplicate map key " + Arrays.toString(key));
            }
        }
        entries.add(new Entry(key.clone(), value.clone()));
        return this;
    }

    /** Adds an entry with an integer key. */
    public CborMapBuilder put(long key, byte[] value) {
        return put(CborEncoder.integer(key), value);
    }

    /** Adds an entry with a text key. */
    public CborMapBuilder put(String key, byte[] value) {
        return put(CborEncoder.text(key), value);
    }

    /** The encoded map; the builder stays usable. */
    public byte[] build() {
        List<Entry> order = new ArrayList<>(entries);
        if (sorted) {
            order.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
        }
        byte[][] parts = new byte[1 + 2 * order.size()][];
        parts[0] = CborEncoder.head(MajorType.MAP, order.size());
        for (int i = 0; i < order.size(); i++) {
            parts[1 + 2 * i] = order.get(i).key;
            parts[2 + 2 * i] = order.get(i).value;
        }
        return CborEncoder.concat(parts);
    }
}
