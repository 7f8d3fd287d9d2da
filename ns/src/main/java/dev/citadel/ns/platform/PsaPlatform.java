package dev.citadel.ns.platform;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.psa.platform.PlatformWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * TF-M's Platform API ({@code interface/include/tfm_platform_api.h}) over a {@link PsaClient}, marshalled as
 * {@code interface/src/tfm_platform_api.c} does: every call goes to the Platform service's stateless handle with the
 * request's call type ({@link PlatformWire}).
 *
 * <p>Like the C API, every method returns TF-M's {@code enum tfm_platform_err_t} rather than throwing: a negative PSA
 * status from the SPM or the service (for example {@code PSA_ERROR_PROGRAMMER_ERROR} when no Platform partition serves
 * the handle) is reported as {@link PlatformError#SYSTEM_ERROR}. Thread-safe, as the client is.
 */
public final class PsaPlatform {
    private final PsaClient client;

    /** @param client the door to the SPE, acting as the NS client whose counters these are */
    public PsaPlatform(PsaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * {@code tfm_platform_nv_counter_read}: reads NS counter {@code counterId} into {@code val}, whose length is the
     * C {@code size}. The service writes a little-endian u32 and accepts only a 4-byte buffer.
     *
     * @param counterId for an NS caller, the NS counter index 0..2
     * @return {@code SUCCESS}; {@code INVALID_PARAM} for an index above 2; {@code SYSTEM_ERROR} for a buffer that is
     *     not 4 bytes long, a counter the caller may not use, or a failed call
     */
    public PlatformError nvCounterRead(int counterId, byte[] val) {
        Objects.requireNonNull(val, "val");
        return call(PlatformWire.NV_READ, new InVec[] {InVec.of(le32(counterId))}, new OutVec[] {OutVec.of(val)});
    }

    /**
     * {@code tfm_platform_nv_counter_increment}: adds one to NS counter {@code counterId}, durably. Counters never go
     * down.
     *
     * @param counterId for an NS caller, the NS counter index 0..2
     * @return {@code SUCCESS}; {@code INVALID_PARAM} for an index above 2; {@code SYSTEM_ERROR} if the counter is at
     *     {@code 0xFFFFFFFF}, the caller may not use it, or the call failed
     */
    public PlatformError nvCounterIncrement(int counterId) {
        return call(PlatformWire.NV_INCREMENT, new InVec[] {InVec.of(le32(counterId))}, null);
    }

    /**
     * {@code tfm_platform_system_reset}: asks the SPE to reset the system. The SPE host acts on the request after the
     * reply; on success the caller should expect the SPE, and its own session, to go away.
     *
     * @return {@code SUCCESS}, or {@code SYSTEM_ERROR} if the call failed
     */
    public PlatformError systemReset() {
        return call(PlatformWire.SYSTEM_RESET, null, null);
    }

    /**
     * {@code tfm_platform_ioctl}: a platform-specific request, with an optional input (at most 64 bytes) and an
     * optional output (at most 64 bytes).
     *
     * @param input {@code NULL} in C when {@code null}
     * @param output {@code NULL} in C when {@code null}; its length is set to what the service wrote
     * @return the platform's answer ({@code NOT_SUPPORTED} for a request it does not know), or {@code SYSTEM_ERROR}
     *     when the service refused the vectors (an input over 64 bytes, an output over 64 bytes)
     */
    public PlatformError ioctl(int request, InVec input, OutVec output) {
        InVec req = InVec.of(le32(request));
        InVec[] in = input == null ? new InVec[] {req} : new InVec[] {req, input};
        return call(PlatformWire.IOCTL, in, output == null ? null : new OutVec[] {output});
    }

    private PlatformError call(int type, InVec[] in, OutVec[] out) {
        return PlatformError.ofStatus(client.call(TfmService.PLATFORM.handle(), type, in, out));
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** The counter value in a buffer {@link #nvCounterRead} filled: a little-endian u32, as an unsigned long. */
    public static long counterValue(byte[] val) {
        if (val.length != PlatformWire.NV_COUNTER_SIZE) {
            throw new IllegalArgumentException("a counter value is 4 bytes, not " + val.length);
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(val).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }
}
