package dev.citadel.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * MCUboot's {@code struct image_header}: 32 bytes, little endian. Bytes 32 up to {@code hdrSize} are padding,
 * and are hashed.
 *
 * @param magic {@link #MAGIC} in a valid image
 * @param loadAddr RAM load address (RAM_LOAD) or linked flash address (ROM_FIXED), else 0; unsigned
 * @param hdrSize u16: offset of the payload
 * @param protectTlvSize u16: size of the protected TLV area including its info header, 0 if none
 * @param imgSize u32: payload size
 * @param flags {@link ImageFlag} bits
 */
public record ImageHeader(int magic, long loadAddr, int hdrSize, int protectTlvSize, long imgSize, int flags,
        ImageVersion version) {
    /** {@code IMAGE_MAGIC}. */
    public static final int MAGIC = 0x96f3b83d;
    /** {@code IMAGE_HEADER_SIZE}: the smallest valid {@code ih_hdr_size}. */
    public static final int SIZE = 32;

    public ImageHeader {
        if (hdrSize < 0 || hdrSize > 0xFFFF || protectTlvSize < 0 || protectTlvSize > 0xFFFF) {
            throw new IllegalArgumentException("header and protected TLV sizes are u16");
        }
        if (loadAddr < 0 || loadAddr > 0xFFFF_FFFFL || imgSize < 0 || imgSize > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("load address and image size are u32");
        }
    }

    /** Decodes the 32 bytes at the start of {@code image}, which must hold at least {@link #SIZE} bytes. */
    public static ImageHeader decode(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        long load = Integer.toUnsignedLong(b.getInt());
        int hdr = Short.toUnsignedInt(b.getShort());
        int prot = Short.toUnsignedInt(b.getShort());
        long img = Integer.toUnsignedLong(b.getInt());
        int flags = b.getInt();
        return new ImageHeader(magic, load, hdr, prot, img, flags, ImageVersion.decode(b));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(magic).putInt((int) loadAddr).putShort((short) hdrSize).putShort((short) protectTlvSize)
                .putInt((int) imgSize).putInt(flags);
        version.encode(b);
        b.putInt(0); // _pad1
        return b.array();
    }

    public Set<ImageFlag> flagSet() {
        return ImageFlag.of(flags);
    }

    /** Where the TLV areas start: right after the payload. */
    public long tlvOffset() {
        return hdrSize + imgSize;
    }

    /** The hashed length: header area, payload and protected TLV area. */
    public long hashedLength() {
        return hdrSize + imgSize + protectTlvSize;
    }
}
