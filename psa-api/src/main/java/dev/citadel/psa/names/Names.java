package dev.citadel.psa.names;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Lookups shared by the name tables. */
final class Names {
    private Names() {}

    /** Marks an absent PKCS#11 value; every real {@code CKM_*} and {@code CKG_*} value is non-negative. */
    static final long NO_CKM = -1;
    /** Marks an absent COSE id; 0 is reserved in the COSE registries. */
    static final int NO_COSE = 0;

    /** The first constant of {@code type} that {@code test} accepts. */
    static <E extends Enum<E>> Optional<E> find(Class<E> type, Predicate<E> test) {
        return Arrays.stream(type.getEnumConstants()).filter(test).findFirst();
    }

    /** Whether {@code name} is {@code primary} or one of {@code aliases}, ignoring case; false for null. */
    static boolean matches(String name, String primary, List<String> aliases) {
        return name != null
                && (primary.equalsIgnoreCase(name) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(name)));
    }
}
