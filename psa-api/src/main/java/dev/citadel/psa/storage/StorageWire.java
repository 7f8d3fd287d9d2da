package dev.citadel.psa.storage;

/**
 * The wire of TF-M's two storage services, which share it ({@code reference/tfm.md} §2.3, §2.4): the call types of
 * {@code tfm_its_defs.h} and {@code tfm_ps_defs.h}, the vectors' sizes, and the create flags of
 * {@code psa/storage_common.h}. Set: {@code uid(8)}, data, {@code flags(4)}; get: {@code uid(8)}, {@code offset(4)}
 * in, data out; get_info: {@code uid(8)} in, {@code psa_storage_info_t} (12) out; remove: {@code uid(8)}. All
 * little-endian.
 */
public final class StorageWire {
    private StorageWire() {}

    /** {@code TFM_ITS_SET}, {@code TFM_PS_SET}. */
    public static final int SET = 1001;
    /** {@code TFM_ITS_GET}, {@code TFM_PS_GET}. */
    public static final int GET = 1002;
    /** {@code TFM_ITS_GET_INFO}, {@code TFM_PS_GET_INFO}. */
    public static final int GET_INFO = 1003;
    /** {@code TFM_ITS_REMOVE}, {@code TFM_PS_REMOVE}. */
    public static final int REMOVE = 1004;
    /** {@code TFM_PS_GET_SUPPORT} (PS only). */
    public static final int GET_SUPPORT = 1005;

    /** Size of a uid vector ({@code psa_storage_uid_t}). */
    public static final int UID_SIZE = 8;
    /** Size of the flags and offset vectors. */
    public static final int U32_SIZE = 4;
    /** Size of {@code struct psa_storage_info_t}: capacity, size, flags. */
    public static final int INFO_SIZE = 12;

    /** {@code PSA_STORAGE_FLAG_NONE}. */
    public static final int FLAG_NONE = 0;
    /** {@code PSA_STORAGE_FLAG_WRITE_ONCE}: the asset can never be changed or removed. */
    public static final int FLAG_WRITE_ONCE = 1;
    /** {@code PSA_STORAGE_FLAG_NO_CONFIDENTIALITY}. */
    public static final int FLAG_NO_CONFIDENTIALITY = 2;
    /** {@code PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION}. */
    public static final int FLAG_NO_REPLAY_PROTECTION = 4;
    /** Every create flag the services know; others are {@code NOT_SUPPORTED}. */
    public static final int SUPPORTED_FLAGS = FLAG_WRITE_ONCE | FLAG_NO_CONFIDENTIALITY | FLAG_NO_REPLAY_PROTECTION;

    /** {@code PSA_STORAGE_SUPPORT_SET_EXTENDED}. */
    public static final int SUPPORT_SET_EXTENDED = 1;
}
