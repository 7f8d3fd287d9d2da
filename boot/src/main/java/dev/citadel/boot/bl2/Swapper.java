package dev.citadel.boot.bl2;

import dev.citadel.hal.flash.FlashException;

/** One swap algorithm: how it finds an interrupted swap and how it runs (or resumes) one. */
interface Swapper {

    /** {@code swap_read_status}: the interrupted swap's position, or a reset status when there is none. */
    BootStatus readStatus(SlotPair s) throws FlashException;

    /** {@code swap_run}: swaps {@code bs.swapSize} bytes, starting from the step {@code bs} names. */
    void run(SlotPair s, BootStatus bs) throws FlashException;

    /** Where an image's TLVs must end at the latest in either slot. */
    long maxImageSize(SlotPair s);

    /** Why the slots cannot be swapped by this algorithm, or null. */
    String incompatibility(SlotPair s);

    /** Reads the swap type and size of a found status from {@code area}'s trailer. */
    static void readTrailerOf(SlotPair s, dev.citadel.boot.flash.FlashArea area, BootStatus bs)
            throws FlashException {
        bs.swapType = s.trailer().read(area).swapType();
        bs.swapSize = s.trailer().readSwapSize(area);
    }
}
