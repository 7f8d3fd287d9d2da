package dev.citadel.psa.platform;

/**
 * The Platform service's wire contract ({@code reference/tfm.md} §2.7, {@code interface/include/tfm_platform_api.h}):
 * every request goes to {@code TfmService.PLATFORM}'s stateless handle with one of these call types.
 */
public final class PlatformWire {
    private PlatformWire() {}

    /** {@code TFM_PLATFORM_API_ID_NV_READ}: {@code in[0]} = counter id (u32), {@code out[0]} = value (≤ 4 bytes). */
    public static final int NV_READ = 1010;
    /** {@code TFM_PLATFORM_API_ID_NV_INCREMENT}: {@code in[0]} = counter id (u32), no output. */
    public static final int NV_INCREMENT = 1011;
    /** {@code TFM_PLATFORM_API_ID_SYSTEM_RESET}: no vectors. */
    public static final int SYSTEM_RESET = 1012;
    /** {@code TFM_PLATFORM_API_ID_IOCTL}: {@code in[0]} = request (i32), optional {@code in[1]}, optional {@code out[0]}. */
    public static final int IOCTL = 1013;

    /** {@code sizeof(enum tfm_nv_counter_t)}: the counter id is sent as 4 bytes. */
    public static final int NV_COUNTER_ID_SIZE = 4;
    /** {@code NV_COUNTER_SIZE}: a counter value is a little-endian u32. */
    public static final int NV_COUNTER_SIZE = 4;
    /** {@code sizeof(tfm_platform_ioctl_req_t)}. */
    public static final int IOCTL_REQUEST_SIZE = 4;
    /** {@code PLATFORM_SERVICE_INPUT_BUFFER_SIZE}: the largest IOCTL input. */
    public static final int IOCTL_INPUT_MAX = 64;
    /** {@code PLATFORM_SERVICE_OUTPUT_BUFFER_SIZE}: the largest IOCTL output. */
    public static final int IOCTL_OUTPUT_MAX = 64;
    /** The number of NS counters: an NS caller names them by index 0..2 ({@code PLAT_NV_COUNTER_NS_0..2}). */
    public static final int NS_COUNTERS = 3;
}
