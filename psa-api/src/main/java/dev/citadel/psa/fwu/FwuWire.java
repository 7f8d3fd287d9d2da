package dev.citadel.psa.fwu;

/**
 * The Firmware Update service's wire contract ({@code reference/tfm.md} §2.6; TF-M's {@code tfm_fwu_defs.h},
 * {@code tfm_fwu_api.c} and {@code psa/update.h}): every request goes to {@code TfmService.FIRMWARE_UPDATE}'s
 * stateless handle ({@code 0x40000104}, SID {@code 0xA0}) with one of these call types. Component IDs travel as one
 * byte ({@code psa_fwu_component_t}), offsets as a 4-byte {@code size_t}, statuses as a 4-byte {@code int32_t}, all
 * little-endian.
 *
 * <table>
 * <caption>Requests</caption>
 * <tr><th>type</th><th>in_vec</th><th>out_vec</th></tr>
 * <tr><td>{@link #START}</td><td>component(1), manifest</td><td>–</td></tr>
 * <tr><td>{@link #WRITE}</td><td>component(1), image_offset(4), block</td><td>–</td></tr>
 * <tr><td>{@link #FINISH}, {@link #CANCEL}, {@link #CLEAN}</td><td>component(1)</td><td>–</td></tr>
 * <tr><td>{@link #INSTALL}, {@link #REQUEST_REBOOT}, {@link #ACCEPT}</td><td>–</td><td>–</td></tr>
 * <tr><td>{@link #REJECT}</td><td>error(4)</td><td>–</td></tr>
 * <tr><td>{@link #QUERY}</td><td>component(1)</td><td>{@code psa_fwu_component_info_t} ({@link ComponentInfo})</td></tr>
 * </table>
 */
public final class FwuWire {
    private FwuWire() {}

    /** {@code PSA_FWU_API_VERSION_MAJOR} / {@code _MINOR}. */
    public static final int API_VERSION_MAJOR = 1;
    public static final int API_VERSION_MINOR = 0;

    public static final int START = 1001;
    public static final int WRITE = 1002;
    public static final int FINISH = 1003;
    public static final int CANCEL = 1004;
    public static final int INSTALL = 1005;
    public static final int CLEAN = 1006;
    public static final int REJECT = 1007;
    public static final int REQUEST_REBOOT = 1008;
    public static final int ACCEPT = 1009;
    public static final int QUERY = 1010;

    /** {@code sizeof(psa_fwu_component_t)}. */
    public static final int COMPONENT_SIZE = 1;
    /** {@code size_t image_offset} on the wire. */
    public static final int OFFSET_SIZE = 4;
    /** {@code psa_status_t error} of {@code psa_fwu_reject}. */
    public static final int STATUS_SIZE = 4;

    /** {@code FWU_COMPONENT_ID_SECURE}: image 0. */
    public static final int COMPONENT_SECURE = 0;
    /** {@code FWU_COMPONENT_ID_NONSECURE}: image 1. */
    public static final int COMPONENT_NONSECURE = 1;

    /** {@code PSA_FWU_FLAG_VOLATILE_STAGING}: staging is discarded at reset. */
    public static final int FLAG_VOLATILE_STAGING = 0x1;
    /** {@code PSA_FWU_FLAG_ENCRYPTION}: images for the component must be encrypted. */
    public static final int FLAG_ENCRYPTION = 0x2;

    /**
     * {@code PSA_FWU_MAX_WRITE_SIZE}: the largest block of one {@code psa_fwu_write} (TF-M's
     * {@code TFM_CONFIG_FWU_MAX_WRITE_SIZE}).
     */
    public static final int MAX_WRITE_SIZE = 1024;
    /** {@code TFM_FWU_MAX_DIGEST_SIZE}: the candidate digest in {@code psa_fwu_impl_info_t}. */
    public static final int DIGEST_SIZE = 32;
}
