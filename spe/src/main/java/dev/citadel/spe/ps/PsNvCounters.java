package dev.citadel.spe.ps;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.platform.PlatformWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PS's three rollback counters ({@code TFM_PS_NV_COUNTER_1/2/3} = platform counters {@code PS_0/1/2}), read and
 * incremented through the Platform partition as TF-M's {@code ps_nv_counters.c} does. Platform lets only partition
 * 256 use them.
 */
final class PsNvCounters {
    static final int NVC_1 = 0;
    static final int NVC_2 = 1;
    static final int NVC_3 = 2;

    private final PsaClient spm;

    PsNvCounters(PsaClient spm) {
        this.spm = spm;
    }

    /** The counter's value, 0..0xFFFFFFFF; {@code STORAGE_FAILURE} if Platform cannot read it. */
    long read(int counter) throws PsException {
        OutVec out = OutVec.allocate(PlatformWire.NV_COUNTER_SIZE);
        int status = spm.call(TfmService.PLATFORM.handle(), PlatformWire.NV_READ, new InVec[] {InVec.of(le32(counter))},
                new OutVec[] {out});
        if (status != 0 || out.length() != PlatformWire.NV_COUNTER_SIZE) {
            throw new PsException(PsaStatus.STORAGE_FAILURE, "NV counter " + counter + " unreadable: " + status);
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(out.array(), out.offset(), 4).order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
    }

    /** Adds one; {@code GENERIC_ERROR} if Platform refuses (the counter is at its maximum, or its flash failed). */
    void increment(int counter) throws PsException {
        int status = spm.call(TfmService.PLATFORM.handle(), PlatformWire.NV_INCREMENT,
                new InVec[] {InVec.of(le32(counter))}, null);
        if (status != 0) {
            throw new PsException(PsaStatus.GENERIC_ERROR, "NV counter " + counter + " cannot be incremented");
        }
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
