package dev.citadel.hal.flash;

/**
 * Power was cut during or right after a program or erase (see {@link FaultPlan}). Every later operation on a device
 * sharing the same {@link PowerRail} throws this too, until {@link PowerRail#reboot()}.
 */
public final class PowerCut extends FlashException {
    private static final long serialVersionUID = 1L;

    public PowerCut(String message) {
        super(message);
    }
}
