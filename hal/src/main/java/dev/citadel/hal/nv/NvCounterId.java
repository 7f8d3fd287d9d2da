package dev.citadel.hal.nv;

/**
 * The platform's monotonic counters, with TF-M's ids ({@code platform/include/tfm_plat_nv_counters.h}): three for
 * Protected Storage's rollback protection, four BL2 security counters (one per image), one BL1 counter and three
 * for non-secure clients.
 */
public enum NvCounterId {
    PS_0(0),
    PS_1(1),
    PS_2(2),
    BL2_0(3),
    BL2_1(4),
    BL2_2(5),
    BL2_3(6),
    BL1_0(7),
    NS_0(8),
    NS_1(9),
    NS_2(10);

    private final int id;

    NvCounterId(int id) {
        this.id = id;
    }

    /** TF-M's {@code tfm_nv_counter_t} value. */
    public int id() {
        return id;
    }

    /** The counter with TF-M id {@code id}. */
    public static NvCounterId of(int id) {
        for (NvCounterId c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        throw new IllegalArgumentException("no NV counter with id " + id);
    }
}
