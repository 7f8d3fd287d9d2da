package dev.citadel.psa;

import java.util.Arrays;
import java.util.Objects;

/**
 * An output vector of {@code psa_call} ({@code psa_outvec}): {@code capacity} bytes of the caller's array that the
 * service may write, and the length it wrote.
 *
 * <p>Like its C counterpart it is mutable: every reply, success or error, sets {@link #length()} to the number of
 * bytes the service wrote. An {@code OutVec} belongs to one call at a time.
 */
public final class OutVec {
    private final byte[] array;
    private final int offset;
    private final int capacity;
    private int length;

    private OutVec(byte[] array, int offset, int capacity) {
        this.array = array;
        this.offset = offset;
        this.capacity = capacity;
    }

    /** A vector over a new array of {@code capacity} bytes. */
    public static OutVec allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity " + capacity);
        }
        return new OutVec(new byte[capacity], 0, capacity);
    }

    public static OutVec of(byte[] buffer) {
        return new OutVec(Objects.requireNonNull(buffer, "buffer"), 0, buffer.length);
    }

    public static OutVec of(byte[] buffer, int offset, int capacity) {
        Objects.checkFromIndexSize(offset, capacity, Objects.requireNonNull(buffer, "buffer").length);
        return new OutVec(buffer, offset, capacity);
    }

    /** The number of bytes the service may write ({@code out_vec[i].len} before the call). */
    public int capacity() {
        return capacity;
    }

    /** The number of bytes the service wrote ({@code out_vec[i].len} after the call). */
    public int length() {
        return length;
    }

    /** Set by a dispatcher when the reply arrives. */
    public void setLength(int length) {
        Objects.checkIndex(length, capacity + 1);
        this.length = length;
    }

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    /**
     * Sets every vector's length to 0: the reply to a call refused before any service wrote. Null entries are skipped
     * (they are what made the call a programmer error).
     */
    public static void clearLengths(OutVec[] vecs) {
        if (vecs != null) {
            for (OutVec v : vecs) {
                if (v != null) {
                    v.length = 0;
                }
            }
        }
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }
}
