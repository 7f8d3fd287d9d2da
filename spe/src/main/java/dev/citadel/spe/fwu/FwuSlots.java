package dev.citadel.spe.fwu;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.bl2.ImageTrailer;
import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * BL2's slots as the FWU partition sees them: component i is image i, its primary slot runs, its secondary slot
 * stages. The trailer format, the largest image and the trust inputs (ROTPK hash, stored security counter) are
 * BL2's own, taken from the same {@link FlashMap} and {@link Bl2Config}, so what {@code psa_fwu_finish} accepts is
 * what BL2 will accept at the next boot.
 */
public final class FwuSlots {
    private static final NvCounterId[] COUNTERS = {NvCounterId.BL2_0, NvCounterId.BL2_1, NvCounterId.BL2_2,
        NvCounterId.BL2_3};

    /**
     * One component's slots.
     *
     * @param maxImageSize where the image's TLVs must end at the latest: the secondary slot less its trailer
     * @param rotpkHash the only key hash its images may carry (TF-M's {@code MCUBOOT_HW_KEY}); null if unprovisioned
     * @param securityCounter BL2's stored counter for the image; BL2 changes it only before the SPE starts
     */
    record Slot(int component, FlashArea primary, FlashArea secondary, long maxImageSize, byte[] rotpkHash,
            long securityCounter) {}

    private final List<Slot> slots;
    private final ImageTrailer trailer;

    private FwuSlots(List<Slot> slots, ImageTrailer trailer) {
        this.slots = List.copyOf(slots);
        this.trailer = trailer;
    }

    /**
     * The slots of {@code map} on {@code internal}, with the ROTPK hashes and BL2's security counters as they are now.
     *
     * @param rotpkHashes per image, as {@link Bl2#rotpkHashes}
     * @throws IllegalArgumentException if the map does not fit the flash
     */
    public static FwuSlots of(FlashDevice internal, FlashMap map, Bl2Config config, NvCounters counters,
            List<byte[]> rotpkHashes) {
        Bl2 bl2 = new Bl2(internal, map, counters, rotpkHashes, config);
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < map.imageCount(); i++) {
            byte[] rotpk = i < rotpkHashes.size() && rotpkHashes.get(i) != null ? rotpkHashes.get(i).clone() : null;
            slots.add(new Slot(i, map.primary(internal, i), map.secondary(internal, i), bl2.maxImageSize(i), rotpk,
                    counters.read(COUNTERS[i])));
        }
        return new FwuSlots(slots, bl2.trailer());
    }

    /** The number of components. */
    int count() {
        return slots.size();
    }

    Slot slot(int component) {
        return slots.get(component);
    }

    ImageTrailer trailer() {
        return trailer;
    }
}
