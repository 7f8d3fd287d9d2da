package dev.citadel.ns.its;

import dev.citadel.ns.storage.StorageCalls;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.storage.StorageWire;

/**
 * The PSA Internal Trusted Storage API 1.0 over a {@link PsaClient}, marshalled as TF-M's
 * {@code interface/src/tfm_its_api.c}. Assets are private to the calling client and live in the SPE's internal
 * flash; every update is atomic across power loss.
 */
public final class PsaIts {
    /** {@code PSA_STORAGE_FLAG_NONE}. */
    public static final int FLAG_NONE = StorageWire.FLAG_NONE;
    /** {@code PSA_STORAGE_FLAG_WRITE_ONCE}: the asset can never be changed or removed. */
    public static final int FLAG_WRITE_ONCE = StorageWire.FLAG_WRITE_ONCE;
    /** {@code PSA_STORAGE_FLAG_NO_CONFIDENTIALITY}. */
    public static final int FLAG_NO_CONFIDENTIALITY = StorageWire.FLAG_NO_CONFIDENTIALITY;
    /** {@code PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION}. */
    public static final int FLAG_NO_REPLAY_PROTECTION = StorageWire.FLAG_NO_REPLAY_PROTECTION;

    private final StorageCalls calls;

    /** Calls ITS through {@code client}. */
    public PsaIts(PsaClient client) {
        this.calls = new StorageCalls(client, TfmService.INTERNAL_TRUSTED_STORAGE.handle());
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
        calls.set(uid, data, createFlags);
    }

    /**
     * {@code psa_its_get}: up to {@code dataSize} bytes of asset {@code uid} from {@code dataOffset}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code INVALID_ARGUMENT} (uid 0, offset beyond the asset),
     *     {@code STORAGE_FAILURE}, {@code DATA_CORRUPT}
     */
    public byte[] get(long uid, int dataOffset, int dataSize) throws PsaException {
        return calls.get(uid, dataOffset, dataSize);
    }

    /**
     * {@code psa_its_get_info}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code INVALID_ARGUMENT} (uid 0), {@code STORAGE_FAILURE}
     */
    public Info getInfo(long uid) throws PsaException {
        int[] info = calls.getInfo(uid);
        return new Info(info[0], info[1], info[2]);
    }

    /**
     * {@code psa_its_remove}.
     *
     * @throws PsaException {@code DOES_NOT_EXIST}, {@code NOT_PERMITTED} (write-once), {@code INVALID_ARGUMENT}
     *     (uid 0), {@code STORAGE_FAILURE}
     */
    public void remove(long uid) throws PsaException {
        calls.remove(uid);
    }
}
