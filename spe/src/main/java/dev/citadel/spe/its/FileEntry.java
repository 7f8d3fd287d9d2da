package dev.citadel.spe.its;

/**
 * One file-table entry: where a file's bytes lie and how to check them.
 *
 * @param id owner and uid
 * @param lblock logical data block holding the file
 * @param offset byte offset of the file in that block
 * @param size file size
 * @param flags stored create flags
 * @param crc CRC-32 of the file's bytes, so bit rot in a data block is reported, not returned
 */
record FileEntry(ItsFileId id, int lblock, int offset, int size, int flags, int crc) {
    static final int SIZE = ItsFileId.SIZE + 20;
}
