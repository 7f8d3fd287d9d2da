package dev.citadel.spe.its;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One committed state of the file system, as a metadata block holds it.
 *
 * <p>Layout (little-endian): a header of {@link #HEADER} bytes, padded to the program unit, then the body.
 * Header: magic, u16 version, u16 reserved, u32 swap count, u32 CRC-32 over header bytes 0..11 and the body. Body:
 * u32 scratch block, u32 physical block of each logical data block, u32 file count, the file entries. The header
 * is programmed last: until it is there the block is not valid, and a torn header fails its CRC.
 *
 * @param swapCount incremented by every commit; the valid block with the newer count is the active one
 * @param scratch physical block currently free for the next copy-on-write
 * @param phys physical block of each logical data block
 * @param files the file table
 */
record Metadata(int swapCount, int scratch, List<Integer> phys, List<FileEntry> files) {
    static final int MAGIC = 0x43535449; // "ITSC"
    static final int VERSION = 1;
    static final int HEADER = 16;

    Metadata {
        phys = List.copyOf(phys);
        files = List.copyOf(files);
    }

    static int headerLength(int programUnit) {
        return Math.max(HEADER, programUnit);
    }

    static int maxBodyLength(int dataBlocks, int maxFiles) {
        return 8 + 4 * dataBlocks + maxFiles * FileEntry.SIZE;
    }

    /** Whether {@code a} is newer than {@code b}, by serial-number arithmetic so the count may wrap. */
    static boolean newer(int a, int b) {
        return a - b > 0;
    }

    byte[] body() {
        ByteBuffer b = ByteBuffer.allocate(maxBodyLength(phys.size(), files.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(scratch);
        phys.forEach(b::putInt);
        b.putInt(files.size());
        for (FileEntry f : files) {
            b.putInt(f.id().clientId()).putLong(f.id().uid());
            b.putInt(f.lblock()).putInt(f.offset()).putInt(f.size()).putInt(f.flags()).putInt(f.crc());
        }
        return b.array();
    }

    byte[] header(byte[] body, int programUnit) {
        ByteBuffer h = ByteBuffer.allocate(headerLength(programUnit)).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(swapCount);
        h.putInt(crc(h.array(), body));
        while (h.hasRemaining()) {
            h.put((byte) 0xFF);
        }
        return h.array();
    }

    /** The metadata in {@code block}, or empty if it is not a complete, consistent commit. */
    static Optional<Metadata> decode(byte[] block, int programUnit, ItsConfig config, int blockSize) {
        ByteBuffer h = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != MAGIC || h.getShort(4) != VERSION) {
            return Optional.empty();
        }
        int swap = h.getInt(8);
        int storedCrc = h.getInt(12);
        int dataBlocks = config.activeDataBlocks();
        ByteBuffer b = ByteBuffer.wrap(block, headerLength(programUnit), block.length - headerLength(programUnit))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        int scratch = b.getInt();
        List<Integer> phys = new ArrayList<>();
        for (int i = 0; i < dataBlocks; i++) {
            phys.add(b.getInt());
        }
        int count = b.getInt();
        if (count < 0 || count > config.maxAssets()) {
            return Optional.empty();
        }
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ItsFileId id = new ItsFileId(b.getInt(), b.getLong());
            files.add(new FileEntry(id, b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()));
        }
        byte[] body = new byte[b.position()];
        System.arraycopy(block, headerLength(programUnit), body, 0, body.length);
        byte[] head = new byte[12];
        System.arraycopy(block, 0, head, 0, 12);
        if (crc(head, body) != storedCrc) {
            return Optional.empty();
        }
        Metadata m = new Metadata(swap, scratch, phys, files);
        return m.consistent(config, blockSize) ? Optional.of(m) : Optional.empty();
    }

    /** Checks what a CRC cannot: block numbers and extents, so a bad table never steers a read or an erase. */
    private boolean consistent(ItsConfig config, int blockSize) {
        boolean[] seen = new boolean[config.blocks()];
        List<Integer> all = new ArrayList<>(phys);
        all.add(scratch);
        for (int p : all) {
            if (p < 2 || p >= config.blocks() || seen[p]) {
                return false;
            }
            seen[p] = true;
        }
        for (FileEntry f : files) {
            if (f.lblock() < 0 || f.lblock() >= phys.size() || f.size() < 0 || f.size() > config.maxAssetSize()
                    || f.offset() < 0 || (long) f.offset() + f.size() > blockSize || f.id().uid() == 0) {
                return false;
            }
        }
        return files.stream().map(FileEntry::id).distinct().count() == files.size();
    }

    private static int crc(byte[] head, byte[] body) {
        CRC32 c = new CRC32();
        c.update(head, 0, 12);
        c.update(body);
        return (int) c.getValue();
    }
}
