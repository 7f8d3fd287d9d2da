package dev.citadel.boot.bl2;

import java.util.List;

/**
 * MCUboot's swap-type decision ({@code boot_swap_tables[]}, {@code boot_swap_type_multi}): the rows in order, the
 * first that matches both trailers wins, and no match means NONE. Swap-using-offset's extra first row is not part of
 * it, since Citadel has no swap-using-offset.
 */
public final class SwapTable {

    /** What a row asks of a magic. */
    enum MagicIs {
        GOOD, UNSET, ANY;

        boolean matches(BootMagic m) {
            return this == ANY || (this == GOOD ? m == BootMagic.GOOD : m == BootMagic.UNSET);
        }
    }

    /** What a row asks of a flag. */
    enum FlagIs {
        SET, UNSET, ANY;

        boolean matches(BootFlag f) {
            return this == ANY || (this == SET ? f == BootFlag.SET : f == BootFlag.UNSET);
        }
    }

    /** One row of the table. */
    record Row(String name, MagicIs primaryMagic, MagicIs secondaryMagic, FlagIs primaryImageOk,
            FlagIs secondaryImageOk, FlagIs primaryCopyDone, SwapType result) {

        boolean matches(SwapState primary, SwapState secondary) {
            return primaryMagic.matches(primary.magic()) && secondaryMagic.matches(secondary.magic())
                    && primaryImageOk.matches(primary.imageOk()) && secondaryImageOk.matches(secondary.imageOk())
                    && primaryCopyDone.matches(primary.copyDone());
        }
    }

    /** The table, in MCUboot's order. */
    static final List<Row> ROWS = List.of(
            // an upgrade waits in the secondary slot, for a trial
            new Row("II", MagicIs.ANY, MagicIs.GOOD, FlagIs.ANY, FlagIs.UNSET, FlagIs.ANY, SwapType.TEST),
            // an upgrade waits in the secondary slot, already confirmed
            new Row("III", MagicIs.ANY, MagicIs.GOOD, FlagIs.ANY, FlagIs.SET, FlagIs.ANY, SwapType.PERM),
            // the primary was swapped in for a trial and did not confirm itself
            new Row("IV", MagicIs.GOOD, MagicIs.ANY, FlagIs.UNSET, FlagIs.ANY, FlagIs.SET, SwapType.REVERT));

    private SwapTable() {}

    /** {@code boot_swap_type_multi}: the swap the two trailers ask for. */
    public static SwapType decide(SwapState primary, SwapState secondary) {
        for (Row r : ROWS) {
            if (r.matches(primary, secondary)) {
                return r.result();
            }
        }
        return SwapType.NONE;
    }
}
