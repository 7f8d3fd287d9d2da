package dev.citadel.psa.ipc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one process that wait on {@link SpinningChannel}s. A thread polls only while it alone has been busy
 * in the group for a while: when several threads take turns, polling would take the CPU from threads that have work
 * (and a wake-up is paid anyway), so they all sleep; polling resumes once one thread is left for {@link #QUIET_NANOS}.
 */
public final class SpinGroup {
    /** How long other threads must have been quiet before a thread may poll. */
    public static final long QUIET_NANOS = 2_000_000;

    private final AtomicInteger busy = new AtomicInteger();
    private volatile Thread lastActive;
    /** When a thread other than the previous one last became active. */
    private volatile long lastSwitchNanos = System.nanoTime() - QUIET_NANOS;

    /** The calling thread starts work that may wait on a channel of this group. */
    public void enter() {
        busy.incrementAndGet();
        active();
    }

    /** The calling thread finished that work. */
    public void exit() {
        busy.decrementAndGet();
    }

    /** Whether the calling thread may poll now. */
    boolean mayPoll() {
        if (busy.get() > 1) {
            return false;
        }
        return System.nanoTime() - lastSwitchNanos > QUIET_NANOS;
    }

    void sleeping() {
        busy.decrementAndGet();
    }

    void awake() {
        busy.incrementAndGet();
        active();
    }

    private void active() {
        Thread t = Thread.currentThread();
        if (lastActive != t) {
            lastActive = t;
            lastSwitchNanos = System.nanoTime();
        }
    }

    /** Busy threads now; for tests and diagnostics. */
    public int busy() {
        return busy.get();
    }
}
