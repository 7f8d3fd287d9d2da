package dev.citadel.spe.server;

import dev.citadel.psa.ipc.SpinGroup;
import dev.citadel.psa.ipc.SpinningChannel;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Serves an {@link Spm} on a Unix domain socket ({@code docs/wire-protocol.md}). Each connection gets its own thread
 * and its own NS session; a broken or hostile connection is closed without disturbing the others.
 */
public final class SpeServer implements AutoCloseable {
    private final Spm spm;
    private final Path socket;
    private final ServerConfig config;
    private final ServerSocketChannel listener;
    private final Set<ConnectionHandler> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final SpinGroup spinGroup = new SpinGroup();
    private final Thread acceptor;
    private final Thread watchdog;
    private volatile boolean closing;

    private SpeServer(Spm spm, Path socket, ServerConfig config, ServerSocketChannel listener) {
        this.spm = spm;
        this.socket = socket;
        this.config = config;
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "spe-accept");
        this.acceptor.setDaemon(true);
        this.watchdog = new Thread(this::watchLoop, "spe-watchdog");
        this.watchdog.setDaemon(true);
    }

    /**
     * Binds {@code socket} and starts serving. A stale socket file (no SPE behind it) is replaced; a live one is not.
     *
     * @throws IOException if the socket cannot be bound, or another SPE serves it
     */
    public static SpeServer start(Spm spm, Path socket, ServerConfig config) throws IOException {
        socket = socket.toAbsolutePath();
        clearStaleSocket(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket), 64);
            Files.setPosixFilePermissions(socket, config.socketMode());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        SpeServer server = new SpeServer(spm, socket, config, ch);
        server.acceptor.start();
        server.watchdog.start();
        return server;
    }

    /**
     * Checks that {@code socket} can be served: absent, or a stale socket file (no SPE behind it), which is removed.
     * Called before the device is opened too, so a refused start touches no storage.
     *
     * @throws IOException if the path is not a socket, or another SPE serves it
     */
    public static void clearStaleSocket(Path socket) throws IOException {
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // Only a socket file may be replaced: a mistyped path must never cost the user a file.
            var attrs = Files.readAttributes(
                    socket, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new IOException(socket + " exists and is not a socket");
            }
            if (isLive(socket)) {
                throw new IOException("another SPE is serving " + socket);
            }
            Files.delete(socket);
        }
    }

    private static boolean isLive(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    /** Connections being served now. */
    public int liveConnections() {
        return live.size();
    }

    /** Connections accepted since start. */
    public long connectionsServed() {
        return served.get();
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    config.log().accept("accept failed: " + e.getMessage());
                }
                continue;
            }
            served.incrementAndGet();
            int id = nextId.incrementAndGet();
            String user = "?";
            String group = "?";
            try {
                UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
                user = p.user().getName();
                group = p.group().getName();
            } catch (IOException | UnsupportedOperationException e) {
                // No credentials: only a '*' rule can match.
            }
            String peer = "user=" + user + " group=" + group;
            Optional<NsAgent> agent = config.policy().agentFor(user, group);
            if (agent.isEmpty() || live.size() >= config.maxConnections()) {
                config.log().accept("conn " + id + " " + peer + " refused: "
                        + (agent.isEmpty() ? "denied by peer policy" : "too many connections"));
                closeQuietly(ch);
                continue;
            }
            SpinningChannel sc;
            try {
                sc = new SpinningChannel(ch, config.spinNanos(), spinGroup);
            } catch (IOException e) {
                config.log().accept("conn " + id + " " + peer + " refused: " + e.getMessage());
                closeQuietly(ch);
                continue;
            }
            ConnectionHandler h = new ConnectionHandler(
                    id, peer, sc, spm.openSession(agent.get()), agent.get(), this, spinGroup, config.frameTimeoutMillis());
            live.add(h);
            Thread t = new Thread(h, "spe-conn-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Closes connections whose peers stalled inside a frame or left a reply unread past the frame timeout. */
    private void watchLoop() {
        long period = Math.max(1, Math.min(1000, config.frameTimeoutMillis() / 4));
        while (!closing) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (ConnectionHandler h : live) {
                h.checkStalled(now);
            }
        }
    }

    void ended(ConnectionHandler h, String line) {
        live.remove(h);
        config.log().accept(line);
    }

    boolean closing() {
        return closing;
    }

    /** Stops accepting, closes every connection (their handles are closed by the SPM) and removes the socket file. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        closeQuietly(listener);
        watchdog.interrupt();
        for (ConnectionHandler h : live) {
            h.shutdown();
        }
        try {
            acceptor.join(2000);
            // Let each connection close its session and write its log line.
            long end = System.nanoTime() + 2_000_000_000L;
            while (!live.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            config.log().accept("could not remove " + socket + ": " + e.getMessage());
        }
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }
}
