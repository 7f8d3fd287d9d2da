package dev.citadel.spe.fwu;

import dev.citadel.psa.fwu.FwuState;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one-component operations and the states each may start from (FWU 1.0 §4.2.3, Figure 7); any other state is
 * {@code PSA_ERROR_BAD_STATE} and changes nothing. Install, accept and reject act on every component in their state
 * and are decided in {@link FwuPartition}.
 */
enum FwuOperation {
    START(FwuState.READY),
    WRITE(FwuState.WRITING),
    FINISH(FwuState.WRITING),
    CANCEL(FwuState.WRITING, FwuState.CANDIDATE),
    CLEAN(FwuState.FAILED, FwuState.UPDATED);

    private final Set<FwuState> from;

    FwuOperation(FwuState first, FwuState... rest) {
        this.from = EnumSet.of(first, rest);
    }

    boolean allowedIn(FwuState state) {
        return from.contains(state);
    }
}
