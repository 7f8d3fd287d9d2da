package dev.citadel.ota;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subset of CBOR (RFC 8949) the MQTT stream messages use: one definite-length map with text keys whose values are
 * unsigned integers, byte strings or text strings. Anything else is refused with a reason, never half-read.
 */
public final class Cbor {
    private static final int UINT = 0;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int MAP = 5;
    /** No stream message needs more entries; a larger count is malformed input, not a reason to allocate. */
    private static final int MAX_ENTRIES = 32;

    private Cbor() {}

    /** Encodes {@code map} (values: non-negative {@link Long} or {@link Integer}, {@code byte[]}, {@link String}). */
    public static byte[] encode(Map<String, ?> map) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, MAP, map.size());
        for (Map.Entry<String, ?> e : map.entrySet()) {
            text(out, e.getKey());
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Integer) {
                long n = ((Number) v).longValue();
                if (n < 0) {
                    throw new IllegalArgumentException("negative integer for " + e.getKey());
                }
                head(out, UINT, n);
            } else if (v instanceof byte[] b) {
                head(out, BYTES, b.length);
                out.writeBytes(b);
            } else if (v instanceof String s) {
                text(out, s);
            } else {
                throw new IllegalArgumentException("unsupported CBOR value for " + e.getKey() + ": " + v);
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes one map; values come back as {@link Long}, {@code byte[]} or {@link String}.
     *
     * @throws StreamFormatException if the bytes are not such a map, or trailing bytes follow it
     */
    public static Map<String, Object> decode(byte[] in) throws StreamFormatException {
        Reader r = new Reader(in);
        long n = r.head(MAP);
        if (n > MAX_ENTRIES) {
            throw new StreamFormatException("a CBOR map of " + n + " entries; at most " + MAX_ENTRIES);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = new String(r.string(TEXT), StandardCharsets.UTF_8);
            int major = r.peekMajor();
            Object value = switch (major) {
                case UINT -> r.head(UINT);
                case BYTES -> r.string(BYTES);
                case TEXT -> new String(r.string(TEXT), StandardCharsets.UTF_8);
                default -> throw new StreamFormatException("CBOR major type " + major + " for key '" + key
                        + "'; only unsigned integers, byte and text strings are expected");
            };
            if (map.put(key, value) != null) {
                throw new StreamFormatException("key '" + key + "' appears twice");
            }
        }
        if (r.pos != in.length) {
            throw new StreamFormatException((in.length - r.pos) + " bytes after the CBOR map");
        }
        return map;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, TEXT, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            out.write((int) (n >>> 8));
            out.write((int) n);
        } else if (n < 0x1_0000_0000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
        }
    }

    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        int peekMajor() throws StreamFormatException {
            need(1);
            return (in[pos] & 0xFF) >>> 5;
        }

        long head(int major) throws StreamFormatException {
            need(1);
            int b = in[pos] & 0xFF;
            if (b >>> 5 != major) {
                throw new StreamFormatException("CBOR major type " + (b >>> 5) + " where " + major + " is expected");
            }
            pos++;
            int info = b & 0x1F;
            if (info < 24) {
                return info;
            }
            int len = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new StreamFormatException("indefinite or reserved CBOR length (" + info + ")");
            };
            need(len);
            long n = 0;
            for (int i = 0; i < len; i++) {
                n = n << 8 | (in[pos++] & 0xFF);
            }
            if (n < 0) {
                throw new StreamFormatException("a CBOR integer beyond 2^63");
            }
            return n;
        }

        byte[] string(int major) throws StreamFormatException {
            long n = head(major);
            if (n > in.length - pos) {
                throw new StreamFormatException("a CBOR string of " + n + " bytes, " + (in.length - pos) + " left");
            }
            byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
            pos += (int) n;
            return b;
        }

        private void need(int n) throws StreamFormatException {
            if (in.length - pos < n) {
                throw new StreamFormatException("the CBOR message ends early");
            }
        }
    }
}
