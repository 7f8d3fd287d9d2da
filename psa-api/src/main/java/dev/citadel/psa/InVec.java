package dev.citadel.psa;

import java.util.Objects;

/**
 * An input vector of {@code psa_call} ({@code psa_invec}): a read-only view of {@code length} bytes of the caller's
 * array. The SPM copies from it only while the call is in progress, so the caller must not change the bytes
 * meanwhile.
 */
public final class InVec {
    private static final byte[] NO_BYTES = new byte[0];

    /** A zero-length vector ({@code {NULL, 0}} in C). */
    public static final InVec EMPTY = new InVec(NO_BYTES, 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private InVec(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    public static InVec of(byte[] data) {
        return new InVec(Objects.requireNonNull(data, "data"), 0, data.length);
    }

    public static InVec of(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(data, "data").length);
        return new InVec(data, offset, length);
    }

    public int length() {
        return length;
    }

    /** The backing array; bytes {@code [offset(), offset() + length())} belong to this vector. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    /** A copy of the vector's bytes. */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        System.arraycopy(array, offset, copy, 0, length);
        return copy;
    }
}
