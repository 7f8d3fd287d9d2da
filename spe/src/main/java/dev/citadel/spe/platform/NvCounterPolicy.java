package dev.citadel.spe.platform;

import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.psa.platform.PlatformWire;
import java.util.Optional;

/**
 * Which counter a caller names and whether it may use it, as TF-M's {@code tfm_plat_ns_counter_idx_to_nv_counter} and
 * {@code tfm_plat_nv_counter_permissions_check} decide: an NS caller names its counters by index (0..2 for
 * {@code NS_0..2}); the PS counters belong to the PS partition alone, the NS counters to NS callers alone, and no
 * service caller may reach the BL2 or BL1 counters, which only the bootloader uses.
 */
final class NvCounterPolicy {
    private NvCounterPolicy() {}

    /** The outcome of a lookup: the counter, or the platform error to reply with. */
    record Lookup(NvCounterId counter, PlatformError error) {
        static Lookup of(NvCounterId counter) {
            return new Lookup(counter, PlatformError.SUCCESS);
        }

        static Lookup refused(PlatformError error) {
            return new Lookup(null, error);
        }

        boolean allowed() {
            return counter != null;
        }
    }

    /**
     * @param clientId the caller's ID
     * @param wireId the {@code counter_id} the caller sent (an unsigned 32-bit value)
     */
    static Lookup lookup(int clientId, int wireId) {
        int id = wireId;
        if (clientId < 0) {
            // TF-M compares the index unsigned: a "negative" index is out of range.
            if (Integer.compareUnsigned(wireId, PlatformWire.NS_COUNTERS - 1) > 0) {
                return Lookup.refused(PlatformError.INVALID_PARAM);
            }
            id = NvCounterId.NS_0.id() + wireId;
        }
        Optional<NvCounterId> counter = counter(id);
        if (counter.isEmpty() || !permitted(clientId, counter.get())) {
            // TF-M's permission check answers UNSUPPORTED, which the service turns into SYSTEM_ERROR.
            return Lookup.refused(PlatformError.SYSTEM_ERROR);
        }
        return Lookup.of(counter.get());
    }

    private static boolean permitted(int clientId, NvCounterId counter) {
        switch (counter) {
            case PS_0:
            case PS_1:
            case PS_2:
                return clientId == PartitionIds.PROTECTED_STORAGE;
            case NS_0:
            case NS_1:
            case NS_2:
                return clientId < 0;
            default:
                return false;
        }
    }

    private static Optional<NvCounterId> counter(int id) {
        for (NvCounterId c : NvCounterId.values()) {
            if (c.id() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
