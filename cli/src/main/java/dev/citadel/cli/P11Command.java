package dev.citadel.cli;

import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.SocketClient;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.rpc.P11KitServer;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel p11}: the PKCS#11 token for native applications. */
@Command(
        name = "p11",
        mixinStandardHelpOptions = true,
        description = "The PKCS#11 token over PSA, for native PKCS#11 applications.",
        subcommands = {P11Command.Serve.class})
final class P11Command implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel p11 serve --help'", Main.USAGE);
    }

    /** One stderr line per connection, when it ends: its number, the protocol its client offered, and why. */
    private static final class ConnectionLog implements P11KitServer.Listener {
        private final Map<Long, Integer> offered = new ConcurrentHashMap<>();

        @Override
        public void opened(long connection, int offeredVersion) {
            offered.put(connection, offeredVersion);
        }

        @Override
        public void closed(long connection, String reason) {
            Integer version = offered.remove(connection);
            System.err.println("p11: connection " + connection + " (client protocol " + version + ") ended"
                    + (reason == null ? "" : ": " + reason));
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = {
                "Serve the token to p11-kit-client.so (p11-kit's RPC protocol, version 0) until SIGTERM or SIGINT.",
                "Prints the P11_KIT_SERVER_ADDRESS line to export once clients may connect; logs one line per "
                        + "connection on stderr.",
                "Use: pkcs11-tool --module /usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so -L"
            })
    static final class Serve implements Runnable {
        @Option(names = "--socket", required = true, paramLabel = "PATH",
                description = "Where to listen (created with mode 0600).")
        Path socket;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Spe where;

        /** Where the SPE is: behind a socket, or hosted in this process. */
        static final class Spe {
            @Option(names = "--spe", required = true, paramLabel = "SPE_SOCKET",
                    description = "The socket of a running SPE ('citadel spe serve').")
            Path socket;

            @Option(names = "--device", required = true, paramLabel = "DIR",
                    description = "Host the device's SPE in this process instead, reached through the function-call"
                            + " door (the SPM's checks, client IDs and policies apply as on the socket). Saves the"
                            + " SPE socket's hop; no other client can reach that SPE meanwhile.")
            Path device;
        }

        @Option(names = "--label", paramLabel = "LABEL", description = "The token's label.")
        String label;

        @Option(names = "--spe-poll-us", defaultValue = "25", paramLabel = "N",
                description = "With --spe: how long a call to the SPE polls for its reply before it sleeps, in"
                        + " microseconds (default: ${DEFAULT-VALUE}; 0 sleeps at once). Polling saves a wake-up per"
                        + " SPE call.")
        long pollMicros;

        @Override
        public void run() {
            if (pollMicros < 0 || pollMicros > 1_000_000) {
                throw new UserException("--spe-poll-us must be 0..1000000", Main.USAGE);
            }
            if (label != null && label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
                throw new UserException("--label is at most 32 bytes", Main.USAGE);
            }
            CountDownLatch stop = new CountDownLatch(1);
            try (Dispatcher client = where.device != null ? InProcessSpe.open(where.device) : connect(where.socket)) {
                TokenConfig config = label == null ? TokenConfig.defaults() : TokenConfig.defaults().withLabel(label);
                PsaToken token = PsaToken.open(client.defaultClient(), config);
                P11KitServer server;
                try {
                    server = P11KitServer.start(socket, token::application, new ConnectionLog());
                } catch (IOException e) {
                    throw new UserException("cannot serve on " + socket + ": " + e.getMessage());
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException e) {
                        System.err.println("p11: " + e.getMessage());
                    }
                    stop.countDown();
                }, "p11-shutdown"));
                System.out.println("P11_KIT_SERVER_ADDRESS=" + server.address() + "; export P11_KIT_SERVER_ADDRESS");
                System.out.flush();
                stop.await();
            } catch (CkException e) {
                throw new UserException("cannot open the token: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Dispatcher connect(Path spe) {
            if (!Files.exists(spe)) {
                throw new UserException("no SPE socket at " + spe + " (start one with 'citadel spe serve')");
            }
            try {
                return SocketClient.connect(spe, pollMicros * 1000);
            } catch (IOException e) {
                throw new UserException("cannot reach the SPE at " + spe + ": " + e.getMessage());
            }
        }
    }
}
