package dev.citadel.boot.bl2;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageHeader;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The second-stage bootloader: MCUboot's {@code boot_go} over the device's internal flash. For every image it
 * completes an interrupted swap or decides and performs the one the trailers ask for, checks dependencies between
 * images, then reads each primary image once, verifies it against the image's ROTPK hash and the security counter,
 * and hands back that verified copy.
 *
 * <p>A power cut ({@link dev.citadel.hal.flash.PowerCut}) ends {@link #boot()} with an exception; a new {@code Bl2}
 * over the same flash finishes the work from what the flash holds.
 */
public final class Bl2 {
    private static final System.Logger LOG = System.getLogger(Bl2.class.getName());
    private static final NvCounterId[] COUNTERS = {NvCounterId.BL2_0, NvCounterId.BL2_1, NvCounterId.BL2_2,
        NvCounterId.BL2_3};
    private static final OtpField[] ROTPKS = {OtpField.ROTPK_0, OtpField.ROTPK_1, OtpField.ROTPK_2,
        OtpField.ROTPK_3};

    private final FlashDevice flash;
    private final FlashMap map;
    private final NvCounters counters;
    private final List<byte[]> rotpkHashes;
    private final Bl2Config config;
    private final ImageTrailer trailer;
    private final Swapper swapper;
    private final List<String> log = new ArrayList<>();

    /**
     * @param rotpkHashes per image, the SHA-256 of the only key its images may carry as PUBKEY (TF-M's
     *     {@code MCUBOOT_HW_KEY}: image i against {@code ROTPK_i}); a null entry refuses every image of that index
     */
    public Bl2(FlashDevice flash, FlashMap map, NvCounters counters, List<byte[]> rotpkHashes, Bl2Config config) {
        map.checkFits(flash.geometry());
        if (map.imageCount() > COUNTERS.length) {
            throw new IllegalArgumentException("BL2 has security counters for " + COUNTERS.length + " images");
        }
        this.flash = flash;
        this.map = map;
        this.counters = counters;
        this.rotpkHashes = rotpkHashes.stream().map(h -> h == null ? null : h.clone()).toList();
        this.config = config;
        int w = flash.geometry().programUnit();
        int a = config.maxAlign() == 0 ? Math.max(8, w) : config.maxAlign();
        boolean overwrite = config.strategy() == UpgradeStrategy.OVERWRITE_ONLY;
        this.trailer = new ImageTrailer(w, a, map.maxImageSectors(flash.geometry().sectorSize()), 3, overwrite);
        this.swapper = switch (config.strategy()) {
            case OVERWRITE_ONLY -> null;
            case SWAP_USING_SCRATCH -> new SwapUsingScratch();
            case SWAP_USING_MOVE -> new SwapUsingMove();
        };
    }

    /** The ROTPK hashes provisioned in OTP, image i's at index i; null where the field is blank. */
    public static List<byte[]> rotpkHashes(Otp otp) {
        List<byte[]> out = new ArrayList<>();
        for (OtpField f : ROTPKS) {
            out.add(otp.read(f).orElse(null));
        }
        return out;
    }

    /** The trailer format this BL2 reads and writes, for tools that mark slots (pending, confirmed). */
    public ImageTrailer trailer() {
        return trailer;
    }

    /**
     * Whether image {@code image} runs on trial: its primary trailer's magic is good and image_ok unset, the state a
     * TEST swap leaves until the image confirms itself; the next boot reverts such an image. (The FWU partition reads
     * the same state as TRIAL.)
     */
    public boolean onTrial(int image) throws FlashException {
        SwapState s = trailer.read(map.primary(flash, image));
        return s.magic() == BootMagic.GOOD && s.imageOk() == BootFlag.UNSET;
    }

    /**
     * Where image {@code image}'s TLVs must end at the latest in either slot under this configuration: what an
     * update agent may write into a secondary slot and still have BL2 accept (the slot less its trailer for the swap
     * strategies).
     */
    public long maxImageSize(int image) {
        return maxImageSize(pair(image));
    }

    private SlotPair pair(int i) {
        return new SlotPair(i, map.primary(flash, i), map.secondary(flash, i), map.scratch(flash), trailer);
    }

    /**
     * Runs the boot: swaps, validation, security counters.
     *
     * @throws FlashException when the flash fails, including a {@link dev.citadel.hal.flash.PowerCut}
     * @throws NvCounterException when the security counters cannot be read or raised
     */
    public BootResult boot() throws FlashException, NvCounterException {
        int n = map.imageCount();
        SwapType[] types = new SwapType[n];
        BootStatus[] pending = new BootStatus[n];
        VerifiedImage[] upgrades = new VerifiedImage[n];
        note("BL2: " + config.strategy() + ", " + n + " images, downgrade prevention " + config.downgradePrevention()
                + ", rollback protection " + (config.rollbackProtection() ? "on" : "off"));
        for (int i = 0; i < n; i++) {
            SlotPair s = pair(i);
            types[i] = SwapType.NONE;
            for (FlashArea a : List.of(s.primary(), s.secondary())) {
                if (trailer.completeTornFlags(a)) {
                    note("image " + i + ": completed a flag write torn by a power cut in " + a.name());
                }
            }
            String why = swapper == null ? null : swapper.incompatibility(s);
            if (why != null) {
                note("image " + i + ": no upgrade possible: " + why);
                continue;
            }
            if (swapper != null) {
                BootStatus bs = swapper.readStatus(s);
                if (!bs.isReset()) {
                    note("image " + i + ": resuming interrupted " + bs.swapType + " swap (" + bs + ")");
                    reviewSwapTypes(types, i, true);
                    completeSwap(s, bs);
                    continue;
                }
                if (bs.swapType != SwapType.NONE) {
                    // the swap was initialised but not one step recorded: start it again, as swap_info says
                    SlotImage sec = readSlot(s, s.secondary());
                    types[i] = sec instanceof SlotImage.Valid ? bs.swapType : SwapType.FAIL;
                    pending[i] = bs;
                    note("image " + i + ": restarting " + bs.swapType + " swap recorded in the trailer"
                            + (types[i] == SwapType.FAIL ? ", but the secondary image is not valid: FAIL" : ""));
                    if (sec instanceof SlotImage.Valid v) {
                        upgrades[i] = v.facts();
                    }
                    reviewSwapTypes(types, i, false);
                    continue;
                }
            }
            types[i] = validatedSwapType(s, upgrades);
            reviewSwapTypes(types, i, false);
        }
        verifyDependencies(types, upgrades);
        for (int i = 0; i < n; i++) {
            perform(pair(i), types[i], pending[i]);
        }
        List<ImageBoot> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(finish(pair(i), types[i]));
        }
        return new BootResult(result, log);
    }

    // ---- deciding ----

    /** {@code boot_validated_swap_type}: the table's answer, checked against the secondary image. */
    private SwapType validatedSwapType(SlotPair s, VerifiedImage[] upgrades) throws FlashException, NvCounterException {
        SwapState primary = trailer.read(s.primary());
        SwapState secondary = trailer.read(s.secondary());
        SwapType type = SwapTable.decide(primary, secondary);
        note("image " + s.image() + ": swap type " + type + " (primary " + primary + "; secondary " + secondary + ")");
        if (!type.moves()) {
            if (secondary.magic() == BootMagic.BAD && header(s.secondary()) == null) {
                // what a cut in the middle of scrubbing an installed upgrade's trailer leaves; nothing else is there
                note("image " + s.image() + ": erasing the leftover trailer of an empty secondary slot");
                trailer.eraseTrailerSectors(s.secondary());
            }
            return type;
        }
        SlotImage sec = readSlot(s, s.secondary());
        if (sec instanceof SlotImage.Empty) {
            note("image " + s.image() + ": secondary slot holds no image: NONE");
            if (secondary.magic() != BootMagic.UNSET) {
                trailer.eraseTrailerSectors(s.secondary());
            }
            return SwapType.NONE;
        }
        if (sec instanceof SlotImage.Invalid bad) {
            note("image " + s.image() + ": secondary image refused (" + bad.reason() + "): erased, FAIL");
            scrambleSlot(s.secondary());
            return SwapType.FAIL;
        }
        VerifiedImage facts = ((SlotImage.Valid) sec).facts();
        if (type.isUpgrade() && isDowngrade(s, facts)) {
            note("image " + s.image() + ": secondary image " + facts.version().toShortString()
                    + " is a downgrade: erased, NONE");
            scrambleSlot(s.secondary());
            return SwapType.NONE;
        }
        note("image " + s.image() + ": secondary image " + facts.version() + " verified");
        upgrades[s.image()] = facts;
        return type;
    }

    private boolean isDowngrade(SlotPair s, VerifiedImage upgrade) throws FlashException, NvCounterException {
        DowngradePrevention d = config.downgradePrevention();
        if (d == DowngradePrevention.OFF) {
            return false;
        }
        ImageHeader primary = header(s.primary());
        if (primary == null) {
            return false;
        }
        if (d == DowngradePrevention.SECURITY_COUNTER && swapper != null) {
            SlotImage p = readSlot(s, s.primary());
            if (!(p instanceof SlotImage.Valid v) || v.facts().securityCounter().isEmpty()) {
                return false; // no counter in the primary: allow, as MCUboot does
            }
            return upgrade.securityCounter().isEmpty()
                    || upgrade.securityCounter().getAsLong() < v.facts().securityCounter().getAsLong();
        }
        return upgrade.version().compareIgnoringBuild(primary.version()) < 0;
    }

    /**
     * {@code boot_review_image_swap_types}: when a later image is mid-swap or about to be upgraded, an earlier
     * image's REVERT comes from a reset between two upgrades (its image_ok was never due yet) and is false.
     */
    private void reviewSwapTypes(SwapType[] types, int current, boolean abortedSwap) {
        if (current == 0 || (!abortedSwap && (types[current] == SwapType.NONE
                || types[current] == SwapType.REVERT))) {
            return;
        }
        for (int i = 0; i < current; i++) {
            if (types[i] == SwapType.REVERT) {
                types[i] = SwapType.NONE;
                note("image " + i + ": REVERT was left by a reset between two upgrades: NONE");
            }
        }
    }

    /**
     * {@code boot_verify_dependencies}: an upgrade whose DEPENDENCY TLVs are not met by the images that will be
     * in the primary slots is held back (NONE), until every remaining upgrade is consistent.
     */
    private void verifyDependencies(SwapType[] types, VerifiedImage[] upgrades) throws FlashException {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < types.length; i++) {
                if (!types[i].isUpgrade() || upgrades[i] == null) {
                    continue;
                }
                for (ImageDependency d : upgrades[i].dependencies()) {
                    String unmet = unmet(d, types, upgrades);
                    if (unmet != null) {
                        note("image " + i + ": upgrade held back: " + unmet);
                        types[i] = SwapType.NONE;
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    private String unmet(ImageDependency d, SwapType[] types, VerifiedImage[] upgrades) throws FlashException {
        int id = d.imageId();
        if (id >= types.length) {
            return "it depends on image " + id + ", which this device does not have";
        }
        ImageVersion have;
        if (types[id].isUpgrade() && upgrades[id] != null) {
            have = upgrades[id].version();
        } else {
            ImageHeader h = header(map.primary(flash, id));
            if (h == null) {
                return "it depends on image " + id + ", whose primary slot is empty";
            }
            have = h.version();
        }
        if (have.compareIgnoringBuild(d.minVersion()) < 0) {
            return "it needs image " + id + " at " + d.minVersion().toShortString() + " or later, which will be at "
                    + have.toShortString();
        }
        return null;
    }

    // ---- doing ----

    private void perform(SlotPair s, SwapType type, BootStatus pending) throws FlashException {
        if (type == SwapType.FAIL) {
            // keep the running image: a failed upgrade or revert must not be retried as a revert
            if (trailer.read(s.primary()).imageOk() == BootFlag.UNSET) {
                trailer.writeImageOk(s.primary());
            }
            return;
        }
        if (!type.moves()) {
            return;
        }
        if (swapper == null) {
            copyImage(s);
            return;
        }
        BootStatus bs = pending != null ? pending : new BootStatus();
        bs.swapType = type;
        bs.swapSize = Math.max(imageSize(s.primary()), imageSize(s.secondary()));
        note("image " + s.image() + ": " + type + " swap of " + bs.swapSize + " bytes");
        swapper.run(s, bs);
        setFlagsAfterSwap(s, type);
    }

    /** {@code boot_complete_partial_swap}: finish from the recorded step, then the flags as a fresh swap would. */
    private void completeSwap(SlotPair s, BootStatus bs) throws FlashException {
        swapper.run(s, bs);
        setFlagsAfterSwap(s, bs.swapType);
        note("image " + s.image() + ": interrupted " + bs.swapType + " swap completed");
    }

    private void setFlagsAfterSwap(SlotPair s, SwapType type) throws FlashException {
        SwapState p = trailer.read(s.primary());
        if ((type == SwapType.PERM || type == SwapType.REVERT) && p.imageOk() == BootFlag.UNSET) {
            trailer.writeImageOk(s.primary());
        }
        if (type.moves() && p.copyDone() == BootFlag.UNSET) {
            trailer.writeCopyDone(s.primary());
        }
    }

    /**
     * {@code boot_copy_image}: overwrite-only. The secondary keeps asking for the upgrade until the copy is whole,
     * so a cut restarts the copy; then its header and trailer are erased.
     */
    private void copyImage(SlotPair s) throws FlashException {
        long size = imageSize(s.secondary());
        note("image " + s.image() + ": copying " + size + " bytes from the secondary slot over the primary");
        s.primary().eraseBackwards(0, s.primary().size());
        int w = s.primary().align();
        SlotPair.copy(s.secondary(), 0, s.primary(), 0, (size + w - 1) / w * w);
        s.secondary().erase(0, s.secondary().sectorSize());
        trailer.eraseTrailerSectors(s.secondary());
    }

    /** Erases a whole slot, trailer first ({@code boot_scramble_slot}). */
    private static void scrambleSlot(FlashArea a) throws FlashException {
        a.eraseBackwards(0, a.size());
    }

    // ---- booting ----

    private ImageBoot finish(SlotPair s, SwapType type) throws FlashException, NvCounterException {
        int i = s.image();
        SlotImage p = readSlot(s, s.primary());
        if (p instanceof SlotImage.Empty) {
            return refuse(i, "the primary slot holds no image");
        }
        if (p instanceof SlotImage.Invalid bad) {
            return refuse(i, "the primary image is not valid: " + bad.reason());
        }
        SlotImage.Valid v = (SlotImage.Valid) p;
        if (config.rollbackProtection()) {
            SwapState st = trailer.read(s.primary());
            // a trial image raises the counter only once it has confirmed itself, so it can still be reverted
            boolean raise = type == SwapType.PERM || (swapper == null && type.isUpgrade())
                    || (type == SwapType.NONE && (st.magic() != BootMagic.GOOD || st.imageOk() == BootFlag.SET));
            long cnt = v.facts().securityCounter().getAsLong();
            long stored = counters.read(COUNTERS[i]);
            if (raise && cnt > stored) {
                counters.set(COUNTERS[i], cnt);
                note("image " + i + ": security counter raised from " + stored + " to " + cnt);
            }
        }
        note("image " + i + ": booting " + v.facts().version() + " (" + v.facts().hashAlgorithm()
                .measurementDescription() + " " + HexFormat.of().formatHex(v.facts().hash()) + ")");
        return new ImageBoot.Verified(i, v.bytes(), v.facts(), type);
    }

    private ImageBoot refuse(int i, String reason) {
        note("image " + i + ": REFUSED: " + reason);
        return new ImageBoot.Refused(i, reason);
    }

    /** A slot's image as read once from flash. */
    private sealed interface SlotImage {
        record Empty() implements SlotImage {}

        record Invalid(String reason) implements SlotImage {}

        record Valid(byte[] bytes, VerifiedImage facts) implements SlotImage {}
    }

    private long maxImageSize(SlotPair s) {
        return swapper != null ? swapper.maxImageSize(s)
                : Math.min(s.primary().size(), s.secondary().size()) - trailer.size();
    }

    /**
     * Reads the slot's image once (its header and TLV info first, only to size the read) and verifies that copy:
     * signature against the image's ROTPK hash, then the security counter.
     */
    private SlotImage readSlot(SlotPair s, FlashArea area) throws FlashException, NvCounterException {
        ImageHeader h = header(area);
        if (h == null) {
            return new SlotImage.Empty();
        }
        long max = maxImageSize(s);
        long total = max;
        long hashed = h.hashedLength();
        if (hashed + 4 <= max) {
            byte[] info = area.read(hashed, 4);
            total = Math.min(max, hashed + ((info[2] & 0xFF) | (info[3] & 0xFF) << 8));
        }
        byte[] rotpk = s.image() < rotpkHashes.size() ? rotpkHashes.get(s.image()) : null;
        if (rotpk == null) {
            return new SlotImage.Invalid("no ROTPK hash is provisioned for image " + s.image());
        }
        byte[] bytes = area.read(0, (int) Math.max(total, ImageHeader.SIZE));
        ImageVerifier verifier = ImageVerifier.builder().slotSize(area.size()).maxImageSize(max)
                .allowKeyHash(rotpk).build();
        VerificationResult r = verifier.verify(bytes);
        if (r instanceof VerificationResult.Refused no) {
            return new SlotImage.Invalid(no.toString());
        }
        VerifiedImage facts = ((VerificationResult.Valid) r).image();
        if (config.rollbackProtection()) {
            if (facts.securityCounter().isEmpty()) {
                return new SlotImage.Invalid("the image has no security counter (SEC_CNT)");
            }
            long stored = counters.read(COUNTERS[s.image()]);
            if (facts.securityCounter().getAsLong() < stored) {
                return new SlotImage.Invalid("security counter " + facts.securityCounter().getAsLong()
                        + " is below the stored " + stored);
            }
        }
        return new SlotImage.Valid(bytes, facts);
    }

    /** The slot's header, or null when its magic is erased (no image). */
    private static ImageHeader header(FlashArea area) throws FlashException {
        byte[] b = area.read(0, ImageHeader.SIZE);
        if (FlashArea.isErased(Arrays.copyOf(b, 4))) {
            return null;
        }
        return ImageHeader.decode(b);
    }

    /** {@code boot_read_image_size}: header, payload and both TLV areas; 0 for an empty or unreadable slot. */
    private static long imageSize(FlashArea area) throws FlashException {
        ImageHeader h = header(area);
        if (h == null || h.magic() != ImageHeader.MAGIC || h.hashedLength() + 4 > area.size()) {
            return 0;
        }
        byte[] info = area.read(h.hashedLength(), 4);
        long size = h.hashedLength() + ((info[2] & 0xFF) | (info[3] & 0xFF) << 8);
        return Math.min(size, area.size());
    }

    private void note(String line) {
        log.add(line);
        LOG.log(Level.INFO, line);
    }
}
