package dev.citadel.cli;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.server.PeerPolicy;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.Spm;
import dev.citadel.spe.spm.SpmStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel spe}: the secure side. */
@Command(
        name = "spe",
        mixinStandardHelpOptions = true,
        description = "Run the secure processing environment.",
        subcommands = {SpeCommand.Serve.class})
final class SpeCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel spe serve --help'", Main.USAGE);
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = {
                "Serve the SPE of a device on a Unix domain socket until SIGTERM or SIGINT.",
                "Prints one 'ready' line on stdout once clients may connect; logs one line per connection on stderr."
            })
    static final class Serve implements Runnable {
        @Option(names = "--device", required = true, paramLabel = "DIR",
                description = "The device directory; created (mode 0700) if missing or empty.")
        Path device;

        @Option(names = "--socket", required = true, paramLabel = "PATH", description = "Where to listen.")
        Path socket;

        @Option(names = "--socket-mode", defaultValue = "rw-------", paramLabel = "MODE",
                description = "Socket file permissions, e.g. rw------- (default) or rw-rw----.")
        String socketMode;

        @Option(names = "--peer-policy", paramLabel = "FILE",
                description = "Map peers (SO_PEERCRED user/group) to NS agents; default: every peer is TF-M's "
                        + "TrustZone NS agent.")
        Path peerPolicy;

        @Option(names = "--max-connections", defaultValue = "256", paramLabel = "N",
                description = "Socket connections served at once (default: ${DEFAULT-VALUE}).")
        int maxConnections;

        @Option(names = "--connection-pool", defaultValue = "64", paramLabel = "N",
                description = "Connection handles for connection-based services (default: ${DEFAULT-VALUE}).")
        int connectionPool;

        @Option(names = "--crypto-operations", defaultValue = "8", paramLabel = "N",
                description = "Multi-part crypto operations open at once, all clients together (TF-M's "
                        + "CRYPTO_CONC_OPER_NUM; default: ${DEFAULT-VALUE}).")
        int cryptoOperations;

        @Option(names = "--crypto-key-slots", defaultValue = "32", paramLabel = "N",
                description = "Keys held in memory at once, all clients together (MBEDTLS_PSA_KEY_SLOT_COUNT; "
                        + "default: ${DEFAULT-VALUE}).")
        int cryptoKeySlots;

        @Override
        public void run() {
            // Partitions log through System.Logger; one line each, in the SPE's own prefix, on standard error.
            System.setProperty("java.util.logging.SimpleFormatter.format", "citadel-spe: %4$s: %5$s%6$s%n");
            Set<PosixFilePermission> mode;
            try {
                mode = PosixFilePermissions.fromString(socketMode);
            } catch (IllegalArgumentException e) {
                throw new UserException("--socket-mode '" + socketMode + "' is not like rw-------", Main.USAGE);
            }
            if (maxConnections < 1 || connectionPool < 1) {
                throw new UserException("--max-connections and --connection-pool must be positive", Main.USAGE);
            }
            if (cryptoOperations < 1 || cryptoOperations > SpePartitions.MAX_CRYPTO_OPERATIONS
                    || cryptoKeySlots < 1 || cryptoKeySlots > SpePartitions.MAX_CRYPTO_KEY_SLOTS) {
                throw new UserException("--crypto-operations must be 1.." + SpePartitions.MAX_CRYPTO_OPERATIONS
                        + " and --crypto-key-slots 1.." + SpePartitions.MAX_CRYPTO_KEY_SLOTS, Main.USAGE);
            }
            PeerPolicy policy = PeerPolicy.defaultPolicy();
            if (peerPolicy != null) {
                try {
                    policy = PeerPolicy.load(peerPolicy);
                } catch (IOException e) {
                    throw new UserException("cannot read peer policy " + peerPolicy + ": " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage(), Main.USAGE);
                }
            }
            Path parent = socket.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UserException("socket directory " + parent + " does not exist");
            }
            try {
                SpeServer.clearStaleSocket(socket.toAbsolutePath());
            } catch (IOException e) {
                throw new UserException("cannot serve " + socket + ": " + e.getMessage());
            }
            try (DeviceDirectory dev = DeviceDirectory.openOrCreate(device)) {
                Spm spm = Spm.builder()
                        .partitions(SpePartitions.forDevice(dev, cryptoOperations, cryptoKeySlots,
                                // tfm_platform_system_reset: recorded, not acted on; a supervisor restarts the SPE
                                client -> System.err.println("citadel-spe: system reset requested by client "
                                        + client + " (logged only: restart the SPE process to reset the device)")))
                        .connectionPoolSize(connectionPool)
                        .log(line -> System.err.println("citadel-spe: " + line))
                        .build();
                spm.start();
                ServerConfig config = ServerConfig.defaults()
                        .withSocketMode(mode)
                        .withPolicy(policy)
                        .withMaxConnections(maxConnections);
                SpeServer server = SpeServer.start(spm, socket, config);
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
                System.out.println("citadel-spe: ready socket=" + server.socket() + " device=" + dev.root()
                        + " partitions=" + spm.partitions().size() + " pid=" + ProcessHandle.current().pid());
                System.out.flush();
                stopped.await();
            } catch (DeviceException e) {
                throw new UserException(e.getMessage());
            } catch (SpmStartException e) {
                throw new UserException("the SPE did not start: " + e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                throw new UserException("cannot serve " + socket + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
