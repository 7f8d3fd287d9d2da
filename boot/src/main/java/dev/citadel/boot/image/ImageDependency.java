package dev.citadel.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A DEPENDENCY TLV: {@code u8 image_id, 3 pad bytes, struct image_version}: this image needs image
 * {@code imageId} at {@code minVersion} or later.
 */
public record ImageDependency(int imageId, ImageVersion minVersion) {
    public static final int SIZE = 12;

    public ImageDependency {
        if (imageId < 0 || imageId > 0xFF) {
            throw new IllegalArgumentException("dependency image ID must be 0..255, got " + imageId);
        }
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) imageId).put(new byte[3]);
        minVersion.encode(b);
        return b.array();
    }

    /** Decodes a 12-byte payload; the caller checks the length. Pad bytes are not checked, as MCUboot does not. */
    static ImageDependency decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        int id = Byte.toUnsignedInt(b.get());
        b.position(4);
        return new ImageDependency(id, ImageVersion.decode(b));
    }
}
