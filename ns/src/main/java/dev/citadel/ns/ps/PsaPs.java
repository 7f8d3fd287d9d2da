package dev.citadel.ns.ps;

import dev.citadel.ns.storage.StorageCalls;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.storage.StorageWire;

/**
 * The PSA Protected Storage API 1.0 ({@code psa/protected_storage.h}), marshalled as TF-M's {@code tfm_ps_api.c}
 * does onto the stateless handle {@code 0x40000101}. Objects are encrypted and authenticated by the SPE and guarded
 * against rollback; each client sees only its own uids.
 */
public final class PsaPs {
    /** {@code PSA_STORAGE_FLAG_NONE}. */
    public static final int FLAG_NONE = StorageWire.FLAG_NONE;
    /** {@code PSA_STORAGE_FLAG_WRITE_ONCE}. */
    public static final int FLAG_WRITE_ONCE = StorageWire.FLAG_WRITE_ONCE;
    /** {@code PSA_STORAGE_FLAG_NO_CONFIDENTIALITY}. */
    public static final int FLAG_NO_CONFIDENTIALITY = StorageWire.FLAG_NO_CONFIDENTIALITY;
    /** {@code PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION}. */
    public static final int FLAG_NO_REPLAY_PROTECTION = StorageWire.FLAG_NO_REPLAY_PROTECTION;
    /** {@code PSA_STORAGE_SUPPORT_SET_EXTENDED}. */
    public static final int SUPPORT_SET_EXTENDED = StorageWire.SUPPORT_SET_EXTENDED;

    private final StorageCalls calls;

    /** PS calls through {@code client}, as its client ID. */
    public PsaPs(PsaClient client) {
        this.calls = new StorageCalls(client, TfmService.PROTECTED_STORAGE.handle());
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
        calls.set(uid, data, createFlags);
    }

    /**
     * {@code psa_ps_get}: up to {@code dataSize} bytes from {@code dataOffset}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} (uid 0, offset beyond the size); {@code DOES_NOT_EXIST};
     *     {@code GENERIC_ERROR} (the object fails authentication); {@code DATA_CORRUPT}; {@code STORAGE_FAILURE}
     */
    public byte[] get(long uid, int dataOffset, int dataSize) throws PsaException {
        return calls.get(uid, dataOffset, dataSize);
    }

    /** {@code psa_ps_get_info}; statuses as {@link #get}. */
    public Info getInfo(long uid) throws PsaException {
        int[] info = calls.getInfo(uid);
        return new Info(info[0], info[1], info[2]);
    }

    /** {@code psa_ps_remove}; {@code NOT_PERMITTED} for a write-once uid, otherwise statuses as {@link #get}. */
    public void remove(long uid) throws PsaException {
        calls.remove(uid);
    }

    /** {@code psa_ps_get_support}: the optional features served; 0 here, as in TF-M. Returns 0 if the call fails. */
    public int getSupport() {
        return calls.getSupport();
    }

    /** {@code psa_ps_create}: TF-M's client answers without calling. */
    public void create(long uid, int capacity, int createFlags) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED, "psa_ps_create is not supported");
    }

    /** {@code psa_ps_set_extended}: TF-M's client answers without calling. */
    public void setExtended(long uid, int dataOffset, byte[] data) throws PsaException {
        throw new PsaException(PsaStatus.NOT_SUPPORTED, "psa_ps_set_extended is not supported");
    }
}
