package dev.citadel.boot.bl2;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.hal.flash.FlashException;

/** One image's areas, and the trailer format they share. */
record SlotPair(int image, FlashArea primary, FlashArea secondary, FlashArea scratch, ImageTrailer trailer) {

    /** {@code boot_copy_region}: {@code length} bytes, one program per chunk of at most a sector. */
    static void copy(FlashArea from, long fromOff, FlashArea to, long toOff, long length) throws FlashException {
        int chunk = from.sectorSize();
        for (long done = 0; done < length; done += chunk) {
            int n = (int) Math.min(chunk, length - done);
            to.write(toOff + done, from.read(fromOff + done, n));
        }
    }

    /**
     * {@code swap_status_init}: records the swap in {@code area}'s trailer: swap_info, image_ok if the secondary
     * slot's is set, swap_size, and the magic last, so a cut before it leaves no half-made status.
     */
    void statusInit(FlashArea area, BootStatus bs) throws FlashException {
        SwapState secondaryState = trailer.read(secondary);
        if (bs.swapType != SwapType.NONE) {
            trailer.writeSwapInfo(area, bs.swapType, image);
        }
        if (secondaryState.imageOk() == BootFlag.SET) {
            trailer.writeImageOk(area);
        }
        trailer.writeSwapSize(area, bs.swapSize);
        trailer.writeMagic(area);
    }
}
