package dev.citadel.cli;

import dev.citadel.boot.image.ImageFlag;
import dev.citadel.boot.image.ImageFormatException;
import dev.citadel.boot.image.ImageHeader;
import dev.citadel.boot.image.ParsedImage;
import dev.citadel.boot.image.Tlv;
import dev.citadel.boot.image.TlvArea;
import dev.citadel.boot.image.TlvType;
import dev.citadel.boot.image.TrailerLayout;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The human-readable layout of {@code citadel image dumpinfo}, after imgtool's. */
final class ImageDump {
    private static final int WIDTH = 60;

    private ImageDump() {}

    static String human(String name, byte[] data) throws ImageFormatException {
        ParsedImage p = ParsedImage.parse(data, Long.MAX_VALUE, Long.MAX_VALUE);
        ImageHeader h = p.header();
        StringBuilder s = new StringBuilder("Printing content of signed image: ").append(name).append("\n\n");
        s.append(row("Image header (offset: 0x0)"));
        field(s, "magic", hex(h.magic() & 0xFFFFFFFFL));
        field(s, "load_addr", hex(h.loadAddr()));
        field(s, "hdr_size", hex(h.hdrSize()));
        field(s, "protected_tlv_size", hex(h.protectTlvSize()));
        field(s, "img_size", hex(h.imgSize()));
        field(s, "flags", h.flags() == 0 ? "0x0" : h.flagSet().stream()
                .map(f -> f.name() + " (" + hex(f.mask()) + ")").collect(Collectors.joining(", "))
                + (ImageFlag.unknownBits(h.flags()) != 0 ? ", undefined " + hex(ImageFlag.unknownBits(h.flags())) : ""));
        field(s, "version", h.version().toString());
        s.append("#".repeat(WIDTH)).append('\n');
        s.append(row("Payload (offset: " + hex(h.hdrSize()) + ")"));
        s.append("FW image (size: ").append(hex(h.imgSize())).append(" Bytes)\n");
        long off = h.tlvOffset();
        if (p.protectedArea() != null) {
            area(s, "Protected TLV area", off, p.protectedArea());
            off += p.protectedArea().totalSize();
        }
        area(s, "TLV area", off, p.unprotectedArea());
        if (data.length > p.tlvEnd()) {
            trailer(s, data, p.tlvEnd());
        }
        s.append(row("End of Image"));
        return s.toString();
    }

    private static void area(StringBuilder s, String title, long off, TlvArea a) {
        s.append(row(title + " (offset: " + hex(off) + ")"));
        s.append("magic:     ").append(hex(a.magic())).append('\n');
        s.append("area size: ").append(hex(a.totalSize())).append('\n');
        for (Tlv t : a.tlvs()) {
            s.append("       ").append("-".repeat(45)).append('\n');
            s.append("       type: ").append(TlvType.nameOf(t.type())).append(" (").append(hex(t.type())).append(")\n");
            s.append("       len:  ").append(hex(t.length())).append('\n');
            byte[] v = t.value();
            s.append("       data:");
            for (int i = 0; i < v.length; i++) {
                if (i > 0 && i % 8 == 0) {
                    s.append("\n            ");
                }
                s.append(String.format(" 0x%02x", v[i] & 0xFF));
            }
            s.append('\n');
        }
        s.append("#".repeat(WIDTH)).append('\n');
    }

    /** Reads the trailer from the file's end, assuming the file is one whole slot. */
    private static void trailer(StringBuilder s, byte[] d, long tlvEnd) {
        s.append(row("Image trailer (" + (d.length - tlvEnd) + " bytes after the image)"));
        byte[] magic = Arrays.copyOfRange(d, d.length - TrailerLayout.MAGIC_SIZE, d.length);
        int maxAlign = 0;
        for (int a : new int[] {8, 16, 32}) {
            if (Arrays.equals(new TrailerLayout(1, a, 1, false).magic(), magic)) {
                maxAlign = a;
            }
        }
        if (maxAlign == 0) {
            s.append("boot magic: none (").append(isErased(magic) ? "erased" : "not a valid magic").append(")\n");
            return;
        }
        TrailerLayout t = new TrailerLayout(1, maxAlign, 1, false);
        int imageOk = d.length - t.imageOkFromEnd();
        s.append("max align:  ").append(maxAlign).append('\n');
        s.append("swap size:  ").append(hex(u32(d, imageOk - 3 * maxAlign))).append('\n');
        s.append("swap_info:  ").append(hex(d[imageOk - 2 * maxAlign] & 0xFF)).append('\n');
        s.append("copy_done:  ").append(flag(d[imageOk - maxAlign])).append('\n');
        s.append("image_ok:   ").append(flag(d[imageOk])).append('\n');
        s.append("boot magic: good\n");
    }

    private static boolean isErased(byte[] b) {
        for (byte x : b) {
            if (x != b[0] || (x != 0 && x != (byte) 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static String flag(byte b) {
        int v = b & 0xFF;
        return (v == 1 ? "SET" : v == 0xFF || v == 0 ? "UNSET" : "BAD") + " (" + hex(v) + ")";
    }

    private static long u32(byte[] d, int off) {
        return (d[off] & 0xFFL) | (d[off + 1] & 0xFFL) << 8 | (d[off + 2] & 0xFFL) << 16 | (d[off + 3] & 0xFFL) << 24;
    }

    private static void field(StringBuilder s, String k, String v) {
        s.append(k).append(':').append(" ".repeat(Math.max(1, 19 - k.length()))).append(v).append('\n');
    }

    private static String row(String text) {
        String r = "#### " + text + " ";
        return r + "#".repeat(Math.max(0, WIDTH - r.length())) + '\n';
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
