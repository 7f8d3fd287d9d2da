package dev.citadel.itest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.storage.StorageCalls;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.storage.StorageWire;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many NS clients, each on its own socket connection and client ID, hammer one storage service with mixed set, get,
 * get-info and remove on the same uid numbers. Each keeps its own model and checks every reply against it as it goes;
 * at the end every client's contents are checked again: nothing lost, nothing of another client's visible. A
 * subclass names the service ({@link #spe}, {@link #handle}).
 */
public abstract class StoreConcurrencyTest {
    private static final int CLIENTS = 16;
    private static final int OPERATIONS = 10_000;
    private static final int UIDS = 4; // 16 x 4 fills ITS's 64-asset table exactly
    private static final int MAX_SIZE = 512;

    /** One client's view of a storage service, in the shape of {@code PsaIts} and {@code PsaPs}. */
    public interface Store {
        void set(long uid, byte[] data) throws PsaException;

        byte[] get(long uid, int offset, int size) throws PsaException;

        /** The asset's size, from get_info. */
        int size(long uid) throws PsaException;

        void remove(long uid) throws PsaException;
    }

    /** An SPE serving the store under test over the socket. */
    public interface Spe extends AutoCloseable {
        Dispatcher open(Door door);

        @Override
        void close();

        /** An SPE from its two operations, for test SPE classes that have them. */
        static Spe of(Function<Door, Dispatcher> open, Runnable close) {
            return new Spe() {
                @Override
                public Dispatcher open(Door door) {
                    return open.apply(door);
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
    }

    /** An SPE serving the store under test, with its backing files in {@code dir}. */
    protected abstract Spe spe(Path dir) throws Exception;

    /** The stateless handle of the storage service under test. */
    protected abstract int handle();

    /** The store as {@code client} sees it: TF-M's storage calls, which ITS and PS share. */
    private Store store(PsaClient client) {
        StorageCalls calls = new StorageCalls(client, handle());
        return new Store() {
            @Override
            public void set(long uid, byte[] data) throws PsaException {
                calls.set(uid, data, StorageWire.FLAG_NONE);
            }

            @Override
            public byte[] get(long uid, int offset, int size) throws PsaException {
                return calls.get(uid, offset, size);
            }

            @Override
            public int size(long uid) throws PsaException {
                return calls.getInfo(uid)[1];
            }

            @Override
            public void remove(long uid) throws PsaException {
                calls.remove(uid);
            }
        };
    }

    /** Asset content that names its owner, uid and version, so a foreign or stale asset never passes as ours. */
    private static byte[] content(int client, long uid, int version, int size) {
        byte[] b = new byte[size];
        Random r = new Random(((long) client << 40) ^ (uid << 20) ^ version);
        r.nextBytes(b);
        if (size >= 12) {
            ByteBuffer.wrap(b).putInt(client).putInt((int) uid).putInt(version);
        }
        return b;
    }

    /**
     * Where the backing flash files go: tmpfs when the host has one. This test is about concurrency; durability is what
     * the power-cut and host-crash campaigns prove, and on tmpfs an fsync costs nothing, which keeps 160,000
     * operations to seconds instead of minutes of disk flushes on a shared machine.
     */
    private static Path filesDir(Path tempDir) throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "citadel-store-")
                : tempDir;
    }

    @Test
    void clientsKeepTheirOwnAssetsUnderLoad(@TempDir Path tempDir) throws Exception {
        Path dir = filesDir(tempDir);
        try (Spe spe = spe(dir)) {
            hammer(spe);
        } finally {
            if (!dir.equals(tempDir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private void hammer(Spe spe) throws Exception {
        List<Store> stores = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            stores.add(store(spe.open(Door.SOCKET).asClient(-c)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<Map<Long, byte[]>>> runs = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            int client = c;
            runs.add(pool.submit(() -> run(client, stores.get(client - 1))));
        }
        List<Map<Long, byte[]>> models = new ArrayList<>();
        for (Future<Map<Long, byte[]>> f : runs) {
            models.add(f.get());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        System.out.printf("%s: %d clients x %d operations = %d in %d ms (%.0f ops/s)%n",
                getClass().getSimpleName(), CLIENTS, OPERATIONS, CLIENTS * OPERATIONS, millis,
                CLIENTS * OPERATIONS * 1000.0 / millis);
        for (int c = 1; c <= CLIENTS; c++) {
            Store store = store(spe.open(Door.SOCKET).asClient(-c));
            Map<Long, byte[]> model = models.get(c - 1);
            for (long uid = 1; uid <= UIDS + 1; uid++) {
                byte[] expected = model.get(uid);
                if (expected == null) {
                    assertMissing(store, uid);
                } else {
                    assertThat(store.size(uid)).as("size of client %d uid %d", c, uid).isEqualTo(expected.length);
                    assertThat(store.get(uid, 0, MAX_SIZE)).as("client %d uid %d", c, uid).isEqualTo(expected);
                }
            }
        }
    }

    /** One client's run; returns its model of what it has stored. */
    private static Map<Long, byte[]> run(int client, Store store) throws Exception {
        Random r = new Random(client);
        Map<Long, byte[]> model = new HashMap<>();
        for (int i = 0; i < OPERATIONS; i++) {
            long uid = 1 + r.nextInt(UIDS);
            byte[] expected = model.get(uid);
            int kind = r.nextInt(20);
            if (kind < 7) { // set
                byte[] data = content(client, uid, i, 1 + r.nextInt(MAX_SIZE));
                store.set(uid, data);
                model.put(uid, data);
            } else if (kind < 16) { // get, of the whole asset or a part
                if (expected == null) {
                    assertStatus(() -> store.get(uid, 0, 1), PsaStatus.DOES_NOT_EXIST);
                } else {
                    int offset = kind < 12 ? 0 : r.nextInt(expected.length);
                    int size = kind < 12 ? expected.length : r.nextInt(expected.length - offset + 1);
                    byte[] got = store.get(uid, offset, size);
                    assertThat(got).as("client %d uid %d op %d", client, uid, i)
                            .isEqualTo(java.util.Arrays.copyOfRange(expected, offset, offset + size));
                }
            } else if (kind < 18) { // get_info
                if (expected == null) {
                    assertMissing(store, uid);
                } else {
                    assertThat(store.size(uid)).as("client %d uid %d op %d", client, uid, i)
                            .isEqualTo(expected.length);
                }
            } else { // remove
                if (expected == null) {
                    assertStatus(() -> store.remove(uid), PsaStatus.DOES_NOT_EXIST);
                } else {
                    store.remove(uid);
                    model.remove(uid);
                }
            }
        }
        return model;
    }

    private static void assertMissing(Store store, long uid) {
        assertStatus(() -> store.size(uid), PsaStatus.DOES_NOT_EXIST);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertStatus(Call call, PsaStatus status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PsaException.class,
                e -> assertThat(e.psaStatus()).isEqualTo(status));
    }
}
