package dev.citadel.hal.flash;

import java.util.Random;

/**
 * The power supply that several fault-injecting devices share, so one count of program and erase operations spans
 * the internal flash, the external flash and the NV counters, as on a real board.
 *
 * <p>A campaign: run the scenario once with {@link FaultPlan#never()} and read {@link #operations()}; then for every
 * {@code n} in 1..that count, restore the starting state, {@link #arm arm} {@code cutAt(n)} (or {@code tornAt}), run
 * the scenario until it throws {@link PowerCut}, {@link #reboot()} and check the state.
 *
 * <p>Not thread-safe: a campaign drives one scenario at a time.
 */
public final class PowerRail {
    private FaultPlan plan = FaultPlan.never();
    private Random random = new Random(0);
    private long operations;
    private boolean down;

    /** Sets the plan and restarts the count. Power is on afterwards. */
    public void arm(FaultPlan plan) {
        this.plan = plan;
        this.random = new Random(plan.seed());
        this.operations = 0;
        this.down = false;
    }

    /** Powers the devices up again with no fault planned; the medium keeps whatever reached it. */
    public void reboot() {
        arm(FaultPlan.never());
    }

    /** Program and erase operations started since the last {@link #arm arm} or {@link #reboot()}. */
    public long operations() {
        return operations;
    }

    /** Whether power is off. */
    public boolean isDown() {
        return down;
    }

    /** What happens to the operation being started. */
    enum Fate {
        COMPLETE,
        COMPLETE_THEN_CUT,
        TORN
    }

    void checkPower() throws PowerCut {
        if (down) {
            throw new PowerCut("power is off (cut at operation " + plan.cutAt() + ")");
        }
    }

    Fate begin() throws PowerCut {
        checkPower();
        operations++;
        if (plan.cutAt() != operations) {
            return Fate.COMPLETE;
        }
        return plan.torn() ? Fate.TORN : Fate.COMPLETE_THEN_CUT;
    }

    PowerCut cut() {
        down = true;
        return new PowerCut("power cut at operation " + operations + (plan.torn() ? " (torn)" : ""));
    }

    Random random() {
        return random;
    }
}
