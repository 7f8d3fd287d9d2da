package dev.citadel.psa.ipc;

/** Constants of the Citadel IPC wire protocol, version 1 ({@code docs/wire-protocol.md}). */
public final class Wire {
    private Wire() {}

    /** The bytes {@code 'C' 'T'} read as a little-endian u16. */
    public static final int MAGIC = 0x5443;

    public static final int VERSION = 1;
    /** The largest {@code frame_length}, in both directions. */
    public static final int MAX_FRAME_LENGTH = 1 << 20;
    /** Size of the {@code frame_length} prefix. */
    public static final int PREFIX = 4;
    /** Fixed part of a request body. */
    public static final int REQUEST_HEADER = 28;
    /** Fixed part of a reply body. */
    public static final int REPLY_HEADER = 16;
    /** Vectors of one kind a frame may declare. */
    public static final int MAX_VECTORS_PER_KIND = 4;

    public static final int KIND_ERROR = 0;
    public static final int KIND_FRAMEWORK_VERSION = 1;
    public static final int KIND_VERSION = 2;
    public static final int KIND_CONNECT = 3;
    public static final int KIND_CALL = 4;
    public static final int KIND_CLOSE = 5;

    /** Whether a reply with {@code outCount} vectors of these capacities fits in a frame. */
    public static boolean replyFits(int outCount, long sumOfCapacities) {
        return REPLY_HEADER + 4L * outCount + sumOfCapacities <= MAX_FRAME_LENGTH;
    }

    public static String kindName(int kind) {
        return switch (kind) {
            case KIND_ERROR -> "ERROR";
            case KIND_FRAMEWORK_VERSION -> "FRAMEWORK_VERSION";
            case KIND_VERSION -> "VERSION";
            case KIND_CONNECT -> "CONNECT";
            case KIND_CALL -> "CALL";
            case KIND_CLOSE -> "CLOSE";
            default -> "kind " + kind;
        };
    }
}
