package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one message body: the call id, the signature (which must equal the call table's, byte for byte), then each
 * field in signature order. Every read names its signature code, so a body that does not follow its signature, is
 * truncated, or has bytes left over is a {@link WireException}.
 */
public final class RpcReader {
    private final Cursor in;
    private final RpcCall call;
    private final String signature;
    private int sigPos;

    private RpcReader(byte[] body, boolean request) throws WireException {
        this.in = new Cursor(body);
        long id = in.u32();
        RpcCall c = RpcCall.byId(id);
        if (c == null || (request && c == RpcCall.ERROR)) {
            throw new UnknownCallException(id);
        }
        this.call = c;
        this.signature = request ? c.request() : c.response();
        byte[] sig = in.byteArray();
        if (sig == null || !Arrays.equals(sig, signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new WireException(c.functionName() + ": signature "
                    + (sig == null ? "NULL" : "'" + new String(sig, StandardCharsets.US_ASCII) + "'")
                    + " is not '" + signature + "'");
        }
    }

    /** A request body; an id outside the table is an {@link UnknownCallException}. */
    public static RpcReader request(byte[] body) throws WireException {
        return new RpcReader(body, true);
    }

    /** A reply body (including {@link RpcCall#ERROR}). */
    public static RpcReader response(byte[] body) throws WireException {
        return new RpcReader(body, false);
    }

    /** The call this message belongs to. */
    public RpcCall call() {
        return call;
    }

    /** {@code y}. */
    public int readByte() throws WireException {
        expect("y");
        return in.u8();
    }

    /** {@code u}: a {@code CK_ULONG} as u64. */
    public long readUlong() throws WireException {
        expect("u");
        return in.u64();
    }

    /** {@code v}. */
    public CkInfo.Version readVersion() throws WireException {
        expect("v");
        return new CkInfo.Version(in.u8(), in.u8());
    }

    /** {@code s}: a space-padded fixed-width string, which must be exactly {@code width} bytes. */
    public String readSpaceString(int width) throws WireException {
        expect("s");
        byte[] b = in.byteArray();
        if (b == null || b.length != width) {
            throw new WireException("space-padded string of " + (b == null ? "NULL" : b.length) + " bytes, not "
                    + width);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** {@code z}: a string sent without its NUL. */
    public String readZeroString() throws WireException {
        expect("z");
        byte[] b = in.byteArray();
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * {@code ay}. A NULL array comes as valid 0 and a u32 (0.24.1 clients: NULL with length 0; also a reply's
     * "length only") or as valid 1 and {@code ffffffff} (0.25+ clients); both read as a {@code null} value.
     */
    public ByteArray readByteArray() throws WireException {
        expect("ay");
        int valid = in.u8();
        if (valid == 0) {
            return new ByteArray(null, in.u32());
        }
        if (valid != 1) {
            throw new WireException("byte array validity byte " + valid);
        }
        byte[] b = in.byteArray();
        return new ByteArray(b, b == null ? 0 : b.length);
    }

    /** {@code fy}: the caller's output buffer size, 0 for NULL (a length query). */
    public long readByteBuffer() throws WireException {
        expect("fy");
        return in.u32();
    }

    /** {@code fu}: the caller's output array size in elements, 0 for NULL. */
    public long readUlongBuffer() throws WireException {
        expect("fu");
        return in.u32();
    }

    /** {@code au}. */
    public UlongArray readUlongArray() throws WireException {
        expect("au");
        int valid = in.u8();
        long n = in.u32();
        if (valid == 0) {
            return new UlongArray(null, n);
        }
        if (n * 8 > in.remaining()) {
            throw new WireException("truncated CK_ULONG array of " + n);
        }
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = in.u64();
        }
        return new UlongArray(v, n);
    }

    /** {@code fA}: a {@code C_GetAttributeValue} template, capacity 0 meaning a NULL {@code pValue}. */
    public List<AttributeQuery> readAttributeBuffer() throws WireException {
        expect("fA");
        long n = in.u32();
        if (n * 8 > in.remaining()) {
            throw new WireException("truncated attribute template of " + n);
        }
        List<AttributeQuery> q = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long type = in.u32();
            long cap = in.u32();
            q.add(new AttributeQuery(type, cap == 0 ? AttributeQuery.NO_BUFFER : cap));
        }
        return q;
    }

    /** {@code aA}: a template with values. */
    public List<WireAttribute> readAttributeArray() throws WireException {
        expect("aA");
        long n = in.u32();
        if (n * 5 > in.remaining()) {
            throw new WireException("truncated attribute array of " + n);
        }
        List<WireAttribute> a = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            a.add(AttributeCodec.read(in, 0));
        }
        return a;
    }

    /** {@code M}, in the form of the version the client offered; {@code null} is a NULL mechanism (v2 only). */
    public CkMechanism readMechanism(int offeredVersion) throws WireException {
        expect("M");
        return MechanismCodec.read(in, offeredVersion);
    }

    /** Checks that the whole signature was read and no byte is left. */
    public void end() throws WireException {
        if (sigPos != signature.length()) {
            throw new WireException(call.functionName() + ": fields '" + signature.substring(sigPos) + "' not read");
        }
        if (in.remaining() != 0) {
            throw new WireException(call.functionName() + ": " + in.remaining() + " bytes after the last field");
        }
    }

    private void expect(String code) throws WireException {
        if (!signature.startsWith(code, sigPos)) {
            throw new IllegalStateException(call.functionName() + ": '" + code + "' read at "
                    + signature.substring(sigPos));
        }
        sigPos += code.length();
    }

    /** An {@code ay}: the bytes, or {@code null} with the length alone. */
    public record ByteArray(byte[] value, long length) {
        /** The bytes, a NULL array being empty. */
        public byte[] orEmpty() {
            return value == null ? new byte[0] : value;
        }
    }

    /** An {@code au}: the values, or {@code null} with the count alone. */
    public record UlongArray(long[] values, long count) {}

    /** A request whose call id is not in the version 0 table: answered, not fatal. */
    public static final class UnknownCallException extends WireException {
        private static final long serialVersionUID = 1L;
        private final long id;

        UnknownCallException(long id) {
            super("unknown call id " + id);
            this.id = id;
        }

        public long id() {
            return id;
        }
    }
}
