package dev.citadel.psa;

/**
 * TF-M's stateless ("static") handle encoding: bit 30 set, the requested version in bits 15:8 and the manifest's
 * {@code stateless_handle - 1} in bits 4:0.
 */
public final class StatelessHandle {
    private StatelessHandle() {}

    public static final int INDICATOR = 1 << 30;
    public static final int INDEX_MASK = 0x1F;
    public static final int VERSION_SHIFT = 8;
    public static final int VERSION_MASK = 0xFF;
    /** At most 32 stateless services ({@code STATIC_HANDLE_NUM_LIMIT}). */
    public static final int MAX_SERVICES = 32;

    /** The handle for manifest value {@code statelessHandle} (1..32) and service version. */
    public static int encode(int statelessHandle, int version) {
        if (statelessHandle < 1 || statelessHandle > MAX_SERVICES) {
            throw new IllegalArgumentException("stateless_handle must be 1..32: " + statelessHandle);
        }
        if (version < 0 || version > VERSION_MASK) {
            throw new IllegalArgumentException("a stateless service version must fit in 8 bits: " + version);
        }
        return INDICATOR | (version << VERSION_SHIFT) | (statelessHandle - 1);
    }

    public static boolean isStateless(int handle) {
        return (handle & INDICATOR) != 0;
    }

    /** Whether no bit outside the indicator, version and index fields is set. */
    public static boolean isWellFormed(int handle) {
        return (handle & ~(INDICATOR | (VERSION_MASK << VERSION_SHIFT) | INDEX_MASK)) == 0 && isStateless(handle);
    }

    /** The zero-based index (manifest {@code stateless_handle - 1}). */
    public static int index(int handle) {
        return handle & INDEX_MASK;
    }

    public static int version(int handle) {
        return (handle >>> VERSION_SHIFT) & VERSION_MASK;
    }
}
