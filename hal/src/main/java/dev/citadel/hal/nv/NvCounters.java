package dev.citadel.hal.nv;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.flash.FlashGeometry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Monotonic 32-bit counters, kept on a flash of their own (two sectors) so that restoring an old copy of the
 * storage flash files does not roll them back.
 *
 * <p>Each sector holds one record: every counter plus a sequence number and a CRC. An update writes the complete
 * new record into the sector that does not hold the newest one (erase, program, sync) and never touches the newest,
 * so a power cut at any point leaves either the old record or the new one as the newest valid record. Boot takes the
 * valid record with the highest sequence number.
 *
 * <p>Not thread-safe: the Platform partition owns it.
 */
public final class NvCounters {
    /** The geometry the counter flash must have. */
    public static final FlashGeometry GEOMETRY = new FlashGeometry(256, 2, 4);
    /** The largest value a counter can hold (TF-M's counters are {@code uint32_t}). */
    public static final long MAX_VALUE = 0xFFFF_FFFFL;

    private static final int MAGIC = 0x4E564331; // "NVC1"
    private static final int COUNT = NvCounterId.values().length;
    // magic, sequence (u64), count, values, crc32; padded to whole program units
    private static final int BODY = 4 + 8 + 4 + 4 * COUNT;
    private static final int RECORD = roundUp(BODY + 4, GEOMETRY.programUnit());

    private final FlashDevice flash;
    private final int[] values;
    private long sequence;
    private int newestSlot;

    private NvCounters(FlashDevice flash, int[] values, long sequence, int newestSlot) {
        this.flash = flash;
        this.values = values;
        this.sequence = sequence;
        this.newestSlot = newestSlot;
    }

    /**
     * Reads the counters from {@code flash}. A blank flash holds zeros. If neither sector holds a valid record but
     * one is not blank, the store is corrupt and refused, never reset.
     */
    public static NvCounters open(FlashDevice flash) throws FlashException, NvCounterException {
        if (!flash.geometry().equals(GEOMETRY)) {
            throw new IllegalArgumentException("NV counter flash must have geometry " + GEOMETRY);
        }
        long bestSeq = -1;
        int best = -1;
        int[] bestValues = null;
        boolean allBlank = true;
        for (int slot = 0; slot < 2; slot++) {
            byte[] raw = flash.read(GEOMETRY.sectorOffset(slot), GEOMETRY.sectorSize());
            if (!isBlank(raw)) {
                allBlank = false;
            }
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != MAGIC || b.getInt(12) != COUNT || b.getInt(BODY) != crc(raw)) {
                continue;
            }
            long seq = b.getLong(4);
            if (seq > bestSeq) {
                bestSeq = seq;
                best = slot;
                bestValues = new int[COUNT];
                for (int i = 0; i < COUNT; i++) {
                    bestValues[i] = b.getInt(16 + 4 * i);
                }
            }
        }
        if (best < 0) {
            if (!allBlank && !oneBlank(flash)) {
                throw new NvCounterException("NV counter store is corrupt: no valid record");
            }
            // Blank, or cut inside the very first update: every counter is still zero.
            return new NvCounters(flash, new int[COUNT], 0, 1);
        }
        return new NvCounters(flash, bestValues, bestSeq, best);
    }

    private static boolean oneBlank(FlashDevice flash) throws FlashException {
        for (int slot = 0; slot < 2; slot++) {
            if (isBlank(flash.read(GEOMETRY.sectorOffset(slot), GEOMETRY.sectorSize()))) {
                return true;
            }
        }
        return false;
    }

    /** The counter's value, 0..{@link #MAX_VALUE}. */
    public long read(NvCounterId id) {
        return Integer.toUnsignedLong(values[id.ordinal()]);
    }

    /**
     * Adds one to the counter, durably ({@code tfm_plat_increment_nv_counter}).
     *
     * @throws NvCounterException if the counter is at {@link #MAX_VALUE}
     */
    public void increment(NvCounterId id) throws FlashException, NvCounterException {
        if (read(id) == MAX_VALUE) {
            throw new NvCounterException("NV counter " + id + " is at its maximum");
        }
        write(id, read(id) + 1);
    }

    /**
     * Raises the counter to {@code value} ({@code tfm_plat_set_nv_counter}); setting the current value is a no-op.
     *
     * @throws NvCounterException if {@code value} is lower than the current value or above {@link #MAX_VALUE}
     */
    public void set(NvCounterId id, long value) throws FlashException, NvCounterException {
        if (value > MAX_VALUE) {
            throw new NvCounterException("NV counter " + id + " cannot hold " + value);
        }
        if (value < read(id)) {
            throw new NvCounterException("NV counter " + id + " is " + read(id) + "; it cannot go down to " + value);
        }
        if (value != read(id)) {
            write(id, value);
        }
    }

    private void write(NvCounterId id, long value) throws FlashException {
        int[] next = values.clone();
        next[id.ordinal()] = (int) value;
        int target = 1 - newestSlot;
        byte[] record = encode(sequence + 1, next);
        flash.erase(target);
        flash.program(GEOMETRY.sectorOffset(target), record);
        flash.sync();
        // Memory follows only once the flash holds the new record.
        System.arraycopy(next, 0, values, 0, COUNT);
        sequence++;
        newestSlot = target;
    }

    private static byte[] encode(long seq, int[] vals) {
        byte[] raw = new byte[RECORD];
        Arrays.fill(raw, (byte) 0xFF);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MAGIC).putLong(4, seq).putInt(12, COUNT);
        for (int i = 0; i < COUNT; i++) {
            b.putInt(16 + 4 * i, vals[i]);
        }
        b.putInt(BODY, crc(raw));
        return raw;
    }

    private static int crc(byte[] raw) {
        CRC32 c = new CRC32();
        c.update(raw, 0, BODY);
        return (int) c.getValue();
    }

    private static boolean isBlank(byte[] raw) {
        for (byte x : raw) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static int roundUp(int n, int unit) {
        return (n + unit - 1) / unit * unit;
    }
}
