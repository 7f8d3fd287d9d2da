package dev.citadel.spe.its;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.crypto.KeyStorage;
import dev.citadel.spe.crypto.KeyStoreException;
import java.util.Arrays;

/**
 * The Crypto partition's persistent key files in ITS, as Mbed TLS's {@code psa_crypto_storage.c} keeps them on a
 * TF-M device: each file is an ITS asset of client {@code TFM_SP_CRYPTO} (259) at the key's UID, set with no flags,
 * so it is indistinguishable from an asset that partition set through {@code psa_its_set}.
 *
 * <p>The calls go straight to {@link ItsStorage} with client ID 259, the equivalent of TF-M's secure-side
 * {@code psa_its_*} call from the Crypto partition: the ITS semantics and checks are the same, the SPM's message
 * round trip is skipped. {@code ItsFlashFs} serialises these calls with the ITS partition's own.
 *
 * <p>Statuses follow {@code psa_crypto_storage.c}: a UID counts as present unless {@code get_info} answers
 * {@code DOES_NOT_EXIST}; a failed {@code set} is {@code DATA_INVALID}; a stored size that disagrees after the
 * {@code set} is {@code DATA_INVALID} and the file is removed; a {@code get_info} failure on load passes through
 * ({@code DOES_NOT_EXIST}, {@code STORAGE_FAILURE}, {@code DATA_CORRUPT}), a short or failed {@code get} is
 * {@code DATA_INVALID}; removal of an absent file succeeds and a failed removal is {@code DATA_INVALID}.
 */
public final class ItsKeyStorage implements KeyStorage {
    /** The ITS client ID of the key files: the Crypto partition's. */
    public static final int CLIENT_ID = PartitionIds.CRYPTO;
    /** Mbed TLS stores key files with no create flags. */
    private static final int FLAGS = 0;

    private final ItsStorage its;

    /** Key files in {@code its}, under client {@value #CLIENT_ID}. */
    public ItsKeyStorage(ItsStorage its) {
        this.its = its;
    }

    /**
     * {@code psa_crypto_storage_store}.
     *
     * @return {@code PSA_SUCCESS}; {@code ALREADY_EXISTS} if {@link #exists}; {@code DATA_INVALID} if ITS refused the
     *     set (full table or area, asset too large, flash failure) or stored another size; or the status of the
     *     {@code get_info} that checks the stored size. On failure no file is left at {@code uid}.
     */
    @Override
    public int create(long uid, byte[] file) {
        if (exists(uid)) {
            return PsaStatus.ALREADY_EXISTS.value();
        }
        try {
            its.set(CLIENT_ID, uid, file, FLAGS);
        } catch (ItsException e) {
            // As Mbed TLS: every set failure is DATA_INVALID, and a set that failed left nothing to remove.
            return PsaStatus.DATA_INVALID.value();
        }
        int status;
        try {
            status = its.info(CLIENT_ID, uid).size() == file.length ? PsaStatus.SUCCESS.value()
                    : PsaStatus.DATA_INVALID.value();
        } catch (ItsException e) {
            status = e.status().value();
        }
        if (status != PsaStatus.SUCCESS.value()) {
            removeQuietly(uid);
        }
        return status;
    }

    /**
     * {@code psa_crypto_storage_get_data_length} then {@code psa_crypto_storage_load}.
     *
     * @throws KeyStoreException {@code DOES_NOT_EXIST}, {@code STORAGE_FAILURE} or {@code DATA_CORRUPT} from
     *     {@code get_info}; {@code DATA_INVALID} if the asset cannot be read whole
     */
    @Override
    public byte[] read(long uid) {
        int size;
        try {
            size = its.info(CLIENT_ID, uid).size();
        } catch (ItsException e) {
            throw new KeyStoreException(e.status(), "key file " + Long.toHexString(uid) + ": " + e.getMessage());
        }
        byte[] file;
        try {
            file = its.get(CLIENT_ID, uid, 0, size);
        } catch (ItsException e) {
            throw new KeyStoreException(PsaStatus.DATA_INVALID,
                    "key file " + Long.toHexString(uid) + " unreadable: " + e.getMessage());
        }
        if (file.length != size) {
            Arrays.fill(file, (byte) 0);
            throw new KeyStoreException(PsaStatus.DATA_INVALID, "key file " + Long.toHexString(uid) + " is short");
        }
        return file;
    }

    /** {@code psa_is_key_present_in_storage}: anything but {@code DOES_NOT_EXIST} from {@code get_info} counts. */
    @Override
    public boolean exists(long uid) {
        try {
            its.info(CLIENT_ID, uid);
            return true;
        } catch (ItsException e) {
            return e.status() != PsaStatus.DOES_NOT_EXIST;
        }
    }

    /**
     * {@code psa_destroy_persistent_key}.
     *
     * @return {@code PSA_SUCCESS} (also when there was no file), or {@code DATA_INVALID} if ITS could not remove it
     */
    @Override
    public int remove(long uid) {
        if (!exists(uid)) {
            return PsaStatus.SUCCESS.value();
        }
        try {
            its.remove(CLIENT_ID, uid);
        } catch (ItsException e) {
            return PsaStatus.DATA_INVALID.value();
        }
        return exists(uid) ? PsaStatus.DATA_INVALID.value() : PsaStatus.SUCCESS.value();
    }

    private void removeQuietly(long uid) {
        try {
            its.remove(CLIENT_ID, uid);
        } catch (ItsException ignored) {
            // Already reporting a failure; as in Mbed TLS, nothing more can be done here.
        }
    }
}
