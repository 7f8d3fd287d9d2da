package dev.citadel.boot.flash;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where BL2's areas lie on the internal flash: for each image a primary and a secondary slot, and one scratch area
 * shared by all images (swap-using-scratch). Image 0 is the secure image, image 1 the non-secure one.
 *
 * @param slots per image, its primary and secondary slot
 * @param scratch the scratch area; unused by overwrite-only and swap-using-move
 */
public record FlashMap(List<ImageSlots> slots, Region scratch) {

    /** A byte range of the device. */
    public record Region(long offset, int size) {
        public Region {
            if (offset < 0 || size <= 0) {
                throw new IllegalArgumentException("region [" + offset + ", +" + size + ") is empty or negative");
            }
        }

        long end() {
            return offset + size;
        }
    }

    /** One image's two slots. */
    public record ImageSlots(Region primary, Region secondary) {}

    /** The first sector the ITS area owns (see {@code ItsConfig}); BL2's areas end before it. */
    public static final int ITS_FIRST_SECTOR = 432;

    public FlashMap {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a flash map needs at least one image");
        }
        List<Region> all = new ArrayList<>();
        for (ImageSlots s : slots) {
            all.add(s.primary());
            all.add(s.secondary());
        }
        all.add(scratch);
        all.sort(Comparator.comparingLong(Region::offset));
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).offset() < all.get(i - 1).end()) {
                throw new IllegalArgumentException("flash map areas overlap: " + all.get(i - 1) + ", " + all.get(i));
            }
        }
    }

    /**
     * The device's map, in the order of TF-M's reference layouts (secure primary, non-secure primary, secure
     * secondary, non-secure secondary, scratch), from sector 0 of the default internal flash (4 KiB sectors):
     * image 0 slots of 128 KiB, image 1 slots of 576 KiB, a 32 KiB scratch. It ends at sector 360, before ITS.
     */
    public static FlashMap defaults() {
        int s0 = 128 * 1024;
        int s1 = 576 * 1024;
        long p0 = 0;
        long p1 = p0 + s0;
        long q0 = p1 + s1;
        long q1 = q0 + s0;
        long scratch = q1 + s1;
        return new FlashMap(List.of(
                new ImageSlots(new Region(p0, s0), new Region(q0, s0)),
                new ImageSlots(new Region(p1, s1), new Region(q1, s1))),
                new Region(scratch, 32 * 1024));
    }

    public int imageCount() {
        return slots.size();
    }

    /** Offset of the first byte past every area. */
    public long end() {
        long end = scratch.end();
        for (ImageSlots s : slots) {
            end = Math.max(end, Math.max(s.primary().end(), s.secondary().end()));
        }
        return end;
    }

    /** Refuses a device the map does not fit: areas outside it or not on sector boundaries. */
    public void checkFits(FlashGeometry g) {
        if (end() > g.size()) {
            throw new IllegalArgumentException("flash map ends at 0x" + Long.toHexString(end())
                    + ", past the flash's 0x" + Integer.toHexString(g.size()) + " bytes");
        }
    }

    public FlashArea primary(FlashDevice device, int image) {
        return new FlashArea("primary slot of image " + image, device, slots.get(image).primary().offset(),
                slots.get(image).primary().size());
    }

    public FlashArea secondary(FlashDevice device, int image) {
        return new FlashArea("secondary slot of image " + image, device, slots.get(image).secondary().offset(),
                slots.get(image).secondary().size());
    }

    public FlashArea scratch(FlashDevice device) {
        return new FlashArea("scratch", device, scratch.offset(), scratch.size());
    }

    /** The largest slot, in sectors of {@code sectorSize}: MCUboot's {@code BOOT_MAX_IMG_SECTORS} for this map. */
    public int maxImageSectors(int sectorSize) {
        int max = 0;
        for (ImageSlots s : slots) {
            max = Math.max(max, Math.max(s.primary().size(), s.secondary().size()) / sectorSize);
        }
        return max;
    }
}
