package dev.citadel.bench;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.platform.PlatformPartition;
import dev.citadel.spe.ps.PsConfig;
import dev.citadel.spe.ps.PsPartition;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsPartition;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A durable storage set against the file system's own floor, same run, same disk. {@code its*}: {@code psa_its_set}
 * of {@code size} bytes through the function-call door ({@code PsaIts} → SPM → ITS partition → flash file FS over a
 * {@code FileFlash}), overwriting one uid or alternating two; it returns after the commit's sync. Baselines:
 * {@code baselineOverwriteInPlace} overwrites {@code size} bytes at the start of a preallocated file and forces it
 * ({@code FileChannel.force(true)}); {@code baselineRewriteFile} opens with truncate, writes, forces and closes a file
 * (what {@code Files.write} plus a force does). The files live in a temporary directory on the normal disk
 * ({@code -Dbench.dir=...} to choose another).
 *
 * <p>{@code ps*}: {@code psa_ps_set} the same way, through an SPM holding Crypto (keys derived from a HUK per object),
 * Platform (NV counters on their own flash file) and PS (external flash file): each set is an NVC1 increment, an
 * AES-GCM encryption of the object and of the table, one FS commit, then the NVC2 and NVC3 increments, each durable.
 * The PS figure is a set of 1 KiB: {@code -p size=1024}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class StorageBench {

    /** Bytes per set: 512 for ITS (TF-M's default largest ITS asset); 1024 for the PS comparison. */
    @Param({"512"})
    public int size;

    private Path dir;
    private FlashDevice flash;
    private FunctionCallClient client;
    private FunctionCallClient psClient;
    private PsaIts its;
    private FlashDevice external;
    private FlashDevice nvFlash;
    private PsaPs ps;
    private FileChannel preallocated;
    private Path rewritten;
    private byte[] data;
    private long n;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "citadel-storage-bench");
        data = new byte[size];
        new Random(1).nextBytes(data);

        flash = FlashDevice.openFile(dir.resolve("internal_flash.bin"), DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        Spm spm = Spm.builder().partition(new ItsPartition(flash, ItsConfig.defaults())).log(l -> {}).build();
        spm.start();
        client = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
        its = new PsaIts(client);
        its.set(1, data, PsaIts.FLAG_NONE);
        its.set(2, data, PsaIts.FLAG_NONE);

        external = FlashDevice.openFile(dir.resolve("external_flash.bin"), DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
        nvFlash = FlashDevice.openFile(dir.resolve("nv_counters.bin"), NvCounters.GEOMETRY);
        byte[] huk = new byte[BuiltinKeys.HUK_BYTES];
        new Random(2).nextBytes(huk);
        Spm storage = Spm.builder()
                .partition(new CryptoPartition(8, 32, new InMemoryKeyStorage(), BuiltinKeys.hukOnly(huk)))
                .partition(new PlatformPartition(NvCounters.open(nvFlash), c -> { }))
                .partition(new PsPartition(external, PsConfig.defaults()))
                .log(l -> {}).build();
        storage.start();
        psClient = new FunctionCallClient(storage.openSession(NsAgent.trustZone()));
        ps = new PsaPs(psClient);
        ps.set(1, data, PsaPs.FLAG_NONE);
        ps.set(2, data, PsaPs.FLAG_NONE);

        Path file = dir.resolve("preallocated.bin");
        preallocated = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        preallocated.write(ByteBuffer.wrap(new byte[64 * 1024]), 0);
        preallocated.force(true);
        rewritten = dir.resolve("rewritten.bin");
        Files.write(rewritten, data);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        psClient.close();
        flash.close();
        external.close();
        nvFlash.close();
        preallocated.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private byte[] next() {
        data[0] = (byte) ++n; // a new value each time, as a real update would be
        return data;
    }

    @Benchmark
    public void itsSetOverwrite() throws Exception {
        its.set(1, next(), PsaIts.FLAG_NONE);
    }

    @Benchmark
    public void itsSetAlternate() throws Exception {
        its.set(1 + (n & 1), next(), PsaIts.FLAG_NONE);
    }

    @Benchmark
    public void psSetOverwrite() throws Exception {
        ps.set(1, next(), PsaPs.FLAG_NONE);
    }

    @Benchmark
    public void psSetAlternate() throws Exception {
        ps.set(1 + (n & 1), next(), PsaPs.FLAG_NONE);
    }

    @Benchmark
    public void baselineOverwriteInPlace() throws IOException {
        preallocated.write(ByteBuffer.wrap(next()), 0);
        preallocated.force(true);
    }

    @Benchmark
    public void baselineRewriteFile() throws IOException {
        try (FileChannel ch = FileChannel.open(rewritten, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(next());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }
}
