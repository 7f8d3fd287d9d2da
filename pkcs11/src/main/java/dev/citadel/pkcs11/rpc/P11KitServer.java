package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.Cryptoki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * p11-kit's RPC server on a Unix domain socket, so that {@code p11-kit-client.so} (with
 * {@code P11_KIT_SERVER_ADDRESS=unix:path=...}) loads a {@link Cryptoki} into any PKCS#11 application.
 *
 * <p>Each connection is one application: it gets its own {@code Cryptoki} from the supplier and its own thread. It
 * starts with the version byte (the server answers 0, protocol version 0 as p11-kit 0.24.1 speaks it, and remembers
 * the byte offered), then frames until the client closes. The end of a connection, orderly or not, is
 * {@code C_Finalize} for that application. A malformed frame closes that connection only.
 *
 * <p>The socket file is created with mode 0600 and only its owner's processes are served ({@code SO_PEERCRED}, as
 * {@code p11-kit server} checks the peer's uid); starting on a path where a server still answers fails, a stale
 * socket file is replaced, and {@link #close()} removes the file.
 */
public final class P11KitServer implements AutoCloseable {
    /** The protocol version this server speaks and answers with. */
    public static final int PROTOCOL_VERSION = 0;

    private static final Logger LOG = Logger.getLogger(P11KitServer.class.getName());

    /** Told when a connection opens and closes (the CLI logs one line each). */
    public interface Listener {
        void opened(long connection, int offeredVersion);

        /** {@code reason} is null for an orderly close by the client. */
        void closed(long connection, String reason);

        Listener NONE = new Listener() {
            @Override
            public void opened(long connection, int offeredVersion) {}

            @Override
            public void closed(long connection, String reason) {}
        };
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Supplier<Cryptoki> tokens;
    private final Listener listener;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final UserPrincipal owner;
    private final Thread acceptor;
    private volatile boolean closed;

    private P11KitServer(Path path, ServerSocketChannel server, Supplier<Cryptoki> tokens, Listener listener,
            UserPrincipal owner) {
        this.path = path;
        this.server = server;
        this.tokens = tokens;
        this.listener = listener;
        this.owner = owner;
        this.acceptor = new Thread(this::acceptLoop, "p11-kit-server " + path.getFileName());
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code path} and starts serving.
     *
     * @throws IOException if the path is held by a live server, or cannot be bound
     */
    public static P11KitServer start(Path path, Supplier<Cryptoki> tokens, Listener listener) throws IOException {
        Path p = path.toAbsolutePath();
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(p)) {
                throw new IOException(p + " exists and is not a socket");
            }
            if (isLive(p)) {
                throw new IOException("a server is already listening on " + p);
            }
            Files.delete(p);
        }
        // Bound in a private directory, restricted to 0600, then moved into place: the socket is never reachable
        // with the umask's mode.
        Path staging = Files.createTempDirectory(p.getParent(), ".p11-kit-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(staged));
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, p, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(staged);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
        P11KitServer s = new P11KitServer(p, ch, tokens, listener, Files.getOwner(p));
        s.acceptor.start();
        return s;
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    /** The value for {@code P11_KIT_SERVER_ADDRESS}. */
    public String address() {
        return "unix:path=" + path;
    }

    private static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000;
    }

    private static boolean isLive(Path p) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept on " + path, e);
                }
                return;
            }
            long id = ids.incrementAndGet();
            open.add(c);
            Thread t = new Thread(() -> serve(id, c), "p11-kit-connection-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(long id, SocketChannel c) {
        String reason = null;
        RpcDispatcher dispatcher = null;
        try (c) {
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            UserPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (!peer.equals(owner)) {
                reason = "peer user " + peer.getName() + " is not the socket's owner";
                LOG.warning("refused a connection from " + peer.getName() + " on " + path);
                return;
            }
            int offered = in.read();
            if (offered < 0) {
                reason = "closed before the version byte";
                return;
            }
            out.write(Math.min(offered, PROTOCOL_VERSION));
            out.flush();
            listener.opened(id, offered);
            dispatcher = new RpcDispatcher(tokens.get(), offered);
            for (Frame f; (f = Frame.read(in)) != null; ) {
                Frame.reply(f.callCode(), dispatcher.handle(f.body())).write(out);
            }
        } catch (WireException e) {
            reason = "malformed message: " + e.getMessage();
        } catch (IOException e) {
            reason = closed ? null : "I/O error: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + id, e);
            reason = "internal error: " + e;
        } finally {
            open.remove(c);
            if (dispatcher != null) {
                dispatcher.disconnected();
                listener.closed(id, reason);
            }
        }
    }

    /** Stops accepting, closes every connection (each one's application is finalized) and removes the socket. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close", e);
            }
        }
        Files.deleteIfExists(path);
    }
}
