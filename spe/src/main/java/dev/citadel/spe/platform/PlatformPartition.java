package dev.citadel.spe.platform;

import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.psa.platform.PlatformWire;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionModel;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * TF-M's Platform partition ({@code TFM_SP_PLATFORM}, PID 260, {@code secure_fw/partitions/platform/platform_sp.c}):
 * the stateless {@code TFM_PLATFORM_SERVICE} (SID {@code 0x40}, handle {@code 0x40000105}) with TF-M's four requests
 * ({@link PlatformWire}): NV counter read and increment, system reset and IOCTL.
 *
 * <p>Replies are TF-M's: the NV counter and reset requests answer positive {@code tfm_platform_err_t} values
 * ({@link PlatformError}); IOCTL answers PSA statuses for malformed vectors and otherwise the platform's result,
 * which is {@code NOT_SUPPORTED} for every request since this platform defines none; an unknown call type answers
 * {@code PSA_ERROR_NOT_SUPPORTED}. Which caller may use which counter is {@link NvCounterPolicy}.
 */
public final class PlatformPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST = PartitionManifest.builder("TFM_SP_PLATFORM", PartitionIds.PLATFORM)
            .type(PartitionType.PSA_ROT)
            .model(PartitionModel.SFN)
            .service(ServiceManifest.stateless(
                    TfmService.PLATFORM.serviceName(),
                    TfmService.PLATFORM.sid(),
                    TfmService.PLATFORM.version(),
                    VersionPolicy.STRICT,
                    TfmService.PLATFORM.statelessIndex(),
                    true))
            .build();

    private static final int SYSTEM_ERROR = PlatformError.SYSTEM_ERROR.value();

    private final NvCounters counters;
    private final SystemResetHandler resetHandler;

    /**
     * @param counters the device's NV counters; this partition becomes their only user while the SPE runs
     * @param resetHandler told of every system reset request
     */
    public PlatformPartition(NvCounters counters, SystemResetHandler resetHandler) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.resetHandler = Objects.requireNonNull(resetHandler, "resetHandler");
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        switch (m.type()) {
            case PlatformWire.NV_READ:
                return nvRead(m);
            case PlatformWire.NV_INCREMENT:
                return nvIncrement(m);
            case PlatformWire.SYSTEM_RESET:
                resetHandler.resetRequested(m.clientId());
                return PlatformError.SUCCESS.value();
            case PlatformWire.IOCTL:
                return ioctl(m);
            default:
                return PsaStatus.NOT_SUPPORTED.value();
        }
    }

    private int nvRead(PsaMessage m) {
        if (m.inSize(0) != PlatformWire.NV_COUNTER_ID_SIZE || m.outSize(0) > PlatformWire.NV_COUNTER_SIZE
                || usedVectors(m, true) != 1 || usedVectors(m, false) != 1) {
            return SYSTEM_ERROR;
        }
        NvCounterPolicy.Lookup lookup = NvCounterPolicy.lookup(m.clientId(), readCounterId(m));
        if (!lookup.allowed()) {
            return lookup.error().value();
        }
        // The platform's read takes exactly a whole counter; a shorter buffer is a system error, as in TF-M.
        if (m.outSize(0) != PlatformWire.NV_COUNTER_SIZE) {
            return SYSTEM_ERROR;
        }
        m.write(0, le32((int) counters.read(lookup.counter())));
        return PlatformError.SUCCESS.value();
    }

    private int nvIncrement(PsaMessage m) {
        if (m.inSize(0) != PlatformWire.NV_COUNTER_ID_SIZE
                || usedVectors(m, true) != 1 || usedVectors(m, false) != 0) {
            return SYSTEM_ERROR;
        }
        NvCounterPolicy.Lookup lookup = NvCounterPolicy.lookup(m.clientId(), readCounterId(m));
        if (!lookup.allowed()) {
            return lookup.error().value();
        }
        try {
            counters.increment(lookup.counter());
            return PlatformError.SUCCESS.value();
        } catch (NvCounterException | FlashException e) {
            return SYSTEM_ERROR; // at its maximum, or the counter flash failed: the counter is unchanged
        }
    }

    private static int ioctl(PsaMessage m) {
        int inLen = usedVectors(m, true);
        int outLen = usedVectors(m, false);
        if (inLen < 1 || inLen > 2 || outLen > 1) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        byte[] request = new byte[PlatformWire.IOCTL_REQUEST_SIZE];
        if (m.read(0, request, 0, request.length) != request.length) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        if (inLen > 1 && m.inSize(1) > PlatformWire.IOCTL_INPUT_MAX) {
            return PsaStatus.BUFFER_TOO_SMALL.value();
        }
        if (outLen > 0 && m.outSize(0) > PlatformWire.IOCTL_OUTPUT_MAX) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        // This platform serves no IOCTL request. TF-M still copies its (zeroed) output buffer back to the caller.
        if (outLen > 0) {
            m.write(0, new byte[m.outSize(0)]);
        }
        return PlatformError.NOT_SUPPORTED.value();
    }

    /** The number of vectors up to the last non-empty one, as TF-M counts {@code in_len} and {@code out_len}. */
    private static int usedVectors(PsaMessage m, boolean in) {
        int n = Psa.MAX_IOVEC;
        while (n > 0 && (in ? m.inSize(n - 1) : m.outSize(n - 1)) == 0) {
            n--;
        }
        return n;
    }

    private static int readCounterId(PsaMessage m) {
        byte[] id = new byte[PlatformWire.NV_COUNTER_ID_SIZE];
        m.read(0, id, 0, id.length);
        return ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
