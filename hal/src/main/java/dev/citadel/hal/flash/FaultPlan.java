package dev.citadel.hal.flash;

/**
 * When a {@link PowerRail} cuts power: at the {@code cutAt}-th program or erase (counted from 1 since the last
 * {@link PowerRail#arm arm}), either after that operation completed ({@code torn == false}) or in its middle
 * ({@code torn == true}, a seeded random part of it reaches the medium, which may be none of it or all of it).
 *
 * @param cutAt the operation that cuts power, 1-based; 0 means never
 * @param torn whether that operation is torn
 * @param seed seeds what a torn operation leaves behind, so a run can be replayed
 */
public record FaultPlan(long cutAt, boolean torn, long seed) {

    /** Validates the plan. */
    public FaultPlan {
        if (cutAt < 0) {
            throw new IllegalArgumentException("cutAt must be >= 0: " + cutAt);
        }
    }

    /** Power never fails; operations are still counted. */
    public static FaultPlan never() {
        return new FaultPlan(0, false, 0);
    }

    /** The {@code n}-th operation completes, then power fails before it returns. */
    public static FaultPlan cutAfter(long n) {
        return new FaultPlan(requirePositive(n), false, 0);
    }

    /** Power fails in the middle of the {@code n}-th operation. */
    public static FaultPlan tornAt(long n, long seed) {
        return new FaultPlan(requirePositive(n), true, seed);
    }

    private static long requirePositive(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("operations are counted from 1: " + n);
        }
        return n;
    }
}
