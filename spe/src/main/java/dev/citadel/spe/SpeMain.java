package dev.citadel.spe;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.spe.server.PeerPolicy;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.BootData;
import dev.citadel.spe.spm.Spm;
import dev.citadel.spe.spm.SpmStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * An SPE process: the device's partitions behind the socket server until SIGTERM or SIGINT. {@link #main} is the
 * entry point BL2 launches (the SPE manifest names it); {@code citadel spe serve} runs the same {@link #serve}.
 *
 * <p>Once clients may connect it prints one line on standard output, {@code citadel-spe: ready socket=... }, which
 * supervisors wait for; each system reset request is one more line there ({@link ResetNotice}); it logs on standard
 * error.
 */
public final class SpeMain {
    /** Exit status for a usage mistake; 1 for a failure to start. */
    public static final int USAGE = 2;

    private SpeMain() {}

    /** A mistake in the settings ({@code usage}) or a failure to start; one line. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean usage;

        StartException(String message, boolean usage) {
            super(message, null, false, false);
            this.usage = usage;
        }

        public boolean usage() {
            return usage;
        }
    }

    /** What an SPE process serves, and how. */
    public record Settings(Path device, Path socket, Set<PosixFilePermission> socketMode, PeerPolicy policy,
            int maxConnections, int connectionPool, int cryptoOperations, int cryptoKeySlots,
            Optional<BootData> bootData) {

        /**
         * Validated settings.
         *
         * @param socketMode e.g. {@code rw-------}
         * @param peerPolicy a peer policy file, or null for TF-M's TrustZone NS agent for every peer
         */
        public static Settings of(Path device, Path socket, String socketMode, Path peerPolicy, int maxConnections,
                int connectionPool, int cryptoOperations, int cryptoKeySlots, Optional<BootData> bootData)
                throws StartException {
            Set<PosixFilePermission> mode;
            try {
                mode = PosixFilePermissions.fromString(socketMode);
            } catch (IllegalArgumentException e) {
                throw new StartException("--socket-mode '" + socketMode + "' is not like rw-------", true);
            }
            if (maxConnections < 1 || connectionPool < 1) {
                throw new StartException("--max-connections and --connection-pool must be positive", true);
            }
            if (cryptoOperations < 1 || cryptoOperations > SpePartitions.MAX_CRYPTO_OPERATIONS
                    || cryptoKeySlots < 1 || cryptoKeySlots > SpePartitions.MAX_CRYPTO_KEY_SLOTS) {
                throw new StartException("--crypto-operations must be 1.." + SpePartitions.MAX_CRYPTO_OPERATIONS
                        + " and --crypto-key-slots 1.." + SpePartitions.MAX_CRYPTO_KEY_SLOTS, true);
            }
            PeerPolicy policy = PeerPolicy.defaultPolicy();
            if (peerPolicy != null) {
                try {
                    policy = PeerPolicy.load(peerPolicy);
                } catch (IOException e) {
                    throw new StartException("cannot read peer policy " + peerPolicy + ": " + e.getMessage(), false);
                } catch (IllegalArgumentException e) {
                    throw new StartException(e.getMessage(), true);
                }
            }
            return new Settings(device, socket, mode, policy, maxConnections, connectionPool, cryptoOperations,
                    cryptoKeySlots, bootData);
        }
    }

    /**
     * {@code --device DIR --socket PATH [--socket-mode M] [--peer-policy FILE] [--max-connections N]
     * [--connection-pool N] [--crypto-operations N] [--crypto-key-slots N] [--boot-data stdin]}; with
     * {@code --boot-data stdin} the shared boot data area is read from standard input first (BL2 writes it there,
     * right after the SPE's code).
     */
    public static void main(String[] args) {
        try {
            serve(parse(List.of(args)));
        } catch (StartException e) {
            System.err.println("citadel-spe: " + e.getMessage());
            System.exit(e.usage() ? USAGE : 1);
        }
    }

    static Settings parse(List<String> args) throws StartException {
        Map<String, String> opts = new HashMap<>();
        Set<String> known = Set.of("--device", "--socket", "--socket-mode", "--peer-policy", "--max-connections",
                "--connection-pool", "--crypto-operations", "--crypto-key-slots", "--boot-data");
        for (int i = 0; i < args.size(); i += 2) {
            String k = args.get(i);
            if (!known.contains(k) || i + 1 >= args.size() || opts.put(k, args.get(i + 1)) != null) {
                throw new StartException("bad argument '" + k + "': expected once each of " + known
                        + ", each with a value", true);
            }
        }
        if (!opts.containsKey("--device") || !opts.containsKey("--socket")) {
            throw new StartException("--device DIR and --socket PATH are required", true);
        }
        Optional<BootData> bootData = Optional.empty();
        String bd = opts.get("--boot-data");
        if (bd != null) {
            if (!bd.equals("stdin")) {
                throw new StartException("--boot-data takes only 'stdin'", true);
            }
            try {
                bootData = Optional.of(BootData.read(System.in));
            } catch (IOException e) {
                throw new StartException("boot data refused: " + e.getMessage(), false);
            }
        }
        try {
            return Settings.of(Path.of(opts.get("--device")), Path.of(opts.get("--socket")),
                    opts.getOrDefault("--socket-mode", "rw-------"),
                    opts.containsKey("--peer-policy") ? Path.of(opts.get("--peer-policy")) : null,
                    Integer.parseInt(opts.getOrDefault("--max-connections", "256")),
                    Integer.parseInt(opts.getOrDefault("--connection-pool", "64")),
                    Integer.parseInt(opts.getOrDefault("--crypto-operations", "8")),
                    Integer.parseInt(opts.getOrDefault("--crypto-key-slots", "32")), bootData);
        } catch (NumberFormatException e) {
            throw new StartException("a count is not a number: " + e.getMessage(), true);
        }
    }

    /**
     * {@code tfm_platform_system_reset}: the request is reported on standard output ({@link ResetNotice}) for the
     * launcher to act on, and the SPE keeps serving, so the caller still gets its reply. Without a launcher that acts
     * on it ({@code citadel spe serve}), it is only reported.
     */
    private static void resetRequested(int client) {
        System.err.println("citadel-spe: system reset requested by client " + client
                + " (reported to the launcher on stdout)");
        System.out.println(ResetNotice.line(client));
        System.out.flush();
    }

    /** Serves until SIGTERM or SIGINT, then exits the JVM with status 0. */
    public static void serve(Settings s) throws StartException {
        // Partitions log through System.Logger; one line each, in the SPE's own prefix, on standard error.
        System.setProperty("java.util.logging.SimpleFormatter.format", "citadel-spe: %4$s: %5$s%6$s%n");
        Path parent = s.socket().toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StartException("socket directory " + parent + " does not exist", false);
        }
        try {
            SpeServer.clearStaleSocket(s.socket().toAbsolutePath());
        } catch (IOException e) {
            throw new StartException("cannot serve " + s.socket() + ": " + e.getMessage(), false);
        }
        try (DeviceDirectory dev = DeviceDirectory.openOrCreate(s.device())) {
            Spm spm = Spm.builder()
                    .partitions(SpePartitions.forDevice(dev, s.cryptoOperations(), s.cryptoKeySlots(),
                            SpeMain::resetRequested,
                            s.bootData()))
                    .connectionPoolSize(s.connectionPool())
                    .log(line -> System.err.println("citadel-spe: " + line))
                    .build();
            spm.start();
            ServerConfig config = ServerConfig.defaults()
                    .withSocketMode(s.socketMode())
                    .withPolicy(s.policy())
                    .withMaxConnections(s.maxConnections());
            SpeServer server = SpeServer.start(spm, s.socket(), config);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                System.err.println("citadel-spe: stopping (" + server.liveConnections() + " connections open)");
                server.close();
                stopped.countDown();
                System.err.flush();
                // A clean stop: exit 0 rather than the JVM's 143 for SIGTERM.
                Runtime.getRuntime().halt(0);
            }, "spe-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            String measured = s.bootData().map(b -> " measured-images=" + b.measuredImages()).orElse("");
            System.out.println("citadel-spe: ready socket=" + server.socket() + " device=" + dev.root()
                    + " partitions=" + spm.partitions().size() + " pid=" + ProcessHandle.current().pid() + measured);
            System.out.flush();
            stopped.await();
        } catch (DeviceException e) {
            throw new StartException(e.getMessage(), false);
        } catch (SpmStartException e) {
            throw new StartException("the SPE did not start: " + e.getMessage(), false);
        } catch (IOException | UncheckedIOException e) {
            throw new StartException("cannot serve " + s.socket() + ": " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
