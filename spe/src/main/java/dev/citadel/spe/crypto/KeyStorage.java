package dev.citadel.spe.crypto;

/**
 * Where the Crypto partition keeps persistent key files ({@link KeyFile}), by UID ({@link KeyFile#uid}): the
 * {@code psa_its_*} calls Mbed TLS's {@code psa_crypto_storage.c} makes, under the crypto partition's own client ID.
 * Implementations return PSA statuses, as ITS does; they are called with the partition's lock held. The device's
 * implementation is {@code dev.citadel.spe.its.ItsKeyStorage}; {@link InMemoryKeyStorage} serves partitions built
 * without a device.
 */
public interface KeyStorage {

    /**
     * Writes a new file ({@code psa_its_set} after a {@code get_info} that found none).
     *
     * @return {@code PSA_SUCCESS}, {@code ALREADY_EXISTS} if the UID is taken, or a storage status: on ITS,
     *     {@code DATA_INVALID} for any refused write (a full ITS included), as Mbed TLS reports it; nothing is left
     *     at {@code uid} on failure
     */
    int create(long uid, byte[] file);

    /**
     * The file at {@code uid}.
     *
     * @throws KeyStoreException with {@code DOES_NOT_EXIST} if there is none, or a storage status
     */
    byte[] read(long uid);

    /** Whether a file exists at {@code uid}. */
    boolean exists(long uid);

    /**
     * Removes the file at {@code uid}.
     *
     * @return {@code PSA_SUCCESS}, {@code DOES_NOT_EXIST} (ITS answers {@code PSA_SUCCESS} instead, as Mbed TLS
     *     does), or a storage status
     */
    int remove(long uid);
}
