package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * An empty {@code psa_call} (no vectors, a service that returns at once) through each dispatcher, the cost tf-m-tools
 * profiles on hardware. The SPE of the socket path is a separate process started with the production SPE's JVM
 * flags. Run with {@code -t 1} and {@code -t 8} for the single- and eight-client figures.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PsaCallBench {
    private static final InVec[] NO_IN = new InVec[0];
    private static final OutVec[] NO_OUT = new OutVec[0];

    @Param({"function-call", "socket"})
    public String door;

    /** Polling budget of the SPE's socket reads before they sleep ({@code SpinningChannel}); default 25000. */
    @Param({"25000"})
    public long speSpinNanos;

    /** {@code production}: the SPE's JVM flags; {@code c1}: the same limited to the C1 compiler. */
    @Param({"production"})
    public String speJvm;

    /** Polling budget of the client's socket reads before they sleep; 0 (sleep at once) is SocketClient's default. */
    @Param({"0"})
    public long clientSpinNanos;

    private PsaClient client;
    private AutoCloseable closer;
    private Process spe;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (door.equals("function-call")) {
            Spm spm = Spm.builder().partition(new EmptyPartition()).log(l -> {}).build();
            spm.start();
            FunctionCallClient c = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            client = c;
            closer = c;
        } else {
            dir = Files.createTempDirectory("citadel-bench");
            Path socket = dir.resolve("spe.sock");
            List<String> flags = new ArrayList<>(SpeProcess.JVM_FLAGS);
            if (speJvm.equals("c1")) {
                flags.add("-XX:TieredStopAtLevel=1");
            }
            spe = BenchSpe.launch(socket, flags, speSpinNanos);
            SocketClient c = SocketClient.connect(socket, clientSpinNanos);
            client = c;
            closer = c;
        }
        if (client.call(EmptyPartition.HANDLE, 0, NO_IN, NO_OUT) != 0) {
            throw new IllegalStateException("the empty service did not answer PSA_SUCCESS");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closer.close();
        if (spe != null) {
            BenchSpe.stop(spe);
            Files.deleteIfExists(dir.resolve("spe.sock"));
            Files.deleteIfExists(dir);
        }
    }

    @Benchmark
    public int emptyPsaCall() {
        return client.call(EmptyPartition.HANDLE, 0, NO_IN, NO_OUT);
    }

    /** For {@code main}-less use in IDEs. */
    static void unused() throws IOException {}
}
