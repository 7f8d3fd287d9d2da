package dev.citadel.boot.bl2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every row of MCUboot's swap table (mcuboot.md §2.3), the fall-through, and first match winning. */
class SwapTableTest {
    private static SwapState st(BootMagic m, BootFlag imageOk, BootFlag copyDone) {
        return new SwapState(m, SwapType.NONE, 0, copyDone, imageOk);
    }

    private static final SwapState ERASED = SwapState.ERASED;

    @Test
    void rowIISecondaryGoodImageOkUnsetIsTest() {
        for (BootMagic pm : BootMagic.values()) {
            for (BootFlag f : BootFlag.values()) {
                assertThat(SwapTable.decide(st(pm, f, f), st(BootMagic.GOOD, BootFlag.UNSET, f)))
                        .isEqualTo(SwapType.TEST);
            }
        }
    }

    @Test
    void rowIIISecondaryGoodImageOkSetIsPerm() {
        assertThat(SwapTable.decide(ERASED, st(BootMagic.GOOD, BootFlag.SET, BootFlag.UNSET)))
                .isEqualTo(SwapType.PERM);
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.SET, BootFlag.SET),
                st(BootMagic.GOOD, BootFlag.SET, BootFlag.SET))).isEqualTo(SwapType.PERM);
    }

    @Test
    void rowIVPrimaryGoodCopyDoneSetImageOkUnsetIsRevert() {
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.UNSET, BootFlag.SET), ERASED))
                .isEqualTo(SwapType.REVERT);
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.UNSET, BootFlag.SET),
                st(BootMagic.BAD, BootFlag.UNSET, BootFlag.UNSET))).isEqualTo(SwapType.REVERT);
    }

    @Test
    void anUpgradeWaitingInTheSecondaryWinsOverARevert() {
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.UNSET, BootFlag.SET),
                st(BootMagic.GOOD, BootFlag.UNSET, BootFlag.UNSET))).isEqualTo(SwapType.TEST);
    }

    @Test
    void everythingElseIsNone() {
        assertThat(SwapTable.decide(ERASED, ERASED)).isEqualTo(SwapType.NONE);
        // confirmed, or never swapped, or copy_done unset, or a bad secondary magic or image_ok
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.SET, BootFlag.SET), ERASED)).isEqualTo(SwapType.NONE);
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.UNSET, BootFlag.UNSET), ERASED))
                .isEqualTo(SwapType.NONE);
        assertThat(SwapTable.decide(st(BootMagic.UNSET, BootFlag.UNSET, BootFlag.SET), ERASED))
                .isEqualTo(SwapType.NONE);
        assertThat(SwapTable.decide(ERASED, st(BootMagic.BAD, BootFlag.SET, BootFlag.UNSET)))
                .isEqualTo(SwapType.NONE);
        assertThat(SwapTable.decide(ERASED, st(BootMagic.GOOD, BootFlag.BAD, BootFlag.UNSET)))
                .isEqualTo(SwapType.NONE);
        assertThat(SwapTable.decide(st(BootMagic.GOOD, BootFlag.BAD, BootFlag.SET), ERASED))
                .isEqualTo(SwapType.NONE);
    }
}
