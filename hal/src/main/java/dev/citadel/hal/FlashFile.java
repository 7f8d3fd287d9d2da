package dev.citadel.hal;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.flash.FlashGeometry;
import java.nio.file.Path;

/**
 * A flash of the device: the file that backs it and its geometry, as the layout descriptor states them.
 *
 * @param path the backing file
 * @param geometry the flash's shape
 */
public record FlashFile(Path path, FlashGeometry geometry) {

    /** Opens the flash, creating its file erased if missing. */
    public FlashDevice open() throws FlashException {
        return FlashDevice.openFile(path, geometry);
    }
}
