package dev.citadel.psa;

/** TF-M's partition IDs ({@code tools/tfm_manifest_list.yaml}); a secure partition's client ID is its PID. */
public final class PartitionIds {
    private PartitionIds() {}

    /** PIDs below this are reserved for TF-M and its tests ({@code TFM_PID_BASE}). */
    public static final int PID_BASE = 256;

    public static final int PROTECTED_STORAGE = 256;
    public static final int INTERNAL_TRUSTED_STORAGE = 257;
    public static final int CRYPTO = 259;
    public static final int PLATFORM = 260;
    public static final int INITIAL_ATTESTATION = 261;
    public static final int NS_MAILBOX_AGENT = 262;
    public static final int FIRMWARE_UPDATE = 271;
}
