package dev.citadel.spe.spm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared data BL2 handed to the SPE (MCUboot's shared data area, {@code boot_status.h}): a header
 * {@code {u16 magic 0x2016, u16 total length}} then entries {@code {u16 type = major << 12 | minor, u16 length,
 * data}}, little endian. Parsed once at start; immutable. {@link #forMajor} is TF-M's
 * {@code tfm_core_get_boot_data}: the entries of one major type, under a header of their own.
 */
public final class BootData {
    public static final int MAGIC = 0x2016;
    public static final int HEADER_SIZE = 4;
    public static final int TLV_MAJOR_IAS = 0x1;
    public static final int SW_BOOT_RECORD = 0x3F;

    /** One entry of the area. */
    public record Entry(int major, int minor, byte[] data) {
        public Entry {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    private final List<Entry> entries;

    private BootData(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses an area of exactly its total length.
     *
     * @throws IllegalArgumentException naming the fault: bad magic, a length that disagrees, an entry that runs
     *     past the end, a (major, minor) pair given twice
     */
    public static BootData parse(byte[] area) {
        if (area.length < HEADER_SIZE) {
            throw new IllegalArgumentException("boot data has " + area.length + " bytes, less than its header");
        }
        if (u16(area, 0) != MAGIC) {
            throw new IllegalArgumentException(String.format("boot data magic is 0x%04x, not 0x%04x",
                    u16(area, 0), MAGIC));
        }
        int total = u16(area, 2);
        if (total != area.length) {
            throw new IllegalArgumentException("boot data says " + total + " bytes but has " + area.length);
        }
        List<Entry> entries = new ArrayList<>();
        int off = HEADER_SIZE;
        while (off < total) {
            if (total - off < 4) {
                throw new IllegalArgumentException("boot data ends inside an entry header at offset " + off);
            }
            int type = u16(area, off);
            int len = u16(area, off + 2);
            if (len > total - off - 4) {
                throw new IllegalArgumentException("boot data entry at offset " + off + " runs past the end");
            }
            Entry e = new Entry(type >>> 12, type & 0xFFF, java.util.Arrays.copyOfRange(area, off + 4,
                    off + 4 + len));
            for (Entry other : entries) {
                if (other.major == e.major && other.minor == e.minor) {
                    throw new IllegalArgumentException(String.format(
                            "boot data holds major 0x%x minor 0x%x twice", e.major, e.minor));
                }
            }
            entries.add(e);
            off += 4 + len;
        }
        return new BootData(entries);
    }

    /**
     * Reads one area from a stream (the SPE's standard input, after its code): the header, then the rest its
     * total length announces. Nothing after the area is read.
     */
    public static BootData read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER_SIZE);
        if (header.length != HEADER_SIZE) {
            throw new IOException("no boot data: the input ends after " + header.length + " bytes");
        }
        int total = u16(header, 2);
        if (total < HEADER_SIZE) {
            throw new IOException("boot data total length " + total + " is less than its header");
        }
        byte[] rest = in.readNBytes(total - HEADER_SIZE);
        if (rest.length != total - HEADER_SIZE) {
            throw new IOException("boot data ends after " + (HEADER_SIZE + rest.length) + " of " + total + " bytes");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(total);
        all.writeBytes(header);
        all.writeBytes(rest);
        try {
            return parse(all.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** {@code tfm_core_get_boot_data(major, ...)}: a header and the entries of {@code major}, in area order. */
    public byte[] forMajor(int major) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int total = HEADER_SIZE;
        for (Entry e : entries) {
            if (e.major == major) {
                total += 4 + e.data.length;
            }
        }
        u16(o, MAGIC);
        u16(o, total);
        for (Entry e : entries) {
            if (e.major == major) {
                u16(o, e.major << 12 | e.minor);
                u16(o, e.data.length);
                o.writeBytes(e.data);
            }
        }
        return o.toByteArray();
    }

    /** The measured BOOT_RECORD (CBOR) of software module {@code swModule} (the image index), if BL2 gave one. */
    public Optional<byte[]> bootRecord(int swModule) {
        int minor = swModule << 6 | SW_BOOT_RECORD;
        return entries.stream().filter(e -> e.major == TLV_MAJOR_IAS && e.minor == minor).findFirst()
                .map(Entry::data);
    }

    /** How many images BL2 measured. */
    public int measuredImages() {
        return (int) entries.stream()
                .filter(e -> e.major == TLV_MAJOR_IAS && (e.minor & 0x3F) == SW_BOOT_RECORD).count();
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }
}
