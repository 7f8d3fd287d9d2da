package dev.citadel.itest;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.platform.PlatformPartition;
import dev.citadel.spe.ps.FormatRequest;
import dev.citadel.spe.ps.PsConfig;
import dev.citadel.spe.ps.PsPartition;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SPE with the storage partitions only: Crypto (with a fixed HUK, so stored data outlives a reboot), Platform
 * over chosen NV counters and PS over a chosen external flash. Building a new one over the same flash devices is a
 * reboot: the NV counters are opened again from their flash, PS mounts and authenticates its table again.
 */
public final class StorageSpe implements AutoCloseable {
    /** The test device's HUK. */
    public static final byte[] HUK = new byte[BuiltinKeys.HUK_BYTES];

    static {
        for (int i = 0; i < HUK.length; i++) {
            HUK[i] = (byte) (0xA5 ^ i * 13);
        }
    }

    public final Spm spm;
    public final NvCounters counters;
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private Path dir;
    private SpeServer server;

    /**
     * Boots over {@code external} (the PS area as {@code config} places it) and the NV counters held by
     * {@code nvFlash}.
     */
    public StorageSpe(FlashDevice external, PsConfig config, FlashDevice nvFlash) {
        this(external, config, nvFlash, FormatRequest.NONE);
    }

    /** As {@link #StorageSpe(FlashDevice, PsConfig, FlashDevice)}, with an explicit PS format request. */
    public StorageSpe(FlashDevice external, PsConfig config, FlashDevice nvFlash, FormatRequest formatRequest) {
        try {
            counters = NvCounters.open(nvFlash);
            spm = Spm.builder()
                    .partition(new CryptoPartition(4, 16, new InMemoryKeyStorage(), BuiltinKeys.hukOnly(HUK.clone())))
                    .partition(new PlatformPartition(counters, client -> { }))
                    .partition(new PsPartition(external, config, formatRequest))
                    .connectionPoolSize(8)
                    .log(log::add)
                    .build();
            spm.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new dispatcher through {@code door}; closed with this SPE. */
    public synchronized Dispatcher open(Door door) {
        Dispatcher d;
        try {
            if (door == Door.FUNCTION_CALL) {
                d = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            } else {
                if (server == null) {
                    dir = Files.createTempDirectory("citadel-storage");
                    server = SpeServer.start(spm, dir.resolve("spe.sock"), ServerConfig.defaults().withLog(log::add));
                }
                d = SocketClient.connect(server.socket());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dispatchers.add(d);
        return d;
    }

    @Override
    public synchronized void close() {
        for (Dispatcher d : dispatchers) {
            d.close();
        }
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
