package dev.citadel.ota;

import java.util.Map;
import java.util.Optional;

/**
 * The one table from a job's {@code filepath} to the PSA FWU component it updates, the names of the FreeRTOS OTA PAL
 * over PSA FWU: image 0 is the secure image, image 1 the non-secure image.
 */
public final class FwuComponents {
    private static final Map<String, Integer> BY_PATH = Map.of("secure image", 0, "non_secure image", 1);

    private FwuComponents() {}

    /** The component {@code filepath} names, if any. */
    public static Optional<Integer> forPath(String filepath) {
        return Optional.ofNullable(BY_PATH.get(filepath));
    }

    /** The filepath of component {@code component}. */
    public static String path(int component) {
        return BY_PATH.entrySet().stream().filter(e -> e.getValue() == component).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no FWU component " + component));
    }
}
