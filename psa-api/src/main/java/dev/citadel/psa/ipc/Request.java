package dev.citadel.psa.ipc;

import dev.citadel.psa.PsaStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A decoded request. Instances are reused from one frame to the next on a connection, so they are mutable and not
 * thread-safe. Input vectors are not copied: they are located by offset in the frame body.
 */
public final class Request {
    public int version;
    public int kind;
    public int seq;
    public int nsid;
    public int target;
    public int serviceVersion;
    public int type;
    public int inCount;
    public int outCount;
    public final int[] inLength = new int[Wire.MAX_VECTORS_PER_KIND];
    /** Where each input vector starts, relative to the start of the body. */
    public final int[] inOffset = new int[Wire.MAX_VECTORS_PER_KIND];
    public final int[] outCapacity = new int[Wire.MAX_VECTORS_PER_KIND];
    /** Sum of the output capacities, as a long because each may be up to 2^32 - 1. */
    public long outCapacityTotal;

    /**
     * Decodes a request body of {@code length} bytes starting at the buffer's position (the {@code frame_length}
     * prefix already removed). Validates everything that §3 of the protocol makes structural; checks that the SPM
     * owns (vector total, type range) are left to the caller.
     */
    public void decode(ByteBuffer body, int length) throws ProtocolException {
        ByteBuffer b = body.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = b.position();
        if (length < 4) {
            throw new ProtocolException(PsaStatus.PROGRAMMER_ERROR.value(), true, "frame shorter than its header");
        }
        if ((b.getShort(base) & 0xFFFF) != Wire.MAGIC) {
            throw new ProtocolException(PsaStatus.PROGRAMMER_ERROR.value(), false, "bad magic");
        }
        version = b.get(base + 2) & 0xFF;
        kind = b.get(base + 3) & 0xFF;
        if (version != Wire.VERSION) {
            throw new ProtocolException(
                    PsaStatus.NOT_SUPPORTED.value(), true, "protocol version " + version + " is not supported");
        }
        if (length < Wire.REQUEST_HEADER) {
            throw malformed("frame shorter than the request header");
        }
        seq = b.getInt(base + 4);
        nsid = b.getInt(base + 8);
        target = b.getInt(base + 12);
        serviceVersion = b.getInt(base + 16);
        type = b.getInt(base + 20);
        inCount = b.get(base + 24) & 0xFF;
        outCount = b.get(base + 25) & 0xFF;
        if (b.getShort(base + 26) != 0) {
            throw malformed("reserved bits set");
        }
        if (kind < Wire.KIND_FRAMEWORK_VERSION || kind > Wire.KIND_CLOSE) {
            throw malformed("unknown request kind " + kind);
        }
        if (kind != Wire.KIND_CALL && (inCount != 0 || outCount != 0)) {
            throw malformed("vectors on a " + Wire.kindName(kind) + " request");
        }
        if (inCount > Wire.MAX_VECTORS_PER_KIND || outCount > Wire.MAX_VECTORS_PER_KIND) {
            throw malformed("more than 4 vectors of one kind");
        }
        long expected = Wire.REQUEST_HEADER + 4L * (inCount + outCount);
        if (expected > length) {
            throw malformed("frame shorter than its vector table");
        }
        int p = base + Wire.REQUEST_HEADER;
        for (int i = 0; i < inCount; i++, p += 4) {
            inLength[i] = b.getInt(p);
            expected += Integer.toUnsignedLong(inLength[i]);
        }
        outCapacityTotal = 0;
        for (int i = 0; i < outCount; i++, p += 4) {
            outCapacity[i] = b.getInt(p);
            outCapacityTotal += Integer.toUnsignedLong(outCapacity[i]);
        }
        if (expected != length) {
            throw malformed("frame length " + length + " does not match its vectors (" + expected + ")");
        }
        for (int i = 0; i < inCount; i++) {
            inOffset[i] = p - base;
            p += inLength[i];
        }
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(PsaStatus.PROGRAMMER_ERROR.value(), true, why);
    }
}
