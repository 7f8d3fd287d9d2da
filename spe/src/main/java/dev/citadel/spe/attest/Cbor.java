package dev.citadel.spe.attest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little CBOR (RFC 8949) a token needs, written by hand so that the SPE carries no CBOR library: unsigned and
 * negative integers, byte and text strings, arrays, maps with their keys in the core deterministic order
 * (§4.2.1: bytewise order of the encoded keys), tags, and a check that a byte string is exactly one well-formed item
 * of definite length. Every length and integer is written in its shortest form.
 */
final class Cbor {
    static final int MAJOR_UNSIGNED = 0;
    static final int MAJOR_NEGATIVE = 1;
    static final int MAJOR_BYTES = 2;
    static final int MAJOR_TEXT = 3;
    static final int MAJOR_ARRAY = 4;
    static final int MAJOR_MAP = 5;
    static final int MAJOR_TAG = 6;
    static final int MAJOR_SIMPLE = 7;
    /** Deeper nesting than any boot record has is taken for an attack on the checker. */
    private static final int MAX_DEPTH = 16;

    private Cbor() {}

    /** The head of an item: major type and argument, shortest form. */
    static byte[] head(int major, long argument) {
        int mt = major << 5;
        if (argument < 0) {
            throw new IllegalArgumentException("CBOR arguments here are below 2^63");
        }
        if (argument < 24) {
            return new byte[] {(byte) (mt | argument)};
        }
        if (argument < 0x100) {
            return new byte[] {(byte) (mt | 24), (byte) argument};
        }
        if (argument < 0x10000) {
            return new byte[] {(byte) (mt | 25), (byte) (argument >>> 8), (byte) argument};
        }
        if (argument < 0x1_0000_0000L) {
            return new byte[] {(byte) (mt | 26), (byte) (argument >>> 24), (byte) (argument >>> 16),
                (byte) (argument >>> 8), (byte) argument};
        }
        byte[] h = new byte[9];
        h[0] = (byte) (mt | 27);
        for (int i = 0; i < 8; i++) {
            h[8 - i] = (byte) (argument >>> (8 * i));
        }
        return h;
    }

    /** An integer: major type 0 for n ≥ 0, 1 (encoding -1 - n) below. */
    static byte[] integer(long n) {
        return n >= 0 ? head(MAJOR_UNSIGNED, n) : head(MAJOR_NEGATIVE, -1 - n);
    }

    static byte[] bytes(byte[] b) {
        return concat(head(MAJOR_BYTES, b.length), b);
    }

    static byte[] text(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(head(MAJOR_TEXT, utf8.length), utf8);
    }

    /** An array of already encoded items. */
    static byte[] array(List<byte[]> items) {
        List<byte[]> parts = new ArrayList<>(items.size() + 1);
        parts.add(head(MAJOR_ARRAY, items.size()));
        parts.addAll(items);
        return concat(parts.toArray(new byte[0][]));
    }

    /** A tag on an already encoded item. */
    static byte[] tag(long tag, byte[] item) {
        return concat(head(MAJOR_TAG, tag), item);
    }

    /** Builds a map whose entries are written in the deterministic order of their encoded keys. */
    static final class MapBuilder {
        private final List<byte[][]> entries = new ArrayList<>();

        /** Adds an entry of already encoded key and value. */
        MapBuilder put(byte[] key, byte[] value) {
            for (byte[][] e : entries) {
                if (Arrays.equals(e[0], key)) {
                    throw new IllegalArgumentException("duplicate map key");
                }
            }
            entries.add(new byte[][] {key, value});
            return this;
        }

        MapBuilder put(long key, byte[] value) {
            return put(integer(key), value);
        }

        byte[] build() {
            List<byte[][]> sorted = new ArrayList<>(entries);
            sorted.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
            List<byte[]> parts = new ArrayList<>(2 * sorted.size() + 1);
            parts.add(head(MAJOR_MAP, sorted.size()));
            for (byte[][] e : sorted) {
                parts.add(e[0]);
                parts.add(e[1]);
            }
            return concat(parts.toArray(new byte[0][]));
        }
    }

    /** Whether {@code data} is exactly one well-formed map of definite lengths (nested items included). */
    static boolean isOneMap(byte[] data) {
        if (data.length == 0 || (data[0] & 0xFF) >>> 5 != MAJOR_MAP) {
            return false;
        }
        try {
            return skip(data, 0, 0) == data.length;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The offset just past the item at {@code off}; throws for a malformed or indefinite-length item. */
    private static int skip(byte[] d, int off, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        int initial = byteAt(d, off) & 0xFF;
        int major = initial >>> 5;
        int info = initial & 0x1F;
        off++;
        long arg;
        if (info < 24) {
            arg = info;
        } else if (info <= 27) {
            int n = 1 << (info - 24);
            arg = 0;
            for (int i = 0; i < n; i++) {
                arg = (arg << 8) | (byteAt(d, off + i) & 0xFF);
            }
            off += n;
        } else {
            throw new IllegalArgumentException("reserved or indefinite length");
        }
        switch (major) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE, MAJOR_SIMPLE -> {
                return off;
            }
            case MAJOR_BYTES, MAJOR_TEXT -> {
                if (arg < 0 || arg > d.length - off) { // arg < 0: a length of 2^63 or more
                    throw new IllegalArgumentException("string past the end");
                }
                return off + (int) arg;
            }
            case MAJOR_ARRAY, MAJOR_MAP -> {
                long items = major == MAJOR_MAP ? 2 * arg : arg;
                if (arg < 0 || items > d.length - off) { // arg < 0: a count of 2^63 or more
                    throw new IllegalArgumentException("more items than bytes");
                }
                for (long i = 0; i < items; i++) {
                    off = skip(d, off, depth + 1);
                }
                return off;
            }
            default -> {
                return skip(d, off, depth + 1);
            }
        }
    }

    private static byte byteAt(byte[] d, int off) {
        if (off >= d.length) {
            throw new IllegalArgumentException("truncated");
        }
        return d[off];
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
