package dev.citadel.boot.bl2;

/**
 * BL2's build-time options, as MCUboot's configuration macros.
 *
 * @param strategy the upgrade mode
 * @param downgradePrevention {@code MCUBOOT_DOWNGRADE_PREVENTION}
 * @param rollbackProtection {@code MCUBOOT_HW_ROLLBACK_PROT}: images need a SEC_CNT not below the stored counter
 * @param maxAlign BOOT_MAX_ALIGN; 0 takes max(8, the flash's write size)
 */
public record Bl2Config(UpgradeStrategy strategy, DowngradePrevention downgradePrevention,
        boolean rollbackProtection, int maxAlign) {

    public Bl2Config {
        if (strategy == null || downgradePrevention == null) {
            throw new IllegalArgumentException("strategy and downgrade prevention are required");
        }
    }

    /** Swap using scratch (the default map has a scratch area), rollback protection on as in TF-M. */
    public static Bl2Config defaults() {
        return new Bl2Config(UpgradeStrategy.SWAP_USING_SCRATCH, DowngradePrevention.OFF, true, 0);
    }

    public Bl2Config withStrategy(UpgradeStrategy s) {
        return new Bl2Config(s, downgradePrevention, rollbackProtection, maxAlign);
    }

    public Bl2Config withDowngradePrevention(DowngradePrevention d) {
        return new Bl2Config(strategy, d, rollbackProtection, maxAlign);
    }
}
