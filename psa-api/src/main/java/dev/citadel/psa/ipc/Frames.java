package dev.citadel.psa.ipc;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import java.nio.ByteBuffer;

/** Encoders for requests and replies. Buffers must be little-endian and large enough; all methods write at 0. */
public final class Frames {
    private Frames() {}

    /** Encodes a request without vectors; returns the total bytes, prefix included. */
    public static int encodeSimple(ByteBuffer buf, int kind, int seq, int nsid, int target, int version) {
        header(buf, kind, seq, nsid, target, version, 0, 0, 0);
        buf.putInt(0, Wire.REQUEST_HEADER);
        return Wire.PREFIX + Wire.REQUEST_HEADER;
    }

    /** The total size, prefix included, of a CALL request with these vectors. */
    public static long callRequestSize(InVec[] in, OutVec[] out) {
        long size = Wire.PREFIX + Wire.REQUEST_HEADER + 4L * (count(in) + count(out));
        for (int i = 0; i < count(in); i++) {
            size += in[i].length();
        }
        return size;
    }

    /** Encodes a CALL request; returns the total bytes, prefix included. Vectors must be non-null. */
    public static int encodeCall(ByteBuffer buf, int seq, int nsid, int handle, int type, InVec[] in, OutVec[] out) {
        int inCount = count(in);
        int outCount = count(out);
        header(buf, Wire.KIND_CALL, seq, nsid, handle, 0, type, inCount, outCount);
        int p = Wire.PREFIX + Wire.REQUEST_HEADER;
        for (int i = 0; i < inCount; i++, p += 4) {
            buf.putInt(p, in[i].length());
        }
        for (int i = 0; i < outCount; i++, p += 4) {
            buf.putInt(p, out[i].capacity());
        }
        for (int i = 0; i < inCount; i++) {
            InVec v = in[i];
            buf.put(p, v.array(), v.offset(), v.length());
            p += v.length();
        }
        buf.putInt(0, p - Wire.PREFIX);
        return p;
    }

    private static void header(
            ByteBuffer buf, int kind, int seq, int nsid, int target, int version, int type, int inCount, int outCount) {
        int b = Wire.PREFIX;
        buf.putShort(b, (short) Wire.MAGIC);
        buf.put(b + 2, (byte) Wire.VERSION);
        buf.put(b + 3, (byte) kind);
        buf.putInt(b + 4, seq);
        buf.putInt(b + 8, nsid);
        buf.putInt(b + 12, target);
        buf.putInt(b + 16, version);
        buf.putInt(b + 20, type);
        buf.put(b + 24, (byte) inCount);
        buf.put(b + 25, (byte) outCount);
        buf.putShort(b + 26, (short) 0);
    }

    /** Writes a reply header (prefix included) for a reply with {@code outCount} vectors and a payload. */
    public static void replyHeader(ByteBuffer buf, int kind, int seq, int result, int outCount, int payloadLength) {
        buf.putInt(0, Wire.REPLY_HEADER + 4 * outCount + payloadLength);
        int b = Wire.PREFIX;
        buf.putShort(b, (short) Wire.MAGIC);
        buf.put(b + 2, (byte) Wire.VERSION);
        buf.put(b + 3, (byte) kind);
        buf.putInt(b + 4, seq);
        buf.putInt(b + 8, result);
        buf.put(b + 12, (byte) outCount);
        buf.put(b + 13, (byte) 0);
        buf.putShort(b + 14, (short) 0);
    }

    private static int count(Object[] vecs) {
        return vecs == null ? 0 : vecs.length;
    }
}
