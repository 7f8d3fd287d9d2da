package dev.citadel.boot.bl2;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.hal.flash.FlashException;
import java.lang.System.Logger.Level;

/**
 * MCUboot's swap using scratch. Regions as large as the scratch area are swapped from the slot's end down, each in
 * three recorded steps: secondary to scratch, primary to secondary, scratch to primary. While the region that holds
 * the primary trailer is swapped, its status lives in the scratch trailer.
 */
final class SwapUsingScratch implements Swapper {
    private static final System.Logger LOG = System.getLogger(SwapUsingScratch.class.getName());

    /** {@code boot_status_tables[]}: which area holds the status, first match wins. */
    private record SourceRow(BootMagic primaryMagic, boolean scratchMustBeGood, boolean scratchMustNotBeGood,
            BootFlag primaryCopyDone, BootStatus.Source source) {

        boolean matches(SwapState p, SwapState scratch) {
            return (primaryMagic == null || primaryMagic == p.magic())
                    && (!scratchMustBeGood || scratch.magic() == BootMagic.GOOD)
                    && (!scratchMustNotBeGood || scratch.magic() != BootMagic.GOOD)
                    && (primaryCopyDone == null || primaryCopyDone == p.copyDone());
        }
    }

    private static final java.util.List<SourceRow> SOURCES = java.util.List.of(
            new SourceRow(BootMagic.GOOD, false, true, BootFlag.SET, BootStatus.Source.NONE),
            new SourceRow(BootMagic.GOOD, false, true, BootFlag.UNSET, BootStatus.Source.PRIMARY),
            new SourceRow(null, true, false, null, BootStatus.Source.SCRATCH),
            // never swapped, or in the middle of a revert
            new SourceRow(BootMagic.UNSET, false, false, BootFlag.UNSET, BootStatus.Source.PRIMARY));

    @Override
    public BootStatus readStatus(SlotPair s) throws FlashException {
        SwapState primary = s.trailer().read(s.primary());
        SwapState scratch = s.trailer().read(s.scratch());
        BootStatus bs = new BootStatus();
        for (SourceRow r : SOURCES) {
            if (r.matches(primary, scratch)) {
                bs.source = r.source();
                break;
            }
        }
        // the one scratch serves every image: its status may belong to another
        if (bs.source == BootStatus.Source.SCRATCH && scratch.imageNum() != s.image()) {
            bs.source = BootStatus.Source.NONE;
        }
        if (bs.source == BootStatus.Source.NONE) {
            return bs;
        }
        boolean fromScratch = bs.source == BootStatus.Source.SCRATCH;
        FlashArea area = fromScratch ? s.scratch() : s.primary();
        boolean[] written = s.trailer().readStatus(area, fromScratch);
        int found = -1;
        int firstGap = -1;
        for (int i = 0; i < written.length; i++) {
            if (written[i] && found < 0) {
                found = i;
            } else if (!written[i] && found >= 0 && firstGap < 0) {
                firstGap = i;
            } else if (written[i] && firstGap >= 0) {
                LOG.log(Level.WARNING, "image {0}: inconsistent swap status in {1}", s.image(), area.name());
                break;
            }
        }
        if (found >= 0) {
            int next = firstGap >= 0 ? firstGap : written.length;
            bs.idx = next / s.trailer().stateCount() + BootStatus.IDX_0;
            bs.state = next % s.trailer().stateCount() + BootStatus.STATE_0;
        }
        Swapper.readTrailerOf(s, area, bs);
        return bs;
    }

    @Override
    public long maxImageSize(SlotPair s) {
        return Math.min(s.primary().size(), s.secondary().size()) - s.trailer().size();
    }

    @Override
    public String incompatibility(SlotPair s) {
        if (s.primary().size() != s.secondary().size()) {
            return "slots of different sizes";
        }
        if (s.scratch().size() < s.primary().sectorSize()
                || s.scratch().size() < trailerSectors(s) * s.primary().sectorSize()) {
            return "scratch smaller than a sector or than the trailer's sectors";
        }
        if (s.primary().sectorCount() > s.trailer().maxSectors()) {
            return "more sectors than BOOT_MAX_IMG_SECTORS";
        }
        return null;
    }

    private static int trailerSectors(SlotPair s) {
        int sector = s.primary().sectorSize();
        return (s.trailer().size() + sector - 1) / sector;
    }

    @Override
    public void run(SlotPair s, BootStatus bs) throws FlashException {
        int sector = s.primary().sectorSize();
        int sectors = s.primary().sectorCount();
        int last = (int) ((bs.swapSize + sector - 1) / sector) - 1;
        // An image reaching the trailer's sectors moves them whole, so the trailer region ends at the slot's end.
        if (last >= sectors - trailerSectors(s)) {
            last = sectors - 1;
        }
        int perRegion = s.scratch().size() / sector;
        int region = 0;
        while (last >= 0) {
            int first = Math.max(0, last - perRegion + 1);
            if (region >= bs.idx - BootStatus.IDX_0) {
                swapRegion(s, first, (last - first + 1) * sector, bs);
            }
            last = first - 1;
            region++;
        }
    }

    private void swapRegion(SlotPair s, int firstSector, int size, BootStatus bs) throws FlashException {
        ImageTrailer t = s.trailer();
        FlashArea pri = s.primary();
        FlashArea sec = s.secondary();
        FlashArea scr = s.scratch();
        long off = (long) firstSector * pri.sectorSize();
        int copySize = size;
        if (off + size == pri.size()) {
            copySize -= t.size(); // the trailer is not data: it is rewritten, not copied
        }
        bs.useScratch = bs.idx == BootStatus.IDX_0 && copySize != size;

        if (bs.state == BootStatus.STATE_0) {
            eraseScratch(s);
            if (bs.idx == BootStatus.IDX_0) {
                // The swap type must survive the erase of the primary trailer: park it in the scratch first.
                s.statusInit(scr, bs);
                if (!bs.useScratch) {
                    t.eraseTrailerSectors(pri);
                    s.statusInit(pri, bs);
                    eraseScratch(s);
                }
            }
            SlotPair.copy(sec, off, scr, 0, copySize);
            writeStatus(s, bs);
            bs.state++;
        }
        if (bs.state == BootStatus.STATE_0 + 1) {
            sec.erase(off, size);
            SlotPair.copy(pri, off, sec, off, copySize);
            if (bs.idx == BootStatus.IDX_0 && !bs.useScratch) {
                t.eraseTrailerSectors(sec);
            }
            writeStatus(s, bs);
            bs.state++;
        }
        if (bs.state == BootStatus.STATE_0 + 2) {
            pri.erase(off, size);
            SlotPair.copy(scr, 0, pri, off, copySize);
            boolean eraseScratch = bs.useScratch;
            if (bs.useScratch) {
                // move the region's status and the trailer fields from the scratch into the new primary trailer
                int records = (t.stateCount() - 1) * t.writeSize();
                SlotPair.copy(scr, t.statusOff(scr, true), pri, t.statusOff(pri, false), records);
                SwapState parked = t.read(scr);
                if (parked.imageOk() == BootFlag.SET) {
                    t.writeImageOk(pri);
                }
                if (parked.swapType() != SwapType.NONE) {
                    t.writeSwapInfo(pri, parked.swapType(), s.image());
                }
                t.writeSwapSize(pri, bs.swapSize);
                t.writeMagic(pri);
            }
            bs.useScratch = false;
            writeStatus(s, bs);
            bs.idx++;
            bs.state = BootStatus.STATE_0;
            if (eraseScratch) {
                // a stale scratch status must not be read after the primary took it over
                eraseScratch(s);
            }
        }
    }

    private static void writeStatus(SlotPair s, BootStatus bs) throws FlashException {
        ImageTrailer t = s.trailer();
        int entry = (bs.idx - BootStatus.IDX_0) * t.stateCount() + (bs.state - BootStatus.STATE_0);
        t.writeStatus(bs.useScratch ? s.scratch() : s.primary(), bs.useScratch, entry, bs.state);
    }

    /**
     * Erases the scratch area. A good scratch magic is first programmed to zeros, so an erase torn by a power cut
     * cannot leave half-erased data under a magic that still reads as good.
     */
    private static void eraseScratch(SlotPair s) throws FlashException {
        FlashArea scr = s.scratch();
        if (s.trailer().read(scr).magic() != BootMagic.UNSET) {
            int n = Math.max(ImageTrailer.MAGIC_SIZE, scr.align());
            scr.write(scr.size() - n, new byte[n]);
        }
        scr.eraseBackwards(0, scr.size());
    }
}
