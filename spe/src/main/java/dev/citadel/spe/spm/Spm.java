package dev.citadel.spe.spm;

import dev.citadel.psa.InVec;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Secure Partition Manager: hosts partitions and serves the FF-M 1.1 client API with TF-M's rules
 * ({@code reference/tfm.md} §1.5).
 *
 * <p>Concurrency: any number of callers may be in the SPM at once; each partition serves one message at a time (its
 * own lock), so partitions need no locking and different partitions run in parallel. TF-M serialises all NS calls;
 * this keeps its per-partition guarantee without that global lock.
 *
 * <p>Where TF-M panics (halts) the system, the SPM panics only the request: the partition that erred gets a
 * {@link PartitionPanic}, its own caller gets {@code PSA_ERROR_SERVICE_FAILURE}, the event is logged and counted, and
 * the SPE keeps serving.
 */
public final class Spm {
    private static final int OK = PsaStatus.SUCCESS.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int CONNECTION_REFUSED = PsaStatus.CONNECTION_REFUSED.value();
    private static final int CONNECTION_BUSY = PsaStatus.CONNECTION_BUSY.value();
    private static final int SERVICE_FAILURE = PsaStatus.SERVICE_FAILURE.value();
    /** The message handle a stateless service sees (TF-M's SFN local connection uses a fixed value too). */
    static final int STATELESS_MESSAGE_HANDLE = 0x1000;

    private final Map<Integer, ServiceEntry> bySid;
    private final ServiceEntry[] byStatelessIndex = new ServiceEntry[StatelessHandle.MAX_SERVICES];
    private final List<PartitionRuntime> partitions;
    private final ConnectionPool pool;
    private final Consumer<String> log;
    /** NS client ID → the number of live sessions that have served it. Guarded by itself. */
    private final Map<Integer, Integer> nsClientSessions = new HashMap<>();

    private Spm(Builder b) {
        this.log = b.log;
        this.pool = new ConnectionPool(b.connectionPoolSize);
        Map<String, ServiceManifest> byName = new HashMap<>();
        Map<Integer, PartitionManifest> byPid = new HashMap<>();
        Map<Integer, ServiceManifest> sids = new HashMap<>();
        for (SecurePartition p : b.partitions) {
            PartitionManifest m = p.manifest();
            if (byPid.putIfAbsent(m.partitionId(), m) != null) {
                throw new IllegalArgumentException("duplicate partition ID " + m.partitionId() + " (" + m.name() + ")");
            }
            for (ServiceManifest s : m.services()) {
                if (byName.putIfAbsent(s.name(), s) != null) {
                    throw new IllegalArgumentException("duplicate service name " + s.name());
                }
                if (sids.putIfAbsent(s.sid(), s) != null) {
                    throw new IllegalArgumentException("duplicate SID 0x" + Integer.toHexString(s.sid()));
                }
            }
        }
        Map<Integer, PartitionRuntime> runtimes = new LinkedHashMap<>();
        Map<String, Integer> serviceOwner = new HashMap<>();
        for (SecurePartition p : b.partitions) {
            for (ServiceManifest s : p.manifest().services()) {
                serviceOwner.put(s.name(), p.manifest().partitionId());
            }
        }
        for (SecurePartition p : b.partitions) {
            PartitionManifest m = p.manifest();
            Set<Integer> deps = new HashSet<>();
            for (String d : m.dependencies()) {
                ServiceManifest s = byName.get(d);
                if (s == null) {
                    throw new IllegalArgumentException(m.name() + " depends on unknown service " + d);
                }
                if (serviceOwner.get(d) == m.partitionId()) {
                    throw new IllegalArgumentException(m.name() + " depends on its own service " + d);
                }
                deps.add(s.sid());
            }
            runtimes.put(m.partitionId(), new PartitionRuntime(p, deps, this));
        }
        this.bySid = new HashMap<>();
        for (PartitionRuntime r : runtimes.values()) {
            for (ServiceManifest s : r.manifest.services()) {
                ServiceEntry e = new ServiceEntry(s, r);
                bySid.put(s.sid(), e);
                if (!s.connectionBased()) {
                    int index = s.statelessHandle() - 1;
                    if (byStatelessIndex[index] != null) {
                        throw new IllegalArgumentException("stateless_handle " + s.statelessHandle() + " used twice");
                    }
                    byStatelessIndex[index] = e;
                }
            }
        }
        this.partitions = initOrder(runtimes, serviceOwner);
    }

    /** Dependencies first; rejects cycles, which would allow nested calls to deadlock. */
    private static List<PartitionRuntime> initOrder(
            Map<Integer, PartitionRuntime> runtimes, Map<String, Integer> serviceOwner) {
        List<PartitionRuntime> order = new ArrayList<>();
        Map<Integer, Integer> state = new HashMap<>();
        for (PartitionRuntime r : runtimes.values()) {
            visit(r, runtimes, serviceOwner, state, order, new ArrayList<>());
        }
        return List.copyOf(order);
    }

    private static void visit(
            PartitionRuntime r,
            Map<Integer, PartitionRuntime> runtimes,
            Map<String, Integer> serviceOwner,
            Map<Integer, Integer> state,
            List<PartitionRuntime> order,
            List<String> path) {
        int pid = r.manifest.partitionId();
        Integer s = state.get(pid);
        if (s != null && s == 2) {
            return;
        }
        path.add(r.manifest.name());
        if (s != null) {
            throw new IllegalArgumentException("partition dependencies form a cycle: " + String.join(" -> ", path));
        }
        state.put(pid, 1);
        for (String d : r.manifest.dependencies()) {
            visit(runtimes.get(serviceOwner.get(d)), runtimes, serviceOwner, state, order, path);
        }
        state.put(pid, 2);
        path.remove(path.size() - 1);
        order.add(r);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs every partition's {@code entry_init}, dependencies first. */
    public void start() throws SpmStartException {
        for (PartitionRuntime r : partitions) {
            try {
                r.lock.lock();
                try {
                    r.partition.init(r);
                } finally {
                    r.lock.unlock();
                }
            } catch (Exception | PartitionPanic e) {
                throw new SpmStartException("partition " + r.manifest.name() + " failed to start: " + e.getMessage(), e);
            }
        }
    }

    /** A session for one NS agent: the door every non-secure request goes through. */
    public NsGateway openSession(NsAgent agent) {
        return new NsSession(this, agent);
    }

    /** The manifests of the hosted partitions, in init order. */
    public List<PartitionManifest> partitions() {
        return partitions.stream().map(r -> r.manifest).toList();
    }

    /** Connection handles in use, of {@link #connectionPoolSize()}. */
    public int connectionsInUse() {
        return pool.inUse();
    }

    public int connectionPoolSize() {
        return pool.size();
    }

    /** How many requests ended in a panic of this partition since start. */
    public long panics(int partitionId) {
        return partitions.stream()
                .filter(r -> r.manifest.partitionId() == partitionId)
                .mapToLong(r -> r.panics.get())
                .sum();
    }

    int frameworkVersion() {
        return Psa.FRAMEWORK_VERSION;
    }

    int version(Caller c, int sid) {
        ServiceEntry s = bySid.get(sid);
        if (s == null || !authorized(c, s)) {
            return Psa.VERSION_NONE;
        }
        return s.manifest().version();
    }

    int connect(Caller c, int sid, int version) {
        ServiceEntry s = bySid.get(sid);
        if (s == null) {
            return secureCheck(c, CONNECTION_REFUSED, "psa_connect to unknown SID 0x" + Integer.toHexString(sid));
        }
        if (!s.manifest().connectionBased()) {
            return secureCheck(c, PROGRAMMER_ERROR, "psa_connect to stateless service " + s.manifest().name());
        }
        if (!authorized(c, s) || !s.acceptsVersion(version)) {
            return secureCheck(c, CONNECTION_REFUSED, "psa_connect to " + s.manifest().name() + " refused");
        }
        Connection conn = pool.allocate(s, c.clientId(), c.session());
        if (conn == null) {
            return CONNECTION_BUSY;
        }
        int status = deliver(s, conn, Psa.IPC_CONNECT, conn.handle, c.clientId(), null, null);
        if (status == OK) {
            if (c.session() != null && !c.session().opened(conn)) {
                // The session ended while the service accepted: nobody can use or close this handle.
                disconnect(conn);
                return PROGRAMMER_ERROR;
            }
            return conn.handle;
        }
        pool.free(conn);
        if (status == CONNECTION_REFUSED || status == CONNECTION_BUSY) {
            return secureCheck(c, status, s.manifest().name() + " refused the connection");
        }
        if (status != SERVICE_FAILURE) {
            log.accept("partition fault: " + s.manifest().name() + " replied " + PsaStatus.describe(status)
                    + " to a connect; refusing the connection");
        }
        return secureCheck(c, CONNECTION_REFUSED, s.manifest().name() + " failed the connection");
    }

    int call(Caller c, int handle, int type, InVec[] in, OutVec[] out) {
        int inCount = in == null ? 0 : in.length;
        int outCount = out == null ? 0 : out.length;
        if (StatelessHandle.isStateless(handle)) {
            ServiceEntry s = StatelessHandle.isWellFormed(handle)
                    ? byStatelessIndex[StatelessHandle.index(handle)]
                    : null;
            if (s == null) {
                return rejectCall(c, out, PROGRAMMER_ERROR, "no stateless service for handle 0x"
                        + Integer.toHexString(handle));
            }
            if (!authorized(c, s)) {
                return rejectCall(c, out, CONNECTION_REFUSED, "not authorised for " + s.manifest().name());
            }
            if (!s.acceptsVersion(StatelessHandle.version(handle))) {
                return rejectCall(c, out, PROGRAMMER_ERROR, "version policy of " + s.manifest().name());
            }
            int check = checkParams(type, in, inCount, out, outCount);
            if (check != OK) {
                return rejectCall(c, out, check, "bad psa_call parameters");
            }
            return secureCheck(c, deliver(s, null, type, STATELESS_MESSAGE_HANDLE, c.clientId(), in, out), "reply");
        }
        Connection conn = pool.lookup(handle);
        if (conn == null || conn.clientId != c.clientId()) {
            return rejectCall(c, out, PROGRAMMER_ERROR, "invalid handle " + handle);
        }
        if (!conn.busy.compareAndSet(false, true)) {
            return rejectCall(c, out, PROGRAMMER_ERROR, "connection " + handle + " is busy");
        }
        try {
            if (conn.unusable || pool.lookup(handle) != conn) {
                return rejectCall(c, out, PROGRAMMER_ERROR, "connection " + handle + " is unusable");
            }
            int check = checkParams(type, in, inCount, out, outCount);
            if (check != OK) {
                return rejectCall(c, out, check, "bad psa_call parameters");
            }
            int status = deliver(conn.service, conn, type, handle, c.clientId(), in, out);
            if (status == PROGRAMMER_ERROR) {
                conn.unusable = true;
            }
            return secureCheck(c, status, "reply");
        } finally {
            conn.busy.set(false);
        }
    }

    void close(Caller c, int handle) {
        if (handle == Psa.NULL_HANDLE) {
            return;
        }
        Connection conn = StatelessHandle.isStateless(handle) ? null : pool.lookup(handle);
        if (conn == null || conn.clientId != c.clientId() || !conn.busy.compareAndSet(false, true)) {
            // TF-M's NS psa_close returns void, so the error is dropped; a secure caller is panicked.
            secureCheck(c, PROGRAMMER_ERROR, "psa_close of invalid handle " + handle);
            return;
        }
        disconnectHeld(conn);
    }

    /** A session serves NS client {@code clientId} for the first time. */
    void nsClientActive(int clientId) {
        synchronized (nsClientSessions) {
            nsClientSessions.merge(clientId, 1, Integer::sum);
        }
    }

    /**
     * A session that served NS client {@code clientId} has ended; if it was the last, every partition hears that the
     * client is gone. The notices are given while the count is held, so a new session of the same client cannot start
     * a call until the partitions have let go of the old one's state.
     */
    void nsClientInactive(int clientId) {
        synchronized (nsClientSessions) {
            Integer n = nsClientSessions.get(clientId);
            if (n == null) {
                return;
            }
            if (n > 1) {
                nsClientSessions.put(clientId, n - 1);
                return;
            }
            nsClientSessions.remove(clientId);
            for (PartitionRuntime r : partitions) {
                r.lock.lock();
                try {
                    r.partition.clientGone(clientId);
                } catch (RuntimeException | PartitionPanic e) {
                    log.accept("partition " + r.manifest.name() + " failed to release client " + clientId + ": " + e);
                } finally {
                    r.lock.unlock();
                }
            }
        }
    }

    /** Closes a connection whose session ended, once a call in progress on it (by the same client) returns. */
    void disconnect(Connection conn) {
        while (!conn.busy.compareAndSet(false, true)) {
            if (pool.lookup(conn.handle) != conn) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        disconnectHeld(conn);
    }

    private void disconnectHeld(Connection conn) {
        try {
            if (pool.lookup(conn.handle) != conn) {
                return;
            }
            deliver(conn.service, conn, Psa.IPC_DISCONNECT, conn.handle, conn.clientId, null, null);
        } finally {
            pool.free(conn);
            if (conn.session != null) {
                conn.session.closed(conn);
            }
            conn.busy.set(false);
        }
    }

    private static int checkParams(int type, InVec[] in, int inCount, OutVec[] out, int outCount) {
        if (type < 0 || type > Psa.CALL_TYPE_MAX || inCount + outCount > Psa.MAX_IOVEC) {
            return PROGRAMMER_ERROR;
        }
        // A null vector is the Java form of a pointer that fails TF-M's memory check.
        for (int i = 0; i < inCount; i++) {
            if (in[i] == null) {
                return PROGRAMMER_ERROR;
            }
        }
        for (int i = 0; i < outCount; i++) {
            if (out[i] == null) {
                return PROGRAMMER_ERROR;
            }
        }
        return OK;
    }

    private boolean authorized(Caller c, ServiceEntry s) {
        return c.isNonSecure() ? s.manifest().nonSecureClients() : c.partition().dependsOn(s.sid());
    }

    private int rejectCall(Caller c, OutVec[] out, int status, String why) {
        OutVec.clearLengths(out);
        return secureCheck(c, status, why);
    }

    /** TF-M panics a secure caller for a programmer error or a refused connection; NS callers get the status. */
    private int secureCheck(Caller c, int status, String what) {
        if (!c.isNonSecure() && (status == PROGRAMMER_ERROR || status == CONNECTION_REFUSED)) {
            throw new PartitionPanic(c.partition().manifest.name() + ": " + what + " ("
                    + PsaStatus.describe(status) + ")");
        }
        return status;
    }

    private int deliver(ServiceEntry s, Connection conn, int type, int handle, int clientId, InVec[] in, OutVec[] out) {
        PartitionRuntime p = s.partition();
        Message m = new Message(type, handle, clientId, in, out, conn);
        int status;
        p.lock.lock();
        try {
            status = p.partition.serve(s.manifest(), m);
        } catch (PartitionPanic e) {
            p.panics.incrementAndGet();
            log.accept("panic in partition " + p.manifest.name() + ": " + e.getMessage());
            status = SERVICE_FAILURE;
        } catch (RuntimeException | StackOverflowError e) {
            p.panics.incrementAndGet();
            log.accept("panic in partition " + p.manifest.name() + ": " + e);
            status = SERVICE_FAILURE;
        } finally {
            p.lock.unlock();
        }
        m.reply();
        return status;
    }

    /** Configures and validates an SPM. */
    public static final class Builder {
        private final List<SecurePartition> partitions = new ArrayList<>();
        private int connectionPoolSize = 64;
        private Consumer<String> log = line -> System.err.println("citadel-spm: " + line);

        private Builder() {}

        public Builder partition(SecurePartition partition) {
            partitions.add(partition);
            return this;
        }

        public Builder partitions(List<? extends SecurePartition> list) {
            partitions.addAll(list);
            return this;
        }

        /** TF-M's {@code CONFIG_TFM_CONN_HANDLE_MAX_NUM}; default 64 (TF-M's is 8). */
        public Builder connectionPoolSize(int size) {
            this.connectionPoolSize = size;
            return this;
        }

        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        public Spm build() {
            return new Spm(this);
        }
    }
}
