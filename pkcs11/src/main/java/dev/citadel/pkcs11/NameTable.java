package dev.citadel.pkcs11;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Builds a value → name map from a constants class's {@code public static final long} fields. */
final class NameTable {
    private NameTable() {}

    static Map<Long, String> of(Class<?> constants, String prefix) {
        Map<Long, String> names = new HashMap<>();
        for (Field f : constants.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == long.class) {
                try {
                    names.putIfAbsent(f.getLong(null), prefix + f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
