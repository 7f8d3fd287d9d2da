package dev.citadel.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A TLV area: the info header {@code u16 it_magic, u16 it_tlv_tot} (the total includes the info header) followed
 * by the TLVs, with no padding.
 */
public record TlvArea(int magic, List<Tlv> tlvs) {
    /** {@code IMAGE_TLV_INFO_MAGIC}: the unprotected area. */
    public static final int INFO_MAGIC = 0x6907;
    /** {@code IMAGE_TLV_PROT_INFO_MAGIC}: the protected area, covered by the image hash. */
    public static final int PROT_INFO_MAGIC = 0x6908;
    /** Size of the info header. */
    public static final int INFO_SIZE = 4;

    public TlvArea {
        tlvs = List.copyOf(tlvs);
    }

    /** {@code it_tlv_tot}: info header plus every TLV. */
    public int totalSize() {
        int n = INFO_SIZE;
        for (Tlv t : tlvs) {
            n += t.encodedSize();
        }
        return n;
    }

    /** The encoded area; an empty protected area is absent altogether (imgtool writes nothing). */
    public byte[] encode() {
        if (tlvs.isEmpty() && magic == PROT_INFO_MAGIC) {
            return new byte[0];
        }
        int tot = totalSize();
        if (tot > 0xFFFF) {
            throw new IllegalArgumentException("TLV area larger than 65535 bytes: " + tot);
        }
        ByteBuffer b = ByteBuffer.allocate(tot).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) magic).putShort((short) tot);
        for (Tlv t : tlvs) {
            b.putShort((short) t.type()).putShort((short) t.length()).put(t.value());
        }
        return b.array();
    }

    /** The TLVs of one type, in order. */
    public List<Tlv> all(TlvType type) {
        return tlvs.stream().filter(t -> t.type() == type.code()).toList();
    }
}
