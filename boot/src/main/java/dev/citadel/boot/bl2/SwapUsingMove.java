package dev.citadel.boot.bl2;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.hal.flash.FlashException;
import java.lang.System.Logger.Level;

/**
 * MCUboot's swap using move: first every sector of the primary image moves up by one (from the top down), then,
 * for each index from the bottom, the secondary's sector goes to the primary and the moved-up primary sector goes
 * to the secondary. Each step erases its destination, copies, then writes its status record; no step destroys a
 * source whose step is not yet recorded. No scratch area.
 */
final class SwapUsingMove implements Swapper {
    private static final System.Logger LOG = System.getLogger(SwapUsingMove.class.getName());
    /** Status records per index in each phase. */
    private static final int MOVE_STATES = 1;
    private static final int SWAP_STATES = 2;

    @Override
    public BootStatus readStatus(SlotPair s) throws FlashException {
        SwapState primary = s.trailer().read(s.primary());
        SwapState secondary = s.trailer().read(s.secondary());
        BootStatus bs = new BootStatus();
        if (primary.magic() != BootMagic.GOOD || primary.copyDone() != BootFlag.UNSET
                || secondary.magic() == BootMagic.GOOD) {
            return bs;
        }
        bs.source = BootStatus.Source.PRIMARY;
        boolean[] written = s.trailer().readStatus(s.primary(), false);
        int found = -1; // one past the last written record
        int gaps = 0;
        boolean inGap = false;
        for (int i = written.length; i > 0; i--) {
            if (written[i - 1]) {
                if (found < 0) {
                    found = i;
                }
                inGap = false;
            } else if (!inGap && found >= 0) {
                gaps++;
                inGap = true;
            }
        }
        if (gaps > 0) {
            LOG.log(Level.WARNING, "image {0}: inconsistent swap status", s.image());
        }
        int moveEntries = s.trailer().maxSectors() * MOVE_STATES;
        if (found >= 0) {
            if (found < moveEntries) {
                bs.op = BootStatus.Op.MOVE;
                bs.idx = found / MOVE_STATES + BootStatus.IDX_0;
                bs.state = found % MOVE_STATES + BootStatus.STATE_0;
            } else {
                bs.op = BootStatus.Op.SWAP;
                bs.idx = (found - moveEntries) / SWAP_STATES + BootStatus.IDX_0;
                bs.state = (found - moveEntries) % SWAP_STATES + BootStatus.STATE_0;
            }
        }
        Swapper.readTrailerOf(s, s.primary(), bs);
        return bs;
    }

    private static int firstTrailerSector(SlotPair s) {
        int sector = s.primary().sectorSize();
        return s.primary().sectorCount() - (s.trailer().size() + sector - 1) / sector;
    }

    @Override
    public long maxImageSize(SlotPair s) {
        // one sector is the spare the move phase needs
        return (long) (firstTrailerSector(s) - 1) * s.primary().sectorSize();
    }

    @Override
    public String incompatibility(SlotPair s) {
        int p = s.primary().sectorCount();
        int q = s.secondary().sectorCount();
        if (p != q && p != q + 1) {
            return "the primary slot must have as many sectors as the secondary, or one more";
        }
        if (s.primary().sectorSize() != s.secondary().sectorSize()) {
            return "slots with different sector sizes";
        }
        if (p > s.trailer().maxSectors()) {
            return "more sectors than BOOT_MAX_IMG_SECTORS";
        }
        return null;
    }

    @Override
    public void run(SlotPair s, BootStatus bs) throws FlashException {
        int sector = s.primary().sectorSize();
        int lastIdx = (int) Math.max(1, (bs.swapSize + sector - 1) / sector);
        fixupRevert(s, bs);
        if (bs.op == BootStatus.Op.MOVE) {
            for (int idx = lastIdx; idx > 0; idx--) {
                if (idx <= lastIdx - bs.idx + 1) {
                    moveSectorUp(s, idx, bs);
                }
            }
            bs.idx = BootStatus.IDX_0;
        }
        bs.op = BootStatus.Op.SWAP;
        for (int idx = 1; idx <= lastIdx; idx++) {
            if (idx >= bs.idx) {
                swapSectors(s, idx, bs);
            }
        }
    }

    /**
     * {@code fixup_revert}: a cut between re-initialising the primary status for a revert and its first record
     * would leave nothing to resume from; a secondary trailer made to look like a permanent upgrade covers it.
     */
    private static void fixupRevert(SlotPair s, BootStatus bs) throws FlashException {
        if (bs.swapType != SwapType.REVERT || bs.op != BootStatus.Op.MOVE || bs.idx != BootStatus.IDX_0) {
            return;
        }
        ImageTrailer t = s.trailer();
        if (t.read(s.secondary()).magic() == BootMagic.UNSET) {
            t.eraseTrailerSectors(s.secondary());
            t.writeImageOk(s.secondary());
            t.writeSwapSize(s.secondary(), bs.swapSize);
            t.writeMagic(s.secondary());
        }
    }

    private static void moveSectorUp(SlotPair s, int idx, BootStatus bs) throws FlashException {
        FlashArea pri = s.primary();
        int sector = pri.sectorSize();
        if (bs.idx == BootStatus.IDX_0) {
            if (bs.source != BootStatus.Source.PRIMARY) {
                s.trailer().eraseTrailerSectors(pri);
                s.statusInit(pri, bs);
            }
            s.trailer().eraseTrailerSectors(s.secondary());
        }
        pri.erase((long) idx * sector, sector);
        SlotPair.copy(pri, (long) (idx - 1) * sector, pri, (long) idx * sector, sector);
        writeStatus(s, bs);
        bs.idx++;
    }

    private static void swapSectors(SlotPair s, int idx, BootStatus bs) throws FlashException {
        FlashArea pri = s.primary();
        FlashArea sec = s.secondary();
        int sector = pri.sectorSize();
        long upper = (long) idx * sector;
        long lower = (long) (idx - 1) * sector;
        if (bs.state == BootStatus.STATE_0) {
            pri.erase(lower, sector);
            SlotPair.copy(sec, lower, pri, lower, sector);
            writeStatus(s, bs);
            bs.state++;
        }
        if (bs.state == BootStatus.STATE_0 + 1) {
            sec.erase(lower, sector);
            SlotPair.copy(pri, upper, sec, lower, sector);
            writeStatus(s, bs);
            bs.idx++;
            bs.state = BootStatus.STATE_0;
        }
    }

    private static void writeStatus(SlotPair s, BootStatus bs) throws FlashException {
        ImageTrailer t = s.trailer();
        int entry = bs.op == BootStatus.Op.MOVE
                ? (bs.idx - BootStatus.IDX_0) * MOVE_STATES + (bs.state - BootStatus.STATE_0)
                : t.maxSectors() * MOVE_STATES + (bs.idx - BootStatus.IDX_0) * SWAP_STATES
                        + (bs.state - BootStatus.STATE_0);
        t.writeStatus(s.primary(), false, entry, bs.state);
    }
}
