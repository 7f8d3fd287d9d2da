package dev.citadel.spe.spm;

/**
 * Connection handles in TF-M's encoding: {@code (slot << 3) + 1 + generation}, generation cycling 0..7 so that a
 * stale handle of a reused slot is rejected. Always {@code > 0} and {@code < 0x40000000}.
 */
final class ConnectionPool {
    private final Connection[] slots;
    private final int[] nextGeneration;
    private int inUse;

    ConnectionPool(int size) {
        if (size < 1 || size > (1 << 26)) {
            throw new IllegalArgumentException("connection pool size must be 1.." + (1 << 26));
        }
        slots = new Connection[size];
        nextGeneration = new int[size];
    }

    /** A new connection, or {@code null} when every slot is taken. */
    synchronized Connection allocate(ServiceEntry service, int clientId, NsSession session) {
        if (inUse == slots.length) {
            return null;
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                Connection c = new Connection(i, nextGeneration[i], service, clientId, session);
                nextGeneration[i] = (nextGeneration[i] + 1) & 7;
                slots[i] = c;
                inUse++;
                return c;
            }
        }
        throw new AssertionError("pool count out of step");
    }

    /** The live connection for {@code handle}, or {@code null}. */
    synchronized Connection lookup(int handle) {
        if (handle <= 0) {
            return null;
        }
        int slot = (handle - 1) >>> 3;
        int generation = (handle - 1) & 7;
        if (slot >= slots.length) {
            return null;
        }
        Connection c = slots[slot];
        return c != null && c.generation == generation ? c : null;
    }

    synchronized void free(Connection c) {
        if (slots[c.slot] == c) {
            slots[c.slot] = null;
            inUse--;
        }
    }

    synchronized int inUse() {
        return inUse;
    }

    int size() {
        return slots.length;
    }
}
