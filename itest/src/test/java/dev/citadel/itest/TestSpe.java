package dev.citadel.itest;

import dev.citadel.itest.partitions.IpcTestPartition;
import dev.citadel.itest.partitions.NestedTestPartition;
import dev.citadel.itest.partitions.SfnTestPartition;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An SPE with the test partitions, reached through either dispatcher. */
public final class TestSpe implements AutoCloseable {

    /** The two doors into the SPE. */
    public enum Door {
        FUNCTION_CALL,
        SOCKET
    }

    public final IpcTestPartition ipc = new IpcTestPartition();
    public final Spm spm;
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Path dir;
    private SpeServer server;
    private final List<Dispatcher> dispatchers = new ArrayList<>();

    public TestSpe() {
        this(new SecurePartition[0]);
    }

    /** The test partitions plus {@code extra}, for example a {@code CryptoPartition}. */
    public TestSpe(SecurePartition... extra) {
        try {
            dir = Files.createTempDirectory("citadel-itest");
            Spm.Builder builder = Spm.builder()
                    .partition(ipc)
                    .partition(new SfnTestPartition())
                    .partition(new NestedTestPartition());
            for (SecurePartition p : extra) {
                builder.partition(p);
            }
            spm = builder
                    .connectionPoolSize(8)
                    .log(log::add)
                    .build();
            spm.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the socket server if it is not running. */
    public synchronized Path socket() {
        if (server == null) {
            try {
                server = SpeServer.start(spm, dir.resolve("spe.sock"), ServerConfig.defaults().withLog(log::add));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.socket();
    }

    public SpeServer server() {
        socket();
        return server;
    }

    /** A new dispatcher through {@code door}; closed with this SPE. */
    public Dispatcher open(Door door) {
        Dispatcher d;
        if (door == Door.FUNCTION_CALL) {
            d = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
        } else {
            try {
                d = SocketClient.connect(socket());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        dispatchers.add(d);
        return d;
    }

    @Override
    public void close() {
        for (Dispatcher d : dispatchers) {
            d.close();
        }
        if (server != null) {
            server.close();
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory
        }
    }
}
