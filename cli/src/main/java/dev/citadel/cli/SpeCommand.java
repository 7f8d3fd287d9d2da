package dev.citadel.cli;

import dev.citadel.spe.SpeMain;
import java.nio.file.Path;
import java.util.Optional;
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
            try {
                SpeMain.serve(SpeMain.Settings.of(device, socket, socketMode, peerPolicy, maxConnections,
                        connectionPool, cryptoOperations, cryptoKeySlots, Optional.empty()));
            } catch (SpeMain.StartException e) {
                throw new UserException(e.getMessage(), e.usage() ? Main.USAGE : Main.FAILED);
            }
        }
    }
}
