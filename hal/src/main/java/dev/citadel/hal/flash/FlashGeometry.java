package dev.citadel.hal.flash;

/**
 * The shape of a NOR flash: {@code sectorCount} sectors of {@code sectorSize} bytes, programmed
 * {@code programUnit} bytes at a time. The program unit divides the sector size, and both are powers of two.
 *
 * @param sectorSize bytes per erase sector
 * @param sectorCount number of sectors
 * @param programUnit smallest programmable block, in bytes
 */
public record FlashGeometry(int sectorSize, int sectorCount, int programUnit) {

    /** Validates the shape. */
    public FlashGeometry {
        if (sectorSize <= 0 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two: " + sectorSize);
        }
        if (programUnit <= 0 || Integer.bitCount(programUnit) != 1 || programUnit > sectorSize) {
            throw new IllegalArgumentException("program unit must be a power of two <= sector size: " + programUnit);
        }
        if (sectorCount <= 0 || (long) sectorSize * sectorCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sector count out of range: " + sectorCount);
        }
    }

    /** Total size in bytes. */
    public int size() {
        return sectorSize * sectorCount;
    }

    /** Offset of the first byte of {@code sector}. */
    public int sectorOffset(int sector) {
        return sector * sectorSize;
    }

    void checkRange(long offset, int length) throws FlashException {
        if (length < 0 || offset < 0 || offset + length > size()) {
            throw new FlashException("access [" + offset + ", +" + length + ") outside flash of " + size() + " bytes");
        }
    }

    void checkSector(int sector) throws FlashException {
        if (sector < 0 || sector >= sectorCount) {
            throw new FlashException("sector " + sector + " outside 0.." + (sectorCount - 1));
        }
    }

    void checkProgram(long offset, int length) throws FlashException {
        checkRange(offset, length);
        if (length == 0 || offset % programUnit != 0 || length % programUnit != 0) {
            throw new FlashException("program [" + offset + ", +" + length + ") is not whole program units of "
                    + programUnit + " bytes");
        }
    }
}
