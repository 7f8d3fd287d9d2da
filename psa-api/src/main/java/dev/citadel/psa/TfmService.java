package dev.citadel.psa;

/**
 * TF-M's six RoT services: SID, version, stateless handle and hosting partition ({@code reference/tfm.md} §2.1).
 * All are stateless, STRICT, version 1 and open to non-secure clients.
 */
public enum TfmService {
    CRYPTO("TFM_CRYPTO", 0x80, 1, PartitionIds.CRYPTO),
    PROTECTED_STORAGE("TFM_PROTECTED_STORAGE_SERVICE", 0x60, 2, PartitionIds.PROTECTED_STORAGE),
    INTERNAL_TRUSTED_STORAGE("TFM_INTERNAL_TRUSTED_STORAGE_SERVICE", 0x70, 3, PartitionIds.INTERNAL_TRUSTED_STORAGE),
    ATTESTATION("TFM_ATTESTATION_SERVICE", 0x20, 4, PartitionIds.INITIAL_ATTESTATION),
    FIRMWARE_UPDATE("TFM_FIRMWARE_UPDATE_SERVICE", 0xA0, 5, PartitionIds.FIRMWARE_UPDATE),
    PLATFORM("TFM_PLATFORM_SERVICE", 0x40, 6, PartitionIds.PLATFORM);

    public static final int VERSION = 1;

    private final String serviceName;
    private final int sid;
    private final int statelessHandle;
    private final int partitionId;

    TfmService(String serviceName, int sid, int statelessHandle, int partitionId) {
        this.serviceName = serviceName;
        this.sid = sid;
        this.statelessHandle = statelessHandle;
        this.partitionId = partitionId;
    }

    /** The manifest name, for example {@code TFM_CRYPTO}. */
    public String serviceName() {
        return serviceName;
    }

    public int sid() {
        return sid;
    }

    public int version() {
        return VERSION;
    }

    /** The manifest's {@code stateless_handle} value (1..6). */
    public int statelessIndex() {
        return statelessHandle;
    }

    /** The handle clients pass to {@code psa_call}, for example {@code 0x40000100} for Crypto. */
    public int handle() {
        return StatelessHandle.encode(statelessHandle, VERSION);
    }

    public int partitionId() {
        return partitionId;
    }
}
