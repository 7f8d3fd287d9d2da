package dev.citadel.pkcs11.rpc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One p11-kit RPC frame, the same in both directions: u32 call code (the request's tag, echoed by its reply; never
 * 0), u32 options length, u32 body length, the options (the client's module name; replies send none), the body.
 * Big-endian. Citadel bounds options at {@value #MAX_OPTIONS} bytes and bodies at {@value #MAX_BODY} bytes.
 */
public record Frame(long callCode, byte[] options, byte[] body) {
    public static final int HEADER = 12;
    public static final int MAX_OPTIONS = 4096;
    public static final int MAX_BODY = 16 << 20;

    /** A reply: the request's call code, no options. */
    public static Frame reply(long callCode, byte[] body) {
        return new Frame(callCode, new byte[0], body);
    }

    /**
     * Reads one frame; {@code null} at a clean end of stream before a header.
     *
     * @throws WireException for a zero call code, an oversize length, or a stream that ends inside the frame
     */
    public static Frame read(InputStream in) throws IOException, WireException {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[HEADER];
        int first = d.read(header, 0, HEADER);
        if (first < 0) {
            return null;
        }
        try {
            d.readFully(header, first, HEADER - first);
            ByteBuffer h = ByteBuffer.wrap(header);
            long code = Integer.toUnsignedLong(h.getInt());
            long optLen = Integer.toUnsignedLong(h.getInt());
            long bodyLen = Integer.toUnsignedLong(h.getInt());
            if (code == 0) {
                throw new WireException("call code 0");
            }
            if (optLen > MAX_OPTIONS || bodyLen > MAX_BODY) {
                throw new WireException("frame lengths " + optLen + "/" + bodyLen + " over the limits "
                        + MAX_OPTIONS + "/" + MAX_BODY);
            }
            byte[] options = new byte[(int) optLen];
            d.readFully(options);
            byte[] body = new byte[(int) bodyLen];
            d.readFully(body);
            return new Frame(code, options, body);
        } catch (EOFException e) {
            throw new WireException("stream ended inside a frame");
        }
    }

    /** Writes this frame in one piece. */
    public void write(OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + options.length + body.length);
        b.putInt((int) callCode).putInt(options.length).putInt(body.length).put(options).put(body);
        out.write(b.array());
        out.flush();
    }
}
