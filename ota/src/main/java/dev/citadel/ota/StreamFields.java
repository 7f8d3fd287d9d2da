package dev.citadel.ota;

import java.util.Map;

/** Typed reads of a decoded stream message's fields, each failure naming the key. */
final class StreamFields {
    private StreamFields() {}

    static int uint(Map<String, Object> m, String key, int max) throws StreamFormatException {
        Object v = m.get(key);
        if (!(v instanceof Long n)) {
            throw new StreamFormatException(v == null ? "no '" + key + "'" : "'" + key + "' is not an unsigned integer");
        }
        if (n > max) {
            throw new StreamFormatException("'" + key + "' is " + n + ", above " + max);
        }
        return (int) (long) n;
    }

    static byte[] bytes(Map<String, Object> m, String key) throws StreamFormatException {
        Object v = m.get(key);
        if (!(v instanceof byte[] b)) {
            throw new StreamFormatException(v == null ? "no '" + key + "'" : "'" + key + "' is not a byte string");
        }
        return b;
    }
}
