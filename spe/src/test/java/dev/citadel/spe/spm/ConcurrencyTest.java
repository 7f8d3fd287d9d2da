package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.NsGateway;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each partition serves one message at a time; different partitions serve in parallel. */
class ConcurrencyTest {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int THREADS = 8;
    private static final int CALLS = 50;
    /** A safety net against a hung build; far above anything the tests need. */
    private static final long GUARD_SECONDS = 60;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A service that notices when another message of the same partition is inside it. */
    private static final class Occupancy {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();

        int serve() {
            inside.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inside.get() != 1) {
                overlaps.incrementAndGet();
            }
            inside.decrementAndGet();
            served.incrementAndGet();
            return SUCCESS;
        }
    }

    /** Runs {@code THREADS} × {@code CALLS} calls, each thread through its own session; returns every status. */
    private List<Integer> hammer(Spm spm, int... handles) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            futures.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                try (NsGateway ns = spm.openSession(NsAgent.trustZone())) {
                    go.await();
                    for (int i = 0; i < CALLS; i++) {
                        int handle = handles[(first + i) % handles.length];
                        statuses.add(ns.call(-1, handle, 0, null, null));
                    }
                }
                return statuses;
            }));
        }
        go.countDown();
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : futures) {
            all.addAll(f.get(GUARD_SECONDS, TimeUnit.SECONDS));
        }
        return all;
    }

    @Test
    void aPartitionNeverServesTwoMessagesAtOnce() throws Exception {
        Occupancy occupancy = new Occupancy();
        TestPartition p = TestPartition.of("SERIAL", 700, TestPartition.stateless("SERIAL_SVC", 0xF400, 1))
                .serving((s, m) -> occupancy.serve());
        Spm spm = Spm.builder().log(line -> {}).partition(p).build();
        spm.start();

        List<Integer> statuses = hammer(spm, StatelessHandle.encode(1, 1));

        assertThat(statuses).hasSize(THREADS * CALLS).containsOnly(SUCCESS);
        assertThat(occupancy.served).hasValue(THREADS * CALLS);
        assertThat(occupancy.overlaps).hasValue(0);
    }

    @Test
    void twoServicesOfOnePartitionNeverRunAtOnce() throws Exception {
        Occupancy occupancy = new Occupancy();
        TestPartition p = TestPartition.of(
                        "SERIAL",
                        700,
                        TestPartition.stateless("SERIAL_ONE", 0xF400, 1),
                        TestPartition.stateless("SERIAL_TWO", 0xF401, 2))
                .serving((s, m) -> occupancy.serve());
        Spm spm = Spm.builder().log(line -> {}).partition(p).build();
        spm.start();

        List<Integer> statuses = hammer(spm, StatelessHandle.encode(1, 1), StatelessHandle.encode(2, 1));

        assertThat(statuses).containsOnly(SUCCESS);
        assertThat(occupancy.overlaps).hasValue(0);
    }

    @Test
    void differentPartitionsServeAtTheSameTime() throws Exception {
        // Each service waits until the other one is running: both succeed only if they run in parallel.
        CountDownLatch aEntered = new CountDownLatch(1);
        CountDownLatch bEntered = new CountDownLatch(1);
        TestPartition a = TestPartition.of("PAR_A", 701, TestPartition.stateless("PAR_A_SVC", 0xF410, 1))
                .serving((s, m) -> meet(aEntered, bEntered));
        TestPartition b = TestPartition.of("PAR_B", 702, TestPartition.stateless("PAR_B_SVC", 0xF411, 2))
                .serving((s, m) -> meet(bEntered, aEntered));
        Spm spm = Spm.builder().log(line -> {}).partition(a).partition(b).build();
        spm.start();

        Future<Integer> callA = pool.submit(() -> callOnce(spm, StatelessHandle.encode(1, 1)));
        Future<Integer> callB = pool.submit(() -> callOnce(spm, StatelessHandle.encode(2, 1)));

        assertThat(callA.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(SUCCESS);
        assertThat(callB.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(SUCCESS);
    }

    private static int meet(CountDownLatch mine, CountDownLatch other) {
        mine.countDown();
        try {
            return other.await(20, TimeUnit.SECONDS) ? SUCCESS : PsaStatus.GENERIC_ERROR.value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PsaStatus.GENERIC_ERROR.value();
        }
    }

    private static int callOnce(Spm spm, int handle) {
        try (NsGateway ns = spm.openSession(NsAgent.trustZone())) {
            return ns.call(-1, handle, 0, null, null);
        }
    }
}
