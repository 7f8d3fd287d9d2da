package dev.citadel.spe.ps;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.spe.its.ItsConfig;

/**
 * Where the PS area lies on the external flash and what it holds.
 *
 * <p>PS keeps its object files and its two object-table copies as files of an ITS flash FS of its own
 * ({@code reference/tfm.md} §3.3), so the FS must hold {@code maxAssets + 3} files: the objects, one spare for an
 * atomic replacement and the two tables. A written object and the new table go into one FS block in one commit, so a
 * block must hold both.
 *
 * @param firstSector first sector of the area
 * @param areaSectors sectors in the area
 * @param sectorsPerBlock sectors per FS block
 * @param maxAssetSize largest asset, in bytes ({@code PS_MAX_ASSET_SIZE})
 * @param maxAssets most assets over all clients ({@code PS_NUM_ASSETS})
 */
public record PsConfig(int firstSector, int areaSectors, int sectorsPerBlock, int maxAssetSize, int maxAssets) {

    /** Default largest asset: 4 KiB (TF-M: 2048 B). */
    public static final int DEFAULT_MAX_ASSET_SIZE = 4096;
    /** Default asset count: 64 (TF-M: 10). */
    public static final int DEFAULT_MAX_ASSETS = 64;

    /** Validates the limits; the FS checks the shape when it mounts. */
    public PsConfig {
        if (maxAssetSize < 1 || maxAssets < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The default PS area: the whole of {@link DeviceDirectory#DEFAULT_EXTERNAL_FLASH}. */
    public static PsConfig defaults() {
        return forFlash(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
    }

    /** The default limits over the whole of a flash of shape {@code g}, in 16 KiB blocks. */
    public static PsConfig forFlash(FlashGeometry g) {
        int perBlock = Math.max(1, 16384 / g.sectorSize());
        return new PsConfig(0, g.sectorCount() / perBlock * perBlock, perBlock, DEFAULT_MAX_ASSET_SIZE,
                DEFAULT_MAX_ASSETS);
    }

    /** Entries in the object table: one more than the assets, for a replacement in progress. */
    int tableEntries() {
        return maxAssets + 1;
    }

    /** Bytes of an object file holding {@code dataSize} bytes: IV, then the encrypted info header and data. */
    static int objectFileSize(int dataSize) {
        return ObjectFile.IV_SIZE + ObjectFile.INFO_SIZE + dataSize;
    }

    /** The FS under PS: files up to the largest object or table, {@code maxAssets + 3} of them. */
    public ItsConfig fsConfig() {
        int largest = Math.max(objectFileSize(maxAssetSize), ObjectTable.size(tableEntries()));
        return new ItsConfig(firstSector, areaSectors, sectorsPerBlock, largest, maxAssets + 3);
    }
}
