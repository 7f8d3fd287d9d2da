package dev.citadel.boot.measure;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * MCUboot's shared data area between BL2 and the runtime firmware ({@code boot_status.h},
 * {@code boot_add_data_to_shared_area}), little endian:
 * <pre>
 * u16 tlv_magic = 0x2016, u16 tlv_tot_len (header included)
 * entries: u16 tlv_type = (major &amp; 0xF) &lt;&lt; 12 | (minor &amp; 0xFFF), u16 tlv_len (data only), data
 * </pre>
 * A (major, minor) pair may be added once; the area may not grow past its size. Not thread-safe; built once per
 * boot.
 */
public final class SharedData {
    public static final int MAGIC = 0x2016;
    public static final int HEADER_SIZE = 4;
    public static final int ENTRY_HEADER_SIZE = 4;
    /** TF-M's {@code BOOT_TFM_SHARED_DATA_SIZE} on its reference platforms. */
    public static final int DEFAULT_SIZE = 0x400;

    /** Major types ({@code TLV_MAJOR_*}). */
    public static final int TLV_MAJOR_IAS = 0x1;
    /** IAS claims (the minor's low 6 bits). */
    public static final int SW_VERSION = 0x00;
    public static final int SW_SIGNER_ID = 0x01;
    public static final int SW_TYPE = 0x03;
    public static final int SW_MEASURE_VALUE = 0x08;
    public static final int SW_MEASURE_TYPE = 0x09;
    public static final int SW_BOOT_RECORD = 0x3F;

    private record Entry(int major, int minor, byte[] data) {}

    private final int size;
    private final List<Entry> entries = new ArrayList<>();
    private int totalLength = HEADER_SIZE;

    public SharedData() {
        this(DEFAULT_SIZE);
    }

    /** An empty area of {@code size} bytes (at most 0xFFFF, as {@code tlv_tot_len} is a u16). */
    public SharedData(int size) {
        if (size < HEADER_SIZE || size > 0xFFFF) {
            throw new IllegalArgumentException("a shared data area has 4 to 65535 bytes, not " + size);
        }
        this.size = size;
    }

    /** {@code SET_IAS_MINOR}: software module in the high 6 bits, claim in the low 6. */
    public static int iasMinor(int swModule, int claim) {
        if (swModule < 0 || swModule > 0x3F || claim < 0 || claim > 0x3F) {
            throw new IllegalArgumentException("software module and claim have 6 bits each");
        }
        return swModule << 6 | claim;
    }

    /** {@code SET_TLV_TYPE}. */
    public static int tlvType(int major, int minor) {
        return (major & 0xF) << 12 | (minor & 0xFFF);
    }

    /** Adds one entry, as {@code boot_add_data_to_shared_area}. */
    public void add(int major, int minor, byte[] data) throws SharedDataException {
        if (major < 0 || major > 0xF || minor < 0 || minor > 0xFFF) {
            throw new IllegalArgumentException("major has 4 bits and minor 12");
        }
        for (Entry e : entries) {
            if (e.major == major && e.minor == minor) {
                throw new SharedDataException(SharedDataException.Reason.OVERWRITE, String.format(
                        "shared data already holds major 0x%x minor 0x%x", major, minor));
            }
        }
        long grown = (long) totalLength + ENTRY_HEADER_SIZE + data.length;
        if (data.length > 0xFFFF || grown > size) {
            throw new SharedDataException(SharedDataException.Reason.OVERFLOW, "an entry of " + data.length
                    + " bytes does not fit the " + size + "-byte shared data area (" + totalLength + " used)");
        }
        entries.add(new Entry(major, minor, data.clone()));
        totalLength = (int) grown;
    }

    /** Header and entries: exactly {@code tlv_tot_len} bytes (the rest of the area is zero and carries nothing). */
    public byte[] encode() {
        ByteArrayOutputStream o = new ByteArrayOutputStream(totalLength);
        u16(o, MAGIC);
        u16(o, totalLength);
        for (Entry e : entries) {
            u16(o, tlvType(e.major, e.minor));
            u16(o, e.data.length);
            o.writeBytes(e.data);
        }
        return o.toByteArray();
    }

    public int totalLength() {
        return totalLength;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }
}
