package dev.citadel.pkcs11;

/**
 * The {@code CK_*_INFO} structures, with their fixed-width blank-padded strings as Java strings (the RPC layer pads
 * them) and versions as {@link Version}.
 */
public final class CkInfo {
    private CkInfo() {}

    /** {@code CK_VERSION}. */
    public record Version(int major, int minor) {}

    /** {@code CK_INFO}. */
    public record Library(Version cryptokiVersion, String manufacturerId, long flags, String libraryDescription,
            Version libraryVersion) {}

    /** {@code CK_SLOT_INFO}. */
    public record Slot(String slotDescription, String manufacturerId, long flags, Version hardwareVersion,
            Version firmwareVersion) {}

    /** {@code CK_TOKEN_INFO}; counts that the token does not track are {@link #UNAVAILABLE}. */
    public record Token(String label, String manufacturerId, String model, String serialNumber, long flags,
            long maxSessionCount, long sessionCount, long maxRwSessionCount, long rwSessionCount, long maxPinLen,
            long minPinLen, long totalPublicMemory, long freePublicMemory, long totalPrivateMemory,
            long freePrivateMemory, Version hardwareVersion, Version firmwareVersion, String utcTime) {}

    /** {@code CK_SESSION_INFO}. */
    public record Session(long slotId, long state, long flags, long deviceError) {}

    /** {@code CK_MECHANISM_INFO}. */
    public record Mechanism(long minKeySize, long maxKeySize, long flags) {}

    /** {@code CK_UNAVAILABLE_INFORMATION}. */
    public static final long UNAVAILABLE = -1;
    /** {@code CK_EFFECTIVELY_INFINITE}. */
    public static final long EFFECTIVELY_INFINITE = 0;
}
