package dev.citadel.spe.spm;

import dev.citadel.psa.InVec;
import dev.citadel.psa.NsGateway;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One NS agent's session with the SPM: a function-call client, or one socket connection. It translates NSIDs into
 * client IDs and remembers the connection handles opened through it, so that they are closed when it ends.
 */
final class NsSession implements NsGateway {
    private final Spm spm;
    private final NsAgent agent;
    private final Caller[] callerCache = new Caller[64];
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** The client IDs this session has served; the SPM counts sessions per client ID to tell when one is gone. */
    private final Set<Integer> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NsSession(Spm spm, NsAgent agent) {
        this.spm = spm;
        this.agent = agent;
    }

    /** The caller for {@code nsid}, or {@code null} when the agent cannot translate it. */
    private Caller caller(int nsid) {
        if (!agent.accepts(nsid) || closed) {
            return null;
        }
        int i = -nsid - 1;
        if (i < callerCache.length) {
            Caller c = callerCache[i];
            if (c == null) {
                c = new Caller(agent.clientId(nsid), null, this);
                served(c.clientId());
                callerCache[i] = c;
            }
            return c;
        }
        Caller c = new Caller(agent.clientId(nsid), null, this);
        served(c.clientId());
        return c;
    }

    private void served(int clientId) {
        if (clients.add(clientId)) {
            spm.nsClientActive(clientId);
        }
    }

    @Override
    public int frameworkVersion() {
        return spm.frameworkVersion();
    }

    @Override
    public int version(int nsid, int sid) {
        Caller c = caller(nsid);
        return c == null ? 0 : spm.version(c, sid);
    }

    @Override
    public int connect(int nsid, int sid, int version) {
        Caller c = caller(nsid);
        return c == null ? PsaStatus.PROGRAMMER_ERROR.value() : spm.connect(c, sid, version);
    }

    @Override
    public int call(int nsid, int handle, int type, InVec[] in, OutVec[] out) {
        Caller c = caller(nsid);
        if (c == null) {
            OutVec.clearLengths(out);
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        return spm.call(c, handle, type, in, out);
    }

    @Override
    public void close(int nsid, int handle) {
        Caller c = caller(nsid);
        if (c != null) {
            spm.close(c, handle);
        }
    }

    /** Records a new connection; false if the session has ended meanwhile (the caller must undo the connect). */
    synchronized boolean opened(Connection c) {
        if (closed) {
            return false;
        }
        connections.add(c);
        return true;
    }

    void closed(Connection c) {
        connections.remove(c);
    }

    /** The number of connection handles this session holds open. */
    int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        List<Connection> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(connections);
        }
        for (Connection c : open) {
            spm.disconnect(c);
        }
        for (Integer clientId : clients) {
            if (clients.remove(clientId)) {
                spm.nsClientInactive(clientId);
            }
        }
    }
}
