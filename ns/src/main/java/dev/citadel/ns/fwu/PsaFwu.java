package dev.citadel.ns.fwu;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The PSA Firmware Update API 1.0 ({@code psa/update.h}) over a {@link PsaClient}, marshalled as TF-M's
 * {@code interface/src/tfm_fwu_api.c}: every call goes to the FWU service's stateless handle ({@code 0x40000104})
 * with the call type and vectors of {@link FwuWire}.
 *
 * <p>Like the C functions, each method returns the {@code psa_status_t} rather than throwing, because the API's
 * successes include {@code PSA_SUCCESS_REBOOT} (+1) and {@code PSA_SUCCESS_RESTART} (+2). Component 0 is the secure
 * image, 1 the non-secure image. Thread-safe, as the client is.
 */
public final class PsaFwu {
    private final PsaClient client;

    /** @param client the door to the SPE */
    public PsaFwu(PsaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * {@code psa_fwu_query}: the component's state, active version, limits and, in CANDIDATE, the digest of what was
     * written. Decodes {@code info} only on success.
     *
     * @param info receives the 60-byte {@code psa_fwu_component_info_t}; at least 60 bytes
     * @return {@code SUCCESS}; {@code DOES_NOT_EXIST} for an unknown component
     */
    public int query(int component, byte[] info) {
        return client.call(handle(), FwuWire.QUERY, new InVec[] {component(component)},
                new OutVec[] {OutVec.of(info, 0, ComponentInfo.SIZE)});
    }

    /**
     * {@code psa_fwu_query}, decoded.
     *
     * @throws IllegalStateException carrying the status when the query fails
     */
    public ComponentInfo query(int component) {
        byte[] raw = new byte[ComponentInfo.SIZE];
        int status = query(component, raw);
        if (status != 0) {
            throw new IllegalStateException("psa_fwu_query(" + component + ") returned " + status);
        }
        return ComponentInfo.decode(raw);
    }

    /**
     * {@code psa_fwu_start}: READY to WRITING; the secondary slot is erased. The manifest is bundled in the image, so
     * {@code manifest} must be empty (null or zero length).
     *
     * @return {@code SUCCESS}; {@code DOES_NOT_EXIST}; {@code BAD_STATE} unless READY; {@code INVALID_ARGUMENT} for a
     *     manifest
     */
    public int start(int component, byte[] manifest) {
        return client.call(handle(), FwuWire.START, new InVec[] {component(component),
            InVec.of(manifest == null ? new byte[0] : manifest)}, null);
    }

    /**
     * {@code psa_fwu_write}: {@code block} at {@code imageOffset} of the image being written.
     *
     * @return {@code SUCCESS}; {@code DOES_NOT_EXIST}; {@code BAD_STATE} unless WRITING; {@code INVALID_ARGUMENT}
     *     for an empty block, one over {@value FwuWire#MAX_WRITE_SIZE} bytes, one outside the slot, or one that
     *     rewrites bytes already written with other values
     */
    public int write(int component, long imageOffset, byte[] block) {
        return write(component, imageOffset, block, 0, block.length);
    }

    /** {@code psa_fwu_write} of {@code block[off, off + len)}. */
    public int write(int component, long imageOffset, byte[] block, int off, int len) {
        return client.call(handle(), FwuWire.WRITE, new InVec[] {component(component),
            InVec.of(le32((int) imageOffset)), InVec.of(block, off, len)}, null);
    }

    /**
     * {@code psa_fwu_finish}: WRITING to CANDIDATE once the image verifies as BL2 will verify it; otherwise FAILED,
     * with the reason also in {@code info.error}.
     *
     * @return {@code SUCCESS}; {@code BAD_STATE} unless WRITING; {@code INVALID_SIGNATURE} (hash, key or
     *     signature); {@code NOT_PERMITTED} (security counter below the stored one, or none);
     *     {@code INVALID_ARGUMENT} (not an image, or not one that fits or can be measured)
     */
    public int finish(int component) {
        return client.call(handle(), FwuWire.FINISH, new InVec[] {component(component)}, null);
    }

    /** {@code psa_fwu_cancel}: WRITING or CANDIDATE to FAILED. {@code BAD_STATE} otherwise. */
    public int cancel(int component) {
        return client.call(handle(), FwuWire.CANCEL, new InVec[] {component(component)}, null);
    }

    /** {@code psa_fwu_clean}: FAILED or UPDATED to READY, erasing the secondary slot. {@code BAD_STATE} otherwise. */
    public int clean(int component) {
        return client.call(handle(), FwuWire.CLEAN, new InVec[] {component(component)}, null);
    }

    /**
     * {@code psa_fwu_install}: every CANDIDATE is marked for a trial boot and becomes STAGED.
     *
     * @return {@code SUCCESS_REBOOT}; {@code BAD_STATE} (no CANDIDATE, or some STAGED, TRIAL or REJECTED);
     *     {@code DEPENDENCY_NEEDED} (states unchanged); {@code STORAGE_FAILURE} (all candidates FAILED)
     */
    public int install() {
        return client.call(handle(), FwuWire.INSTALL, null, null);
    }

    /**
     * {@code psa_fwu_reject}: STAGED components to FAILED ({@code SUCCESS}), or TRIAL ones to REJECTED
     * ({@code SUCCESS_REBOOT}: the next boot reverts them); {@code error} is kept in {@code info.error}.
     */
    public int reject(int error) {
        return client.call(handle(), FwuWire.REJECT, new InVec[] {InVec.of(le32(error))}, null);
    }

    /** {@code psa_fwu_accept}: every TRIAL component keeps its image and is UPDATED. {@code BAD_STATE} otherwise. */
    public int accept() {
        return client.call(handle(), FwuWire.ACCEPT, null, null);
    }

    /** {@code psa_fwu_request_reboot}: asks the platform for a system reset; the SPE host acts on it. */
    public int requestReboot() {
        return client.call(handle(), FwuWire.REQUEST_REBOOT, null, null);
    }

    private static int handle() {
        return TfmService.FIRMWARE_UPDATE.handle();
    }

    private static InVec component(int component) {
        return InVec.of(new byte[] {(byte) component});
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
