package dev.citadel.spe.its;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashGeometry;

/**
 * Where the ITS area lies on a flash and what it holds.
 *
 * <p>The area is {@code areaSectors} sectors from {@code firstSector}, cut into FS blocks of {@code sectorsPerBlock}
 * sectors: two metadata blocks and the rest data blocks, one of which is always the scratch block. A file lives
 * whole in one data block, so {@code maxAssetSize} may not exceed a block.
 *
 * @param firstSector first sector of the area on the flash
 * @param areaSectors sectors in the area
 * @param sectorsPerBlock sectors per FS block
 * @param maxAssetSize largest asset, in bytes ({@code ITS_MAX_ASSET_SIZE})
 * @param maxAssets most assets over all clients ({@code ITS_NUM_ASSETS})
 */
public record ItsConfig(int firstSector, int areaSectors, int sectorsPerBlock, int maxAssetSize, int maxAssets) {

    /** Default largest asset: 4 KiB (TF-M: 512 B), room for RSA-4096 key pairs. */
    public static final int DEFAULT_MAX_ASSET_SIZE = 4096;
    /** Default asset count: 64 (TF-M: 10). */
    public static final int DEFAULT_MAX_ASSETS = 64;
    /** Default area: the last 80 sectors (320 KiB) of the internal flash, in 8 KiB blocks. */
    public static final int DEFAULT_AREA_SECTORS = 80;

    /** Validates the shape that does not depend on the flash. */
    public ItsConfig {
        if (firstSector < 0 || sectorsPerBlock < 1 || areaSectors % sectorsPerBlock != 0) {
            throw new IllegalArgumentException("area must be whole blocks of " + sectorsPerBlock + " sectors");
        }
        if (areaSectors / sectorsPerBlock < 4) {
            throw new IllegalArgumentException("ITS needs at least 4 blocks: 2 metadata, scratch, 1 data");
        }
        if (maxAssetSize < 1 || maxAssets < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The default ITS area at the end of {@link DeviceDirectory#DEFAULT_INTERNAL_FLASH}. */
    public static ItsConfig defaults() {
        return forFlash(DeviceDirectory.DEFAULT_INTERNAL_FLASH);
    }

    /** The default limits in the last {@link #DEFAULT_AREA_SECTORS} sectors of a flash of shape {@code g}. */
    public static ItsConfig forFlash(FlashGeometry g) {
        int perBlock = Math.max(1, 8192 / g.sectorSize());
        return new ItsConfig(g.sectorCount() - DEFAULT_AREA_SECTORS, DEFAULT_AREA_SECTORS, perBlock,
                DEFAULT_MAX_ASSET_SIZE, DEFAULT_MAX_ASSETS);
    }

    /** Number of FS blocks. */
    public int blocks() {
        return areaSectors / sectorsPerBlock;
    }

    /** Data blocks holding files: every data block but the scratch one. */
    public int activeDataBlocks() {
        return blocks() - 3;
    }
}
