package dev.citadel.itest.attest;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.spe.attest.AttestPartition;
import dev.citadel.spe.attest.DeviceIdentity;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.BootData;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** An SPE with Crypto (TF-M's development IAK) and Initial Attestation, reached through either door. */
final class AttestSpe implements AutoCloseable {
    /** TF-M's template IAK ({@code tfm_initial_attestation_key.pem}), the private scalar. */
    static final byte[] TFM_TEMPLATE_IAK =
            HexFormat.of().parseHex("a9b454b26d6f90a4ea31193564cba91fec6f9a002a7dc0504b92a1937134585f");
    /** TF-M's dummy implementation ID, AA*8 BB*8 CC*8 DD*8. */
    static final byte[] IMPLEMENTATION_ID = HexFormat.of().parseHex(
            "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd");
    static final int LIFECYCLE = 0x3000;

    final Spm spm;
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private Path dir;
    private SpeServer server;

    AttestSpe(AttestConfig config, Optional<BootData> bootData) {
        this(config, bootData, BuiltinKeys.Iak.eccSecpR1(TFM_TEMPLATE_IAK.clone()));
    }

    /** With the IAK given (P-256, P-384 or symmetric). */
    AttestSpe(AttestConfig config, Optional<BootData> bootData, BuiltinKeys.Iak iak) {
        try {
            spm = Spm.builder()
                    .partition(new CryptoPartition(4, 16, new InMemoryKeyStorage(), new BuiltinKeys(new byte[32], iak)))
                    .partition(new AttestPartition(config, new DeviceIdentity(IMPLEMENTATION_ID, LIFECYCLE), bootData,
                            new SecureRandom()))
                    .connectionPoolSize(8)
                    .build();
            spm.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Dispatcher open(Door door) {
        Dispatcher d;
        try {
            if (door == Door.FUNCTION_CALL) {
                d = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            } else {
                if (server == null) {
                    dir = Files.createTempDirectory("citadel-attest");
                    server = SpeServer.start(spm, dir.resolve("spe.sock"), ServerConfig.defaults());
                }
                d = SocketClient.connect(server.socket());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dispatchers.add(d);
        return d;
    }

    Path socket() {
        open(Door.SOCKET);
        return server.socket();
    }

    @Override
    public synchronized void close() {
        dispatchers.forEach(Dispatcher::close);
        if (server != null) {
            server.close();
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary directory
            }
        }
    }
}
