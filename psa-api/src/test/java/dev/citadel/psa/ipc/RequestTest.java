package dev.citadel.psa.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTest {
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();

    /** wire-protocol.md §7, the request: {@code psa_call(0x40000106, 1, NULL, 0, &out, 1)}, out.len 4, NSID -1. */
    private static final byte[] EXAMPLE_REQUEST = HexFormat.of().parseHex(
            "20000000"
            + "43540104" + "07000000"
            + "ffffffff" + "06010040"
            + "00000000" + "01000000"
            + "00010000" + "04000000");

    /** wire-protocol.md §7, the reply: PSA_SUCCESS, out_len[0] = 4, payload LE32(0xC4000000). */
    private static final byte[] EXAMPLE_REPLY = HexFormat.of().parseHex(
            "18000000"
            + "43540104" + "07000000"
            + "00000000" + "01000000"
            + "04000000" + "000000c4");

    private final Request request = new Request();

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A request body with the given header fields, room for {@code extra} more bytes, and position 0. */
    private static ByteBuffer body(int kind, int inCount, int outCount, int extra) {
        ByteBuffer b = le(Wire.REQUEST_HEADER + extra);
        b.putShort(0, (short) Wire.MAGIC);
        b.put(2, (byte) Wire.VERSION);
        b.put(3, (byte) kind);
        b.putInt(4, 1);
        b.putInt(8, -1);
        b.put(24, (byte) inCount);
        b.put(25, (byte) outCount);
        return b;
    }

    private ProtocolException decodeFails(ByteBuffer body, int length) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> request.decode(body, length));
        assertThat(e).as("decode must throw ProtocolException").isNotNull();
        return e;
    }

    @Test
    void aCallEncodedByFramesDecodesToTheSameFields() throws ProtocolException {
        byte[] first = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] backing = "xxWORLDxx".getBytes(StandardCharsets.US_ASCII);
        InVec[] in = {InVec.of(first), InVec.of(backing, 2, 5), InVec.EMPTY};
        OutVec[] out = {OutVec.allocate(16)};
        ByteBuffer frame = le((int) Frames.callRequestSize(in, out));

        int total = Frames.encodeCall(frame, 0xCAFEF00D, -42, 0x40000106, 777, in, out);
        frame.position(Wire.PREFIX);
        request.decode(frame, total - Wire.PREFIX);

        assertThat(request.version).isEqualTo(Wire.VERSION);
        assertThat(request.kind).isEqualTo(Wire.KIND_CALL);
        assertThat(request.seq).isEqualTo(0xCAFEF00D);
        assertThat(request.nsid).isEqualTo(-42);
        assertThat(request.target).isEqualTo(0x40000106);
        assertThat(request.serviceVersion).isZero();
        assertThat(request.type).isEqualTo(777);
        assertThat(request.inCount).isEqualTo(3);
        assertThat(request.outCount).isEqualTo(1);
        assertThat(request.inLength).startsWith(5, 5, 0);
        assertThat(request.outCapacity[0]).isEqualTo(16);
        assertThat(request.outCapacityTotal).isEqualTo(16);
    }

    @Test
    void encodeCallReturnsTheFrameSizeAndWritesTheBodyLengthPrefix() {
        InVec[] in = {InVec.of(new byte[] {1, 2, 3})};
        OutVec[] out = {OutVec.allocate(4), OutVec.allocate(8)};
        ByteBuffer frame = le(64);

        int total = Frames.encodeCall(frame, 1, -1, 9, 0, in, out);

        assertThat(total).isEqualTo(4 + 28 + 3 * 4 + 3).isEqualTo((int) Frames.callRequestSize(in, out));
        assertThat(frame.getInt(0)).isEqualTo(total - Wire.PREFIX);
    }

    @Test
    void inOffsetsAreRelativeToTheStartOfTheBody() throws ProtocolException {
        InVec[] in = {InVec.of(new byte[] {1, 2}), InVec.of(new byte[] {3, 4, 5})};
        ByteBuffer frame = le(64);
        int total = Frames.encodeCall(frame, 1, -1, 9, 0, in, null);
        // Place the frame 100 bytes into a larger buffer: offsets must not depend on where the body lies.
        ByteBuffer big = le(100 + total);
        big.put(100, frame.array(), 0, total);
        big.position(100 + Wire.PREFIX);

        request.decode(big, total - Wire.PREFIX);

        assertThat(request.inOffset[0]).isEqualTo(Wire.REQUEST_HEADER + 2 * 4);
        assertThat(request.inOffset[1]).isEqualTo(Wire.REQUEST_HEADER + 2 * 4 + 2);
        assertThat(big.get(100 + Wire.PREFIX + request.inOffset[1] + 2)).isEqualTo((byte) 5);
    }

    @Test
    void decodeLeavesTheCallersBufferPositionAlone() throws ProtocolException {
        ByteBuffer frame = le(64);
        int total = Frames.encodeSimple(frame, Wire.KIND_FRAMEWORK_VERSION, 3, -1, 0, 0);
        frame.position(Wire.PREFIX);

        request.decode(frame, total - Wire.PREFIX);

        assertThat(frame.position()).isEqualTo(Wire.PREFIX);
    }

    @Test
    void aConnectEncodedByFramesDecodesToTheSameFields() throws ProtocolException {
        ByteBuffer frame = le(64);
        int total = Frames.encodeSimple(frame, Wire.KIND_CONNECT, 12, -3, 0xF080, 2);
        frame.position(Wire.PREFIX);

        request.decode(frame, total - Wire.PREFIX);

        assertThat(total).isEqualTo(Wire.PREFIX + Wire.REQUEST_HEADER);
        assertThat(frame.getInt(0)).isEqualTo(Wire.REQUEST_HEADER);
        assertThat(request.kind).isEqualTo(Wire.KIND_CONNECT);
        assertThat(request.seq).isEqualTo(12);
        assertThat(request.nsid).isEqualTo(-3);
        assertThat(request.target).isEqualTo(0xF080);
        assertThat(request.serviceVersion).isEqualTo(2);
        assertThat(request.inCount).isZero();
        assertThat(request.outCount).isZero();
    }

    @Test
    void theSpecExampleRequestDecodesToTheDocumentedFields() throws ProtocolException {
        ByteBuffer frame = ByteBuffer.wrap(EXAMPLE_REQUEST).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(frame.getInt(0)).isEqualTo(32);
        frame.position(Wire.PREFIX);

        request.decode(frame, 32);

        assertThat(request.version).isEqualTo(1);
        assertThat(request.kind).isEqualTo(Wire.KIND_CALL);
        assertThat(request.seq).isEqualTo(7);
        assertThat(request.nsid).isEqualTo(-1);
        assertThat(request.target).isEqualTo(0x40000106);
        assertThat(request.serviceVersion).isZero();
        assertThat(request.type).isEqualTo(1);
        assertThat(request.inCount).isZero();
        assertThat(request.outCount).isEqualTo(1);
        assertThat(request.outCapacity[0]).isEqualTo(4);
        assertThat(request.outCapacityTotal).isEqualTo(4);
    }

    @Test
    void framesEncodesTheSpecExampleRequestByteForByte() {
        ByteBuffer frame = le(EXAMPLE_REQUEST.length);

        int total = Frames.encodeCall(frame, 7, -1, 0x40000106, 1, null, new OutVec[] {OutVec.allocate(4)});

        assertThat(total).isEqualTo(EXAMPLE_REQUEST.length);
        assertThat(frame.array()).containsExactly(EXAMPLE_REQUEST);
    }

    @Test
    void framesEncodesTheSpecExampleReplyHeaderByteForByte() {
        ByteBuffer frame = le(EXAMPLE_REPLY.length);

        Frames.replyHeader(frame, Wire.KIND_CALL, 7, PsaStatus.SUCCESS.value(), 1, 4);
        frame.putInt(Wire.PREFIX + Wire.REPLY_HEADER, 4);
        frame.putInt(Wire.PREFIX + Wire.REPLY_HEADER + 4, 0xC4000000);

        assertThat(frame.array()).containsExactly(EXAMPLE_REPLY);
    }

    @Test
    void badMagicIsAProtocolErrorWithoutReply() {
        ByteBuffer b = body(Wire.KIND_FRAMEWORK_VERSION, 0, 0, 0);
        b.putShort(0, (short) 0x4354); // 'T' 'C': the bytes swapped

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER);

        assertThat(e.replyPossible()).isFalse();
    }

    @Test
    void anotherProtocolVersionIsNotSupported() {
        ByteBuffer b = body(Wire.KIND_FRAMEWORK_VERSION, 0, 0, 0);
        b.put(2, (byte) 2);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER);

        assertThat(e.status()).isEqualTo(PsaStatus.NOT_SUPPORTED.value()).isEqualTo(-134);
        assertThat(e.replyPossible()).isTrue();
    }

    @Test
    void anotherProtocolVersionIsReportedEvenWhenItsFrameIsShorterThanAVersion1Header() {
        // §8: the first 4 bytes keep their meaning, so a client can always read why it was refused.
        ByteBuffer b = body(Wire.KIND_FRAMEWORK_VERSION, 0, 0, 0);
        b.put(2, (byte) 2);

        ProtocolException e = decodeFails(b, 8);

        assertThat(e.status()).isEqualTo(-134);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 27})
    void aFrameShorterThanTheRequestHeaderIsMalformed(int length) {
        ProtocolException e = decodeFails(body(Wire.KIND_FRAMEWORK_VERSION, 0, 0, 0), length);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @Test
    void fiveInputVectorsAreMalformed() {
        ByteBuffer b = body(Wire.KIND_CALL, 5, 0, 5 * 4);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 5 * 4);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @Test
    void fiveOutputVectorsAreMalformed() {
        ByteBuffer b = body(Wire.KIND_CALL, 0, 5, 5 * 4);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 5 * 4);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
    }

    @Test
    void fourInputAndFourOutputVectorsAreStructurallyValid() throws ProtocolException {
        // The total of 4 is the SPM's rule (a PSA error reply), not a protocol error.
        ByteBuffer b = body(Wire.KIND_CALL, 4, 4, 8 * 4);

        request.decode(b, Wire.REQUEST_HEADER + 8 * 4);

        assertThat(request.inCount).isEqualTo(4);
        assertThat(request.outCount).isEqualTo(4);
    }

    @Test
    void vectorsOnAVersionRequestAreMalformed() {
        ByteBuffer b = body(Wire.KIND_VERSION, 0, 1, 4);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 4);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {26, 27})
    void aNonZeroReservedByteIsMalformed(int offset) {
        ByteBuffer b = body(Wire.KIND_FRAMEWORK_VERSION, 0, 0, 0);
        b.put(offset, (byte) 1);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 255})
    void anUnknownKindIsMalformed(int kind) {
        ProtocolException e = decodeFails(body(kind, 0, 0, 0), Wire.REQUEST_HEADER);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @Test
    void aBodyShorterThanItsInputLengthsSayIsMalformed() {
        ByteBuffer b = body(Wire.KIND_CALL, 1, 0, 4 + 4);
        b.putInt(Wire.REQUEST_HEADER, 5); // in_len[0] = 5, but only 4 payload bytes follow

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 4 + 4);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
        assertThat(e.replyPossible()).isTrue();
    }

    @Test
    void aBodyLongerThanItsInputLengthsSayIsMalformed() {
        ByteBuffer b = body(Wire.KIND_CALL, 1, 0, 4 + 6);
        b.putInt(Wire.REQUEST_HEADER, 5);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 4 + 6);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
    }

    @Test
    void aBodyShorterThanItsVectorTableIsMalformed() {
        ByteBuffer b = body(Wire.KIND_CALL, 2, 1, 12);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 8);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
    }

    @Test
    void trailingBytesAfterASimpleRequestAreMalformed() {
        ProtocolException e = decodeFails(body(Wire.KIND_CLOSE, 0, 0, 1), Wire.REQUEST_HEADER + 1);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
    }

    @Test
    void anInputLengthOfFourGigabytesDoesNotWrapAround() {
        // in_len = 0xFFFFFFFF read as an int is -1; 28 + 4 + (-1) would equal a 31-byte body.
        ByteBuffer b = body(Wire.KIND_CALL, 1, 0, 4);
        b.putInt(Wire.REQUEST_HEADER, -1);

        ProtocolException e = decodeFails(b, Wire.REQUEST_HEADER + 3);

        assertThat(e.status()).isEqualTo(PROGRAMMER_ERROR);
    }

    @Test
    void outputCapacitiesAreSummedAsUnsigned() throws ProtocolException {
        ByteBuffer b = body(Wire.KIND_CALL, 0, 2, 8);
        b.putInt(Wire.REQUEST_HEADER, 0xFFFFFFFF);
        b.putInt(Wire.REQUEST_HEADER + 4, 1);

        request.decode(b, Wire.REQUEST_HEADER + 8);

        assertThat(request.outCapacityTotal).isEqualTo(0x1_0000_0000L);
    }
}
