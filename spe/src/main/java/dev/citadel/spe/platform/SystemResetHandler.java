package dev.citadel.spe.platform;

/**
 * What the SPE host does when a client asks for a system reset ({@code tfm_platform_hal_system_reset}). On a device
 * that call does not return; here the partition records the request through this handler and replies
 * {@code TFM_PLATFORM_ERR_SUCCESS}, and the host decides when and how to restart (for example after the reply has
 * reached the caller).
 */
@FunctionalInterface
public interface SystemResetHandler {

    /**
     * A reset was requested. Called on the partition's thread with its lock held: record the request and return
     * quickly; do not call back into the SPE from here.
     *
     * @param clientId the caller: a partition ID, or a negative NS client ID
     */
    void resetRequested(int clientId);
}
