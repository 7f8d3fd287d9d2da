package dev.citadel.boot.bl2;

/**
 * The flags of one trailer ({@code struct boot_swap_state}).
 *
 * @param swapType from swap_info's low nibble; NONE when erased or out of range
 * @param imageNum from swap_info's high nibble; 0 when erased
 */
public record SwapState(BootMagic magic, SwapType swapType, int imageNum, BootFlag copyDone, BootFlag imageOk) {

    /** An erased trailer. */
    public static final SwapState ERASED = new SwapState(BootMagic.UNSET, SwapType.NONE, 0, BootFlag.UNSET,
            BootFlag.UNSET);

    @Override
    public String toString() {
        return String.format("magic=%s swap_type=%s image=%d copy_done=%s image_ok=%s", magic, swapType, imageNum,
                copyDone, imageOk);
    }
}
