package dev.citadel.ota;

import dev.citadel.psa.fwu.FwuImageVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fields of an MCUboot image header the agent checks before it writes anything: the version (for the downgrade
 * rule) and the size the header declares (against the job's file size). BL2 and {@code psa_fwu_finish} verify the
 * rest.
 *
 * @param headerSize {@code ih_hdr_size}
 * @param imageSize {@code ih_img_size}, the payload after the header
 * @param version {@code ih_ver}
 */
public record ImageHeader(int headerSize, long imageSize, FwuImageVersion version) {
    /** {@code IMAGE_MAGIC}. */
    public static final int MAGIC = 0x96f3b83d;
    /** The bytes the fields read here span. */
    public static final int SIZE = 32;

    /**
     * Reads the header at the start of {@code first}.
     *
     * @throws IllegalArgumentException with the reason when it is short or the magic is wrong
     */
    public static ImageHeader parse(byte[] first) {
        if (first.length < SIZE) {
            throw new IllegalArgumentException("the file is shorter than an image header");
        }
        ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException(String.format("not an MCUboot image (magic 0x%08x)", b.getInt(0)));
        }
        int hdr = Short.toUnsignedInt(b.getShort(8));
        long size = Integer.toUnsignedLong(b.getInt(12));
        FwuImageVersion v = new FwuImageVersion(b.get(20) & 0xFF, b.get(21) & 0xFF, Short.toUnsignedInt(b.getShort(22)),
                Integer.toUnsignedLong(b.getInt(24)));
        return new ImageHeader(hdr, size, v);
    }

    /** The bytes header and payload take: the file holds these and the TLV area after them. */
    public long declaredSize() {
        return headerSize + imageSize;
    }

    /** Orders versions as MCUboot does without build numbers: major, minor, revision. */
    public static int compare(FwuImageVersion a, FwuImageVersion b) {
        int c = Integer.compare(a.major(), b.major());
        if (c == 0) {
            c = Integer.compare(a.minor(), b.minor());
        }
        return c != 0 ? c : Integer.compare(a.patch(), b.patch());
    }

    /** FreeRTOS's {@code AppVersion32}: major 8 bits, minor 8 bits, build (here the revision) 16 bits. */
    public static long version32(FwuImageVersion v) {
        return (long) (v.major() & 0xFF) << 24 | (v.minor() & 0xFF) << 16 | (v.patch() & 0xFFFF);
    }

    /** The inverse of {@link #version32}. */
    public static FwuImageVersion fromVersion32(long v) {
        return new FwuImageVersion((int) (v >>> 24) & 0xFF, (int) (v >>> 16) & 0xFF, (int) v & 0xFFFF, 0);
    }
}
