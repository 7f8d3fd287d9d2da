package dev.citadel.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's structure, bounds-checked: header, protected area (absent when {@code ih_protect_tlv_size} is 0)
 * and unprotected area. Nothing here is authenticated; {@link ImageVerifier} does that.
 *
 * @param protectedArea null when the image has none
 * @param tlvEnd the image's total length: header, payload and both TLV areas
 */
public record ParsedImage(ImageHeader header, TlvArea protectedArea, TlvArea unprotectedArea, long tlvEnd) {

    /** The protected TLVs, empty when there is no protected area. */
    public List<Tlv> protectedTlvs() {
        return protectedArea == null ? List.of() : protectedArea.tlvs();
    }

    /**
     * Parses the image at the start of {@code data} (which may be a whole slot), in the order MCUboot checks: the
     * header against the slot size, then each TLV area's info header and every TLV's bounds.
     *
     * @param slotSize the slot the image lives in; header, payload and protected TLVs must end before it
     * @param maxImageSize where the last TLV must end at the latest (the slot less its trailer, or the slot)
     */
    public static ParsedImage parse(byte[] data, long slotSize, long maxImageSize) throws ImageFormatException {
        if (data.length < ImageHeader.SIZE) {
            throw new ImageFormatException(Refusal.TRUNCATED,
                    "image is " + data.length + " bytes, shorter than its 32-byte header");
        }
        ImageHeader h = ImageHeader.decode(data);
        if (h.magic() != ImageHeader.MAGIC) {
            throw new ImageFormatException(Refusal.BAD_MAGIC,
                    String.format("header magic is 0x%08x, not 0x%08x", h.magic(), ImageHeader.MAGIC));
        }
        if (h.hdrSize() < ImageHeader.SIZE) {
            throw new ImageFormatException(Refusal.BAD_HEADER_SIZE,
                    "header size " + h.hdrSize() + " is below the 32 bytes of the header itself");
        }
        // all three are at most 32 bits wide, so the sum cannot overflow a long (it can a u32, as in C)
        if (h.hashedLength() >= slotSize) {
            throw new ImageFormatException(Refusal.TOO_LARGE_FOR_SLOT, String.format(
                    "header 0x%x + payload 0x%x + protected TLVs 0x%x = 0x%x bytes leave no room in a 0x%x-byte slot",
                    h.hdrSize(), h.imgSize(), h.protectTlvSize(), h.hashedLength(), slotSize));
        }
        long off = h.tlvOffset();
        TlvArea prot = null;
        int first = infoMagic(data, off, "first TLV info header");
        if (first == TlvArea.PROT_INFO_MAGIC || h.protectTlvSize() != 0) {
            if (first != TlvArea.PROT_INFO_MAGIC) {
                throw new ImageFormatException(Refusal.BAD_TLV_INFO, String.format(
                        "header announces 0x%x bytes of protected TLVs but the area's magic is 0x%04x, not 0x6908",
                        h.protectTlvSize(), first));
            }
            int tot = u16(data, off + 2);
            if (tot != h.protectTlvSize()) {
                throw new ImageFormatException(Refusal.BAD_TLV_INFO, String.format(
                        "protected TLV area says 0x%x bytes, the header 0x%x", tot, h.protectTlvSize()));
            }
            prot = area(data, off, tot, TlvArea.PROT_INFO_MAGIC, "protected");
            off += tot;
        }
        int magic = infoMagic(data, off, "unprotected TLV info header");
        if (magic != TlvArea.INFO_MAGIC) {
            throw new ImageFormatException(Refusal.BAD_TLV_INFO,
                    String.format("TLV info magic at 0x%x is 0x%04x, not 0x6907", off, magic));
        }
        int tot = u16(data, off + 2);
        long end = off + tot;
        if (end > maxImageSize) {
            throw new ImageFormatException(Refusal.TLV_OUT_OF_BOUNDS, String.format(
                    "TLV area ends at 0x%x, past the 0x%x bytes an image may take in this slot", end, maxImageSize));
        }
        TlvArea unprot = area(data, off, tot, TlvArea.INFO_MAGIC, "unprotected");
        return new ParsedImage(h, prot, unprot, end);
    }

    private static int infoMagic(byte[] data, long off, String what) throws ImageFormatException {
        if (off + TlvArea.INFO_SIZE > data.length) {
            throw new ImageFormatException(Refusal.TRUNCATED,
                    String.format("image ends at 0x%x, before its %s at 0x%x", data.length, what, off));
        }
        return u16(data, off);
    }

    private static TlvArea area(byte[] data, long start, int tot, int magic, String name)
            throws ImageFormatException {
        if (tot < TlvArea.INFO_SIZE) {
            throw new ImageFormatException(Refusal.BAD_TLV_INFO,
                    name + " TLV area size " + tot + " is smaller than its own info header");
        }
        long end = start + tot;
        if (end > data.length) {
            throw new ImageFormatException(Refusal.TRUNCATED, String.format(
                    "image ends at 0x%x, inside its %s TLV area (0x%x..0x%x)", data.length, name, start, end));
        }
        List<Tlv> tlvs = new ArrayList<>();
        long p = start + TlvArea.INFO_SIZE;
        while (p < end) {
            if (p + Tlv.HEADER_SIZE > end) {
                throw new ImageFormatException(Refusal.TLV_OUT_OF_BOUNDS, String.format(
                        "a TLV header at 0x%x runs past the end of the %s area at 0x%x", p, name, end));
            }
            int type = u16(data, p);
            int len = u16(data, p + 2);
            long v = p + Tlv.HEADER_SIZE;
            if (v + len > end) {
                throw new ImageFormatException(Refusal.TLV_OUT_OF_BOUNDS, String.format(
                        "TLV %s (0x%x) at 0x%x: its %d bytes run past the end of the %s area at 0x%x",
                        TlvType.nameOf(type), type, p, len, name, end));
            }
            byte[] value = new byte[len];
            System.arraycopy(data, (int) v, value, 0, len);
            tlvs.add(new Tlv(type, value, (int) v));
            p = v + len;
        }
        return new TlvArea(magic, tlvs);
    }

    private static int u16(byte[] data, long off) {
        return Short.toUnsignedInt(ByteBuffer.wrap(data, (int) off, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    }
}
