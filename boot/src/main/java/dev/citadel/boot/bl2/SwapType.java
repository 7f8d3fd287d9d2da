package dev.citadel.boot.bl2;

/** MCUboot's {@code BOOT_SWAP_TYPE_*}, with their codes (the low nibble of swap_info). */
public enum SwapType {
    /** Boot the primary slot as it is. */
    NONE(1),
    /** Swap in the secondary image for one trial boot; revert unless it confirms itself. */
    TEST(2),
    /** Swap in the secondary image for good. */
    PERM(3),
    /** Swap the unconfirmed image back out. */
    REVERT(4),
    /** The secondary image failed validation; boot the primary and keep it. */
    FAIL(5),
    /** Unrecoverable. */
    PANIC(0xFF);

    private final int code;

    SwapType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** TEST or PERM: the secondary image is to be installed ({@code BOOT_IS_UPGRADE}). */
    public boolean isUpgrade() {
        return this == TEST || this == PERM;
    }

    /** Whether a swap runs: an upgrade or a revert. */
    public boolean moves() {
        return isUpgrade() || this == REVERT;
    }

    /** The type stored in swap_info; any other code reads as NONE, as {@code boot_read_swap_state} does. */
    static SwapType fromStored(int code) {
        for (SwapType t : new SwapType[] {NONE, TEST, PERM, REVERT}) {
            if (t.code == code) {
                return t;
            }
        }
        return NONE;
    }
}
