package dev.citadel.boot.bl2;

/**
 * Where a swap stands ({@code struct boot_status}): the step to run next, where its records live, and what the
 * trailer says the swap is. Mutable, and owned by one swap run.
 */
final class BootStatus {
    /** Which area's status records describe an interrupted swap. */
    enum Source { NONE, PRIMARY, SCRATCH }

    /** Swap-using-move's two phases; swap-using-scratch only has the second, but keeps MOVE as its reset value. */
    enum Op { MOVE, SWAP }

    static final int IDX_0 = 1;
    static final int STATE_0 = 1;

    int idx = IDX_0;
    int state = STATE_0;
    Op op = Op.MOVE;
    Source source = Source.NONE;
    SwapType swapType = SwapType.NONE;
    long swapSize;
    /** Swap-using-scratch: the status of the region being swapped lives in the scratch trailer. Never stored. */
    boolean useScratch;

    /** No step of a swap is recorded ({@code boot_status_is_reset}). */
    boolean isReset() {
        return op == Op.MOVE && idx == IDX_0 && state == STATE_0;
    }

    @Override
    public String toString() {
        return "op=" + op + " idx=" + idx + " state=" + state + " source=" + source + " swap_type=" + swapType
                + " swap_size=" + swapSize;
    }
}
