package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one message body: call id, signature, then the fields in signature order. Writing a field its signature
 * does not have next, or finishing early, is a programming error. The server writes replies; the tests also use it
 * to write requests as p11-kit's client does.
 */
public final class RpcWriter {
    private final Sink out = new Sink();
    private final RpcCall call;
    private final String signature;
    private int sigPos;

    private RpcWriter(RpcCall call, String signature) {
        this.call = call;
        this.signature = signature;
        out.u32(call.id());
        out.byteArray(signature.getBytes(StandardCharsets.US_ASCII));
    }

    public static RpcWriter request(RpcCall call) {
        return new RpcWriter(call, call.request());
    }

    public static RpcWriter response(RpcCall call) {
        return new RpcWriter(call, call.response());
    }

    /**
     * The {@link RpcCall#ERROR} reply. p11-kit's server sends {@code (uint32_t) rv}; clients refuse an ERROR with 0.
     */
    public static byte[] error(long rv) {
        return response(RpcCall.ERROR).writeUlong(rv & 0xffffffffL).finish();
    }

    public RpcWriter writeByte(int v) {
        expect("y");
        out.u8(v);
        return this;
    }

    public RpcWriter writeUlong(long v) {
        expect("u");
        out.u64(v);
        return this;
    }

    public RpcWriter writeVersion(CkInfo.Version v) {
        expect("v");
        out.u8(v.major());
        out.u8(v.minor());
        return this;
    }

    /** {@code s}: UTF-8, blank-padded (or cut) to exactly {@code width} bytes, as the receiver requires. */
    public RpcWriter writeSpaceString(String s, int width) {
        expect("s");
        byte[] b = Arrays.copyOf(s.getBytes(StandardCharsets.UTF_8), width);
        int len = Math.min(s.getBytes(StandardCharsets.UTF_8).length, width);
        Arrays.fill(b, len, width, (byte) ' ');
        out.byteArray(b);
        return this;
    }

    public RpcWriter writeZeroString(String s) {
        expect("z");
        out.byteArray(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** {@code ay} with data (valid 1); {@code null} is sent in the 0.25+ NULL form (valid 1, {@code ffffffff}). */
    public RpcWriter writeByteArray(byte[] data) {
        expect("ay");
        out.u8(1);
        out.byteArray(data);
        return this;
    }

    /** {@code ay} without data (valid 0 and a length): a length answer, or a 0.24.1 client's NULL input. */
    public RpcWriter writeByteArrayLength(long length) {
        expect("ay");
        out.u8(0);
        out.u32(length);
        return this;
    }

    public RpcWriter writeByteBuffer(long capacity) {
        expect("fy");
        out.u32(capacity);
        return this;
    }

    public RpcWriter writeUlongBuffer(long capacity) {
        expect("fu");
        out.u32(capacity);
        return this;
    }

    /** {@code au} with values. */
    public RpcWriter writeUlongArray(long[] values) {
        expect("au");
        out.u8(1);
        out.u32(values.length);
        for (long v : values) {
            out.u64(v);
        }
        return this;
    }

    /** {@code au} without values: the count alone. */
    public RpcWriter writeUlongArrayLength(long count) {
        expect("au");
        out.u8(0);
        out.u32(count);
        return this;
    }

    /** {@code fA}: a NULL buffer ({@link AttributeQuery#NO_BUFFER}) is capacity 0. */
    public RpcWriter writeAttributeBuffer(List<AttributeQuery> template) {
        expect("fA");
        out.u32(template.size());
        for (AttributeQuery q : template) {
            out.u32(q.type());
            out.u32(q.capacity() == AttributeQuery.NO_BUFFER ? 0 : q.capacity());
        }
        return this;
    }

    /** {@code aA} from values. */
    public RpcWriter writeAttributeArray(List<CkAttribute> template) {
        expect("aA");
        out.u32(template.size());
        for (CkAttribute a : template) {
            AttributeCodec.write(out, a.type(), a.length(), a.value());
        }
        return this;
    }

    /**
     * {@code aA} from a {@code C_GetAttributeValue} answer: unavailable entries with validity 0, the others with their
     * true length and the value, or the NULL form when no value was copied out. The {@code u} after it is the rv.
     *
     * @throws IllegalArgumentException if a value does not have its attribute's shape
     */
    public RpcWriter writeAttributeAnswer(AttributeAnswer answer) {
        expect("aA");
        out.u32(answer.entries().size());
        for (AttributeAnswer.Entry e : answer.entries()) {
            byte[] v = e.value().map(CkAttribute::value).orElse(null);
            AttributeCodec.write(out, e.type(), e.length(), v);
        }
        return this;
    }

    /** {@code aA} from attributes as they travel, validity included. */
    public RpcWriter writeAttributes(List<WireAttribute> attributes) {
        expect("aA");
        out.u32(attributes.size());
        for (WireAttribute a : attributes) {
            AttributeCodec.write(out, a.type(), a.valid() ? a.length() : -1, a.value());
        }
        return this;
    }

    public RpcWriter writeMechanism(CkMechanism m, int version) {
        expect("M");
        MechanismCodec.write(out, m, version);
        return this;
    }

    /** The body; every field of the signature must have been written. */
    public byte[] finish() {
        if (sigPos != signature.length()) {
            throw new IllegalStateException(call.functionName() + ": '" + signature.substring(sigPos)
                    + "' not written");
        }
        return out.toByteArray();
    }

    private void expect(String code) {
        if (!signature.startsWith(code, sigPos)) {
            throw new IllegalStateException(call.functionName() + ": '" + code + "' written at '"
                    + signature.substring(sigPos) + "'");
        }
        sigPos += code.length();
    }
}
