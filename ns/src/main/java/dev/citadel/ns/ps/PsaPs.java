package dev.citadel.ns.ps;

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
 * The PSA Protected Storage API 1.0 ({@code psa/protected_storage.h}), marshalled as TF-M's {@code tfm_ps_api.c}
 * does onto the stateless handle {@code 0x40000101}. Objects are encrypted and authenticated by the SPE and guarded
 * against rollback; each client sees only its own uids.
 */
public final class PsaPs {
    /** {@code PSA_STORAGE_FLAG_NONE}. */
    public static final int FLAG_NONE = 0;
    /** {@code PSA_STORAGE_FLAG_WRITE_ONCE}. */
    public static final int FLAG_WRITE_ONCE = 1;
    /** {@code PSA_STORAGE_FLAG_NO_CONFIDENTIALITY}. */
    public static final int FLAG_NO_CONFIDENTIALITY = 2;
    /** {@code PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION}. */
    public static final int FLAG_NO_REPLAY_PROTECTION = 4;
    /** {@code PSA_STORAGE_SUPPORT_SET_EXTENDED}. */
    public static final int SUPPORT_SET_EXTENDED = 1;

    static final int SET = 1001;
    static final int GET = 1002;
    static final int GET_INFO = 1003;
    static final int REMOVE = 1004;
    static final int GET_SUPPORT = 1005;

    private final PsaClient client;

    /** PS calls through {@code client}, as its client ID. */
    public PsaPs(PsaClient client) {
        this.client = client;
    }

    /** {@code struct psa_storage_info_t}. */
    public record Info(int capacity, int size, int flags) {}

    /**
     * {@code psa_ps_set}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} (uid 0, data larger than {@code PS_MAX_ASSET_SIZE});
     *     {@code NOT_SUPPORTED} (unknown flags); {@code NOT_PERMITTED} (write-once uid); {@code INSUFFICIENT_STORAGE};
     *     {@code GENERIC_ERROR} (the stored object fails authentication, or the rollback counter is exhausted);
     *     {@code DATA_CORRUPT} / {@code STORAGE_FAILURE} (the store failed its boot checks or its flash)
     */
    public void set(long uid, byte[] data, int createFlags) throws PsaException {
        InVec[] in = {InVec.of(u64(uid)), InVec.of(data), InVec.of(u32(createFlags))};
        PsaException.check(client.call(TfmService.PROTECTED_STORAGE.handle(), SET, in, null));
    }

    /**
     * {@code psa_ps_get}: up to {@code dataSize} bytes from {@code dataOffset}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} (uid 0, offset beyond the size); {@code DOES_NOT_EXIST};
     *     {@code GENERIC_ERROR} (the object fails authentication); {@code DATA_CORRUPT}; {@code STORAGE_FAILURE}
     */
    public byte[] get(long uid, int dataOffset, int dataSize) throws PsaException {
        if (dataOffset < 0 || dataSize < 0) {
            throw new PsaException(PsaStatus.INVALID_ARGUMENT, "negative offset or size");
        }
        OutVec out = OutVec.allocate(dataSize);
        InVec[] in = {InVec.of(u64(uid)), InVec.of(u32(dataOffset))};
        PsaException.check(client.call(TfmService.PROTECTED_STORAGE.handle(), GET, in, new OutVec[] {out}));
        return Arrays.copyOfRange(out.array(), out.offset(), out.offset() + out.length());
    }

    /** {@code psa_ps_get_info}; statuses as {@link #get}. */
    public Info getInfo(long uid) throws PsaException {
        OutVec out = OutVec.allocate(12);
        InVec[] in = {InVec.of(u64(uid))};
        PsaException.check(client.call(TfmService.PROTECTED_STORAGE.handle(), GET_INFO, in, new OutVec[] {out}));
        ByteBuffer b = ByteBuffer.wrap(out.array(), out.offset(), 12).order(ByteOrder.LITTLE_ENDIAN);
        return new Info(b.getInt(), b.getInt(), b.getInt());
    }

    /** {@code psa_ps_remove}; {@code NOT_PERMITTED} for a write-once uid, otherwise statuses as {@link #get}. */
    public void remove(long uid) throws PsaException {
        InVec[] in = {InVec.of(u64(uid))};
        PsaException.check(client.call(TfmService.PROTECTED_STORAGE.handle(), REMOVE, in, null));
    }

    /** {@code psa_ps_get_support}: the optional features served; 0 here, as in TF-M. Returns 0 if the call fails. */
    public int getSupport() {
        OutVec out = OutVec.allocate(4);
        int status = client.call(TfmService.PROTECTED_STORAGE.handle(), GET_SUPPORT, null, new OutVec[] {out});
        if (status != 0 || out.length() != 4) {
            return 0;
        }
        return ByteBuffer.wrap(out.array(), out.offset(), 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** {@code psa_ps_create}: TF-M's client answers without calling. */
    public void create(long uid, int capacity, int createFlags) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED, "psa_ps_create is not supported");
    }

    /** {@code psa_ps_set_extended}: TF-M's client answers without calling. */
    public void setExtended(long uid, int dataOffset, byte[] data) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED, "psa_ps_set_extended is not supported");
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
