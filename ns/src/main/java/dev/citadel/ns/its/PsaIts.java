package dev.citadel.ns.its;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The PSA Internal Trusted Storage API 1.0 over a {@link PsaClient}, marshalled as TF-M's
 * {@code interface/src/tfm_its_api.c}. Assets are private to the calling client and live in the SPE's internal
 * flash; every update is atomic across power loss.
 */
public final class PsaIts {
    /** {@code PSA_STORAGE_FLAG_NONE}. */
    public static final int FLAG_NONE = 0;
    /** {@code PSA_STORAGE_FLAG_WRITE_ONCE}: the asset can never be changed or removed. */
    public static final int FLAG_WRITE_ONCE = 1;
    /** {@code PSA_STORAGE_FLAG_NO_CONFIDENTIALITY}. */
    public static final int FLAG_NO_CONFIDENTIALITY = 2;
    /** {@code PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION}. */
    public static final int FLAG_NO_REPLAY_PROTECTION = 4;

    static final int SET = 1001;
    static final int GET = 1002;
    static final int GET_INFO = 1003;
    static final int REMOVE = 1004;

    private final PsaClient client;

    /** Calls ITS through {@code client}. */
    public PsaIts(PsaClient client) {
        this.client = client;
    }

    /**
     * What {@code psa_its_get_info} reports.
     *
     * @param capacity allocated size (equal to size in TF-M)
     * @param size current size
     * @param flags create flags
     */
    public record Info(int capacity, int size, int flags) {}

    /**
     * {@code psa_its_set}: creates or replaces asset {@code uid}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} (uid 0, too large), {@code NOT_SUPPORTED} (flags),
     *     {@code NOT_PERMITTED} (write-once asset), {@code INSUFFICIENT_STORAGE}, {@code STORAGE_FAILURE},
     *     {@code DATA_CORRUPT}
     */
    public void set(long uid, byte[] data, int createFlags) throws PsaException {
        InVec[] in = {InVec.of(u64(uid)), InVec.of(data), InVec.of(u32(createFlags))};
        PsaException.check(client.call(TfmService.INTERNAL_TRUSTED_STORAGE.handle(), SET, in, null));
    }

    /**
     * {@code psa_its_get}: up to {@code dataSize} bytes of asset {@code uid} from {@code dataOffset}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code INVALID_ARGUMENT} (uid 0, offset beyond the asset),
     *     {@code STORAGE_FAILURE}, {@code DATA_CORRUPT}
     */
    public byte[] get(long uid, int dataOffset, int dataSize) throws PsaException {
        if (dataOffset < 0 || dataSize < 0) {
            throw new PsaException(PsaStatus.INVALID_ARGUMENT, "negative offset or size");
        }
        OutVec out = OutVec.allocate(dataSize);
        InVec[] in = {InVec.of(u64(uid)), InVec.of(u32(dataOffset))};
        PsaException.check(client.call(TfmService.INTERNAL_TRUSTED_STORAGE.handle(), GET, in, new OutVec[] {out}));
        return Arrays.copyOfRange(out.array(), out.offset(), out.offset() + out.length());
    }

    /**
     * {@code psa_its_get_info}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code INVALID_ARGUMENT} (uid 0), {@code STORAGE_FAILURE}
     */
    public Info getInfo(long uid) throws PsaException {
        OutVec out = OutVec.allocate(12);
        InVec[] in = {InVec.of(u64(uid))};
        PsaException.check(
                client.call(TfmService.INTERNAL_TRUSTED_STORAGE.handle(), GET_INFO, in, new OutVec[] {out}));
        ByteBuffer b = ByteBuffer.wrap(out.array(), out.offset(), 12).order(ByteOrder.LITTLE_ENDIAN);
        return new Info(b.getInt(), b.getInt(), b.getInt());
    }

    /**
     * {@code psa_its_remove}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code NOT_PERMITTED} (write-once), {@code INVALID_ARGUMENT}
     *     (uid 0), {@code STORAGE_FAILURE}
     */
    public void remove(long uid) throws PsaException {
        InVec[] in = {InVec.of(u64(uid))};
        PsaException.check(client.call(TfmService.INTERNAL_TRUSTED_STORAGE.handle(), REMOVE, in, null));
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
