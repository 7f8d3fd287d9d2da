package dev.citadel.spe.fwu;

import dev.citadel.boot.bl2.BootFlag;
import dev.citadel.boot.bl2.BootMagic;
import dev.citadel.boot.bl2.ImageTrailer;
import dev.citadel.boot.bl2.SwapState;
import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageHeader;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuImageVersion;
import dev.citadel.psa.fwu.FwuState;
import dev.citadel.psa.fwu.FwuWire;
import dev.citadel.psa.platform.PlatformWire;
import dev.citadel.spe.spm.PartitionContext;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionModel;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * TF-M's Firmware Update partition ({@code TFM_SP_FWU}, PID 271, {@code tfm_fwu_req_mngr.c}): the PSA Firmware
 * Update API 1.0 behind the stateless {@code TFM_FIRMWARE_UPDATE_SERVICE} (SID {@code 0xA0}, handle
 * {@code 0x40000104}), on BL2's slots ({@link FwuSlots}): component 0 is the secure image, 1 the non-secure one.
 *
 * <p>The state machine is the spec's complete model (reboot and trial required) with volatile staging. Where the
 * spec leaves room it is stricter than TF-M: a zero-length write is refused, {@code psa_fwu_finish} verifies the
 * candidate as BL2 will ({@link CandidateCheck}), and a failed install reports FAILED. After a reboot the state is
 * read from the trailers: an unconfirmed primary image is TRIAL, a secondary slot still pending (the SPE restarted
 * without BL2 running) is STAGED, anything else READY.
 *
 * <p>Bad input is a status, never an exception: wrong vector sizes are {@code PROGRAMMER_ERROR} as in TF-M, a flash
 * failure is {@code STORAGE_FAILURE}.
 */
public final class FwuPartition implements SecurePartition {
    private static final System.Logger LOG = System.getLogger(FwuPartition.class.getName());
    private static final PartitionManifest MANIFEST = PartitionManifest.builder("TFM_SP_FWU",
                    PartitionIds.FIRMWARE_UPDATE)
            .type(PartitionType.PSA_ROT)
            .model(PartitionModel.SFN)
            .service(ServiceManifest.stateless(
                    TfmService.FIRMWARE_UPDATE.serviceName(),
                    TfmService.FIRMWARE_UPDATE.sid(),
                    TfmService.FIRMWARE_UPDATE.version(),
                    VersionPolicy.STRICT,
                    TfmService.FIRMWARE_UPDATE.statelessIndex(),
                    true))
            .dependency(TfmService.PLATFORM.serviceName())
            .build();

    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int STORAGE_FAILURE = PsaStatus.STORAGE_FAILURE.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();

    private final FwuSlots slots;
    private final ImageTrailer trailer;
    private final Component[] components;
    private PsaClient platform;

    /** @param slots BL2's slots on the device's internal flash; this partition is their only writer while it runs */
    public FwuPartition(FwuSlots slots) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.trailer = slots.trailer();
        this.components = new Component[slots.count()];
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    /** {@code fwu_bootloader_init}: each component's state after the reboot, from the trailers BL2 left. */
    @Override
    public void init(PartitionContext context) throws FlashException {
        platform = context.client();
        for (int i = 0; i < components.length; i++) {
            components[i] = new Component(i, stateAtBoot(slots.slot(i)));
            LOG.log(Level.INFO, "component " + i + " at start: " + components[i].state());
        }
    }

    private FwuState stateAtBoot(FwuSlots.Slot s) throws FlashException {
        SwapState primary = trailer.read(s.primary());
        if (primary.magic() == BootMagic.GOOD && primary.imageOk() == BootFlag.UNSET) {
            return FwuState.TRIAL;
        }
        return trailer.read(s.secondary()).magic() == BootMagic.GOOD ? FwuState.STAGED : FwuState.READY;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        try {
            return switch (m.type()) {
                case FwuWire.START -> start(m);
                case FwuWire.WRITE -> write(m);
                case FwuWire.FINISH -> finish(m);
                case FwuWire.CANCEL -> cancel(m);
                case FwuWire.INSTALL -> install();
                case FwuWire.CLEAN -> clean(m);
                case FwuWire.REJECT -> reject(m);
                case FwuWire.REQUEST_REBOOT -> requestReboot();
                case FwuWire.ACCEPT -> accept();
                case FwuWire.QUERY -> query(m);
                default -> PsaStatus.NOT_SUPPORTED.value();
            };
        } catch (FlashException e) {
            LOG.log(Level.WARNING, "flash failure: " + e.getMessage());
            return STORAGE_FAILURE;
        }
    }

    // ---- one component ----

    /** The component that in_vec[0] names; null with {@code status[0]} set when there is none. */
    private Component component(PsaMessage m, int[] status) {
        if (m.inSize(0) != FwuWire.COMPONENT_SIZE) {
            status[0] = PROGRAMMER_ERROR;
            return null;
        }
        int id = m.read(0)[0] & 0xFF;
        if (id >= components.length) {
            status[0] = PsaStatus.DOES_NOT_EXIST.value();
            return null;
        }
        return components[id];
    }

    private int start(PsaMessage m) throws FlashException {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (!FwuOperation.START.allowedIn(c.state())) {
            return BAD_STATE;
        }
        if (m.inSize(1) != 0) {
            return INVALID_ARGUMENT; // the manifest is bundled in the image (MCUboot's TLVs): none may be given
        }
        FlashArea secondary = slots.slot(c.id).secondary();
        secondary.eraseBackwards(0, secondary.size());
        c.startWriting();
        return SUCCESS;
    }

    private int write(PsaMessage m) throws FlashException {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (m.inSize(1) != FwuWire.OFFSET_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int size = m.inSize(2);
        if (size > FwuWire.MAX_WRITE_SIZE) {
            return INVALID_ARGUMENT;
        }
        if (!FwuOperation.WRITE.allowedIn(c.state())) {
            return BAD_STATE;
        }
        long offset = Integer.toUnsignedLong(le32(m.read(1)));
        FwuSlots.Slot s = slots.slot(c.id);
        if (size == 0 || offset + size > s.maxImageSize()) {
            return INVALID_ARGUMENT;
        }
        if (!program(s.secondary(), offset, m.read(2))) {
            return INVALID_ARGUMENT;
        }
        c.wrote(offset + size);
        return SUCCESS;
    }

    /**
     * Programs {@code block} at any offset: the program units it touches are read, the block laid over them, and
     * written in one program. Rewriting bytes with the same values is harmless (a resumed download); rewriting them
     * with other values would need an erase, and is refused (false).
     */
    private static boolean program(FlashArea area, long offset, byte[] block) throws FlashException {
        int unit = area.align();
        long first = offset / unit * unit;
        long end = (offset + block.length + unit - 1) / unit * unit;
        byte[] now = area.read(first, (int) (end - first));
        byte[] next = now.clone();
        System.arraycopy(block, 0, next, (int) (offset - first), block.length);
        for (int i = 0; i < now.length; i++) {
            if ((next[i] & ~now[i]) != 0) {
                return false;
            }
        }
        if (!Arrays.equals(now, next)) {
            area.write(first, next);
        }
        return true;
    }

    private int finish(PsaMessage m) throws FlashException {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (!FwuOperation.FINISH.allowedIn(c.state())) {
            return BAD_STATE;
        }
        CandidateCheck.Verdict v = CandidateCheck.check(slots.slot(c.id), c.written());
        if (v instanceof CandidateCheck.Verdict.Refused no) {
            LOG.log(Level.INFO, "component " + c.id + ": candidate refused: " + no.reason());
            c.moveTo(FwuState.FAILED, no.status().value());
            return no.status().value();
        }
        CandidateCheck.Verdict.Accepted ok = (CandidateCheck.Verdict.Accepted) v;
        c.becomeCandidate(ok.image(), sha256(ok.bytes()));
        LOG.log(Level.INFO, "component " + c.id + ": candidate " + ok.image().version() + " verified");
        return SUCCESS;
    }

    private int cancel(PsaMessage m) {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (!FwuOperation.CANCEL.allowedIn(c.state())) {
            return BAD_STATE;
        }
        c.moveTo(FwuState.FAILED, SUCCESS);
        return SUCCESS;
    }

    private int clean(PsaMessage m) throws FlashException {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (!FwuOperation.CLEAN.allowedIn(c.state())) {
            return BAD_STATE;
        }
        FlashArea secondary = slots.slot(c.id).secondary();
        secondary.eraseBackwards(0, secondary.size());
        c.reset();
        return SUCCESS;
    }

    // ---- every component in a state ----

    private List<Component> in(FwuState state) {
        List<Component> out = new ArrayList<>();
        for (Component c : components) {
            if (c.state() == state) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Every CANDIDATE together: dependencies first (DEPENDENCY_NEEDED leaves them CANDIDATE), then each secondary
     * slot marked pending for a trial ({@code boot_set_pending_multi(image, 0)}). A flash failure withdraws the marks
     * already made and fails them all.
     */
    private int install() throws FlashException {
        if (!in(FwuState.STAGED).isEmpty() || !in(FwuState.TRIAL).isEmpty() || !in(FwuState.REJECTED).isEmpty()) {
            return BAD_STATE;
        }
        List<Component> candidates = in(FwuState.CANDIDATE);
        if (candidates.isEmpty()) {
            return BAD_STATE;
        }
        for (Component c : candidates) {
            for (ImageDependency d : c.candidate().dependencies()) {
                String unmet = unmet(d);
                if (unmet != null) {
                    LOG.log(Level.INFO, "component " + c.id + ": install refused: " + unmet);
                    return PsaStatus.DEPENDENCY_NEEDED.value();
                }
            }
        }
        List<Component> marked = new ArrayList<>();
        try {
            for (Component c : candidates) {
                ImageTrailer.Mark mark = trailer.setPending(slots.slot(c.id).secondary(), c.id, false);
                if (mark != ImageTrailer.Mark.WRITTEN) {
                    throw new FlashException("the secondary slot of image " + c.id + " could not be marked: " + mark);
                }
                marked.add(c);
            }
        } catch (FlashException e) {
            LOG.log(Level.WARNING, "install failed: " + e.getMessage());
            for (Component c : marked) {
                try {
                    trailer.eraseTrailerSectors(slots.slot(c.id).secondary());
                } catch (FlashException again) {
                    LOG.log(Level.WARNING, "cannot withdraw the mark of image " + c.id + ": " + again.getMessage());
                }
            }
            for (Component c : candidates) {
                c.moveTo(FwuState.FAILED, STORAGE_FAILURE);
            }
            return STORAGE_FAILURE;
        }
        for (Component c : candidates) {
            c.moveTo(FwuState.STAGED, SUCCESS);
        }
        return PsaStatus.SUCCESS_REBOOT.value();
    }

    /**
     * Why dependency {@code d} is not met, or null: by the other component's candidate when it is installed too
     * (that is what its primary slot will hold), else by the running image, build numbers ignored, as BL2 checks.
     */
    private String unmet(ImageDependency d) throws FlashException {
        int id = d.imageId();
        if (id >= components.length) {
            return "it depends on image " + id + ", which this device does not have";
        }
        ImageVersion have;
        if (components[id].state() == FwuState.CANDIDATE) {
            have = components[id].candidate().version();
        } else {
            ImageHeader h = header(slots.slot(id).primary());
            if (h == null) {
                return "it depends on image " + id + ", whose primary slot is empty";
            }
            have = h.version();
        }
        return have.compareIgnoringBuild(d.minVersion()) < 0 ? "it needs image " + id + " at "
                + d.minVersion().toShortString() + " or later, which is at " + have.toShortString() : null;
    }

    /** Every TRIAL component keeps its image: image_ok in its primary trailer ({@code boot_set_confirmed_multi}). */
    private int accept() throws FlashException {
        List<Component> trials = in(FwuState.TRIAL);
        if (trials.isEmpty()) {
            return BAD_STATE;
        }
        for (Component c : trials) {
            if (trailer.setConfirmed(slots.slot(c.id).primary()) == ImageTrailer.Mark.BAD_MAGIC) {
                return STORAGE_FAILURE;
            }
            c.moveTo(FwuState.UPDATED, SUCCESS);
        }
        return SUCCESS;
    }

    /**
     * STAGED components lose their pending mark and fail; TRIAL components are REJECTED and BL2 reverts them at the
     * next boot, because they never confirmed themselves.
     */
    private int reject(PsaMessage m) throws FlashException {
        if (m.inSize(0) != FwuWire.STATUS_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int error = le32(m.read(0));
        List<Component> staged = in(FwuState.STAGED);
        if (!staged.isEmpty()) {
            for (Component c : staged) {
                trailer.eraseTrailerSectors(slots.slot(c.id).secondary());
                c.moveTo(FwuState.FAILED, error);
            }
            return SUCCESS;
        }
        List<Component> trials = in(FwuState.TRIAL);
        if (trials.isEmpty()) {
            return BAD_STATE;
        }
        for (Component c : trials) {
            c.moveTo(FwuState.REJECTED, error);
        }
        return PsaStatus.SUCCESS_REBOOT.value();
    }

    /** {@code tfm_platform_system_reset} through the Platform partition, as client 271. */
    private int requestReboot() {
        int status = platform.call(TfmService.PLATFORM.handle(), PlatformWire.SYSTEM_RESET, null, null);
        return status == 0 ? SUCCESS : PsaStatus.GENERIC_ERROR.value();
    }

    private int query(PsaMessage m) throws FlashException {
        int[] status = new int[1];
        Component c = component(m, status);
        if (c == null) {
            return status[0];
        }
        if (m.outSize(0) != ComponentInfo.SIZE) {
            return PROGRAMMER_ERROR;
        }
        FwuSlots.Slot s = slots.slot(c.id);
        ImageHeader h = header(s.primary());
        FwuImageVersion version = h == null ? FwuImageVersion.NONE : new FwuImageVersion(h.version().major(),
                h.version().minor(), h.version().revision(), h.version().buildNum());
        boolean failed = c.state() == FwuState.FAILED || c.state() == FwuState.REJECTED;
        byte[] digest = c.state() == FwuState.CANDIDATE ? c.digest() : new byte[FwuWire.DIGEST_SIZE];
        m.write(0, new ComponentInfo(c.state(), failed ? c.error() : SUCCESS, version, s.maxImageSize(),
                FwuWire.FLAG_VOLATILE_STAGING, s.primary().offset(), digest).encode());
        return SUCCESS;
    }

    // ---- helpers ----

    /** The slot's image header, or null when the slot holds no image. */
    private static ImageHeader header(FlashArea area) throws FlashException {
        byte[] b = area.read(0, ImageHeader.SIZE);
        ImageHeader h = ImageHeader.decode(b);
        return h.magic() == ImageHeader.MAGIC ? h : null;
    }

    private static int le32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
