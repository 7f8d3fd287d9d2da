package dev.citadel.spe.server;

import dev.citadel.psa.ipc.SpinningChannel;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Socket server settings.
 *
 * @param socketMode the socket file's permissions; {@code rw-------} by default, so only the SPE's user connects
 * @param maxConnections connections served at once; more are closed at accept
 * @param spinNanos how long a connection's thread polls for the next request before it sleeps
 *     ({@link SpinningChannel}); 0 to never poll
 * @param frameTimeoutMillis how long a peer may take to send a frame it has begun, or to read its reply, before its
 *     connection is closed
 */
public record ServerConfig(
        Set<PosixFilePermission> socketMode,
        PeerPolicy policy,
        int maxConnections,
        Consumer<String> log,
        long spinNanos,
        long frameTimeoutMillis) {

    public ServerConfig {
        socketMode = Set.copyOf(socketMode);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(log, "log");
        if (frameTimeoutMillis < 1) {
            throw new IllegalArgumentException("frameTimeoutMillis must be positive");
        }
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(
                PosixFilePermissions.fromString("rw-------"),
                PeerPolicy.defaultPolicy(),
                256,
                line -> System.err.println("citadel-spe: " + line),
                SpinningChannel.DEFAULT_SPIN_NANOS,
                10_000);
    }

    public ServerConfig withSocketMode(Set<PosixFilePermission> mode) {
        return new ServerConfig(mode, policy, maxConnections, log, spinNanos, frameTimeoutMillis);
    }

    public ServerConfig withPolicy(PeerPolicy p) {
        return new ServerConfig(socketMode, p, maxConnections, log, spinNanos, frameTimeoutMillis);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(socketMode, policy, n, log, spinNanos, frameTimeoutMillis);
    }

    public ServerConfig withSpinNanos(long nanos) {
        return new ServerConfig(socketMode, policy, maxConnections, log, nanos, frameTimeoutMillis);
    }

    public ServerConfig withFrameTimeoutMillis(long millis) {
        return new ServerConfig(socketMode, policy, maxConnections, log, spinNanos, millis);
    }

    public ServerConfig withLog(Consumer<String> l) {
        return new ServerConfig(socketMode, policy, maxConnections, l, spinNanos, frameTimeoutMillis);
    }
}
