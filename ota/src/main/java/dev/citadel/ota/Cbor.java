package dev.citadel.ota;

import dev.citadel.psa.cbor.CborEncoder;
import dev.citadel.psa.cbor.CborException;
import dev.citadel.psa.cbor.CborMapBuilder;
import dev.citadel.psa.cbor.CborReader;
import dev.citadel.psa.cbor.MajorType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of CBOR (RFC 8949) the MQTT stream messages use: one definite-length map with text keys whose values are
 * unsigned integers, byte strings or text strings, written in the order given. The CBOR mechanics are psa-api's
 * ({@code dev.citadel.psa.cbor}); this class holds the shape. Anything else is refused with a reason, never half-read.
 */
public final class Cbor {
    /** No stream message needs more entries; a larger count is malformed input, not a reason to allocate. */
    private static final int MAX_ENTRIES = 32;

    private Cbor() {}

    /** Encodes {@code map} (values: non-negative {@link Long} or {@link Integer}, {@code byte[]}, {@link String}). */
    public static byte[] encode(Map<String, ?> map) {
        CborMapBuilder out = CborMapBuilder.inInsertionOrder();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            Object v = e.getValue();
            byte[] value;
            if (v instanceof Long || v instanceof Integer) {
                long n = ((Number) v).longValue();
                if (n < 0) {
                    throw new IllegalArgumentException("negative integer for " + e.getKey());
                }
                value = CborEncoder.unsigned(n);
            } else if (v instanceof byte[] b) {
                value = CborEncoder.bytes(b);
            } else if (v instanceof String s) {
                value = CborEncoder.text(s);
            } else {
                throw new IllegalArgumentException("unsupported CBOR value for " + e.getKey() + ": " + v);
            }
            out.put(e.getKey(), value);
        }
        return out.build();
    }

    /**
     * Decodes one map; values come back as {@link Long}, {@code byte[]} or {@link String}.
     *
     * @throws StreamFormatException if the bytes are not such a map, or trailing bytes follow it
     */
    public static Map<String, Object> decode(byte[] in) throws StreamFormatException {
        try {
            CborReader r = new CborReader(in);
            Map<String, Object> map = readMap(r);
            if (r.remaining() != 0) {
                throw new StreamFormatException(r.remaining() + " bytes after the CBOR map");
            }
            return map;
        } catch (CborException e) {
            throw new StreamFormatException(e.getMessage());
        }
    }

    private static Map<String, Object> readMap(CborReader r) throws CborException, StreamFormatException {
        int n = r.readMapHeader();
        if (n > MAX_ENTRIES) {
            throw new StreamFormatException("a CBOR map of " + n + " entries; at most " + MAX_ENTRIES);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = r.readText();
            MajorType type = r.peekType();
            Object value = switch (type) {
                case UNSIGNED_INTEGER -> r.readUnsigned();
                case BYTE_STRING -> r.readBytes();
                case TEXT_STRING -> r.readText();
                default -> throw new StreamFormatException(type.description() + " for key '" + key
                        + "'; only unsigned integers, byte and text strings are expected");
            };
            if (map.put(key, value) != null) {
                throw new StreamFormatException("key '" + key + "' appears twice");
            }
        }
        return map;
    }
}
