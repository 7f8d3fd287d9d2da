package dev.citadel.spe.ps;

/**
 * Whether the user erased the PS area on purpose. The PS NV counters never go back, so an empty area with NVC1 above
 * 0 is otherwise indistinguishable from an area erased or replaced by its factory-fresh copy, which is refused.
 *
 * @param pending an explicit format is waiting to be honoured
 * @param consume called once the empty store has been created, so the request is honoured once
 */
public record FormatRequest(boolean pending, Runnable consume) {
    /** No request: an empty area is accepted only on a device whose PS counters are still 0. */
    public static final FormatRequest NONE = new FormatRequest(false, () -> { });
}
