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

    public static List<SecurePartition> forDevice(DeviceDirectory device) {
        return List.of(new CryptoPartition());
    }
}
