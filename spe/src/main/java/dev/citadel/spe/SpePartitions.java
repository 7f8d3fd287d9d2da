package dev.citadel.spe;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.spm.SecurePartition;
import java.util.List;

/**
 * The secure partitions a device's SPE hosts, TF-M's manifest list. Crypto is here; each other PSA service partition
 * (ITS, PS, Initial Attestation, FWU, Platform) joins this list when it is built; until then its SID answers
 * {@code PSA_VERSION_NONE} and its stateless handle {@code PSA_ERROR_PROGRAMMER_ERROR}, as on a TF-M build that
 * leaves the partition out.
 */
public final class SpePartitions {
    private SpePartitions() {}

    /** Bounds of the Crypto partition's tables that a device may choose; each slot costs memory up front. */
    public static final int MAX_CRYPTO_OPERATIONS = 1024;
    public static final int MAX_CRYPTO_KEY_SLOTS = 4096;

    /** The partitions with TF-M's default table sizes (8 multi-part operations, 32 key slots). */
    public static List<SecurePartition> forDevice(DeviceDirectory device) {
        return List.of(new CryptoPartition());
    }

    /**
     * @param cryptoOperations multi-part crypto operations open at once, 1..{@value #MAX_CRYPTO_OPERATIONS}
     * @param cryptoKeySlots keys in memory at once, 1..{@value #MAX_CRYPTO_KEY_SLOTS}
     * @throws IllegalArgumentException outside those bounds
     */
    public static List<SecurePartition> forDevice(DeviceDirectory device, int cryptoOperations, int cryptoKeySlots) {
        if (cryptoOperations < 1 || cryptoOperations > MAX_CRYPTO_OPERATIONS || cryptoKeySlots < 1
                || cryptoKeySlots > MAX_CRYPTO_KEY_SLOTS) {
            throw new IllegalArgumentException("crypto table sizes out of range: " + cryptoOperations + ", "
                    + cryptoKeySlots);
        }
        return List.of(new CryptoPartition(cryptoOperations, cryptoKeySlots));
    }
}
