package dev.citadel.psa.fwu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code psa_fwu_component_info_t} as TF-M lays it out (60 bytes, little-endian): {@code u8 state @0},
 * {@code i32 error @4}, {@code version @8} ({@code u8 major, u8 minor, u16 patch, u32 build}), {@code u32 max_size
 * @16}, {@code u32 flags @20}, {@code u32 location @24}, {@code impl.candidate_digest[32] @28}.
 *
 * @param error the status recorded for the second image in FAILED or REJECTED, else 0
 * @param version the active image's version
 * @param maxSize the largest image the component takes, in bytes
 * @param location the implementation's image location
 * @param candidateDigest SHA-256 of the bytes written, in CANDIDATE; zeros otherwise
 */
public record ComponentInfo(FwuState state, int error, FwuImageVersion version, long maxSize, int flags,
        long location, byte[] candidateDigest) {
    /** {@code sizeof(psa_fwu_component_info_t)}. */
    public static final int SIZE = 60;

    public ComponentInfo {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(version, "version");
        if (candidateDigest.length != FwuWire.DIGEST_SIZE) {
            throw new IllegalArgumentException("the candidate digest is " + FwuWire.DIGEST_SIZE + " bytes");
        }
        candidateDigest = candidateDigest.clone();
    }

    @Override
    public byte[] candidateDigest() {
        return candidateDigest.clone();
    }

    /** The 60 bytes of the struct; padding bytes are zero. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) state.value());
        b.putInt(4, error);
        b.put(8, (byte) version.major());
        b.put(9, (byte) version.minor());
        b.putShort(10, (short) version.patch());
        b.putInt(12, (int) version.build());
        b.putInt(16, (int) maxSize);
        b.putInt(20, flags);
        b.putInt(24, (int) location);
        b.put(28, candidateDigest);
        return b.array();
    }

    /**
     * Reads the struct from its first {@value #SIZE} bytes.
     *
     * @throws IllegalArgumentException if fewer bytes are given or the state is not one of the spec's
     */
    public static ComponentInfo decode(byte[] raw) {
        if (raw.length < SIZE) {
            throw new IllegalArgumentException("psa_fwu_component_info_t is " + SIZE + " bytes, got " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new ComponentInfo(FwuState.fromValue(b.get(0) & 0xFF), b.getInt(4),
                new FwuImageVersion(b.get(8) & 0xFF, b.get(9) & 0xFF, b.getShort(10) & 0xFFFF,
                        Integer.toUnsignedLong(b.getInt(12))),
                Integer.toUnsignedLong(b.getInt(16)), b.getInt(20), Integer.toUnsignedLong(b.getInt(24)),
                Arrays.copyOfRange(raw, 28, 28 + FwuWire.DIGEST_SIZE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentInfo c && state == c.state && error == c.error && version.equals(c.version)
                && maxSize == c.maxSize && flags == c.flags && location == c.location
                && Arrays.equals(candidateDigest, c.candidateDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, error, version, maxSize, flags, location, Arrays.hashCode(candidateDigest));
    }

    @Override
    public String toString() {
        return "ComponentInfo[" + state + ", error " + error + ", version " + version + ", max " + maxSize
                + ", flags 0x" + Integer.toHexString(flags) + ", location 0x" + Long.toHexString(location) + "]";
    }
}
