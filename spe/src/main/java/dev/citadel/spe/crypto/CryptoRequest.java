package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.spm.PsaMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One decoded crypto call: the pack header, the trimmed vector counts and the message to read and write. */
final class CryptoRequest {
    final PsaMessage message;
    final PackIovec iov;
    final int inLen;
    final int outLen;

    CryptoRequest(PsaMessage message, PackIovec iov, int inLen, int outLen) {
        this.message = message;
        this.iov = iov;
        this.inLen = inLen;
        this.outLen = outLen;
    }

    int clientId() {
        return message.clientId();
    }

    /** The bytes of input vector {@code i}; empty when absent. */
    byte[] in(int i) {
        return i < inLen ? message.read(i) : new byte[0];
    }

    int inSize(int i) {
        return i < inLen ? message.inSize(i) : 0;
    }

    int outSize(int i) {
        return i < outLen ? message.outSize(i) : 0;
    }

    /** Input vector {@code i} in place (empty when absent): see {@link PsaMessage#mapInvec}. */
    ByteBuffer mapIn(int i) {
        return i < inLen ? message.mapInvec(i) : ByteBuffer.allocate(0);
    }

    /** Output vector {@code i} in place, for writing; {@link #unmapOut} then counts what was written. */
    ByteBuffer mapOut(int i) {
        return i < outLen ? message.mapOutvec(i) : ByteBuffer.allocate(0);
    }

    void unmapOut(int i, int len) {
        message.unmapOutvec(i, len);
    }

    void write(int i, byte[] data) {
        message.write(i, data);
    }

    /** Writes a u32 (a handle or an int result) to output vector {@code i}, little-endian. */
    void writeU32(int i, int value) {
        message.write(i, le32(value));
    }

    static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static int readLe32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
