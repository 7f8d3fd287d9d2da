package dev.citadel.bench;

import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.Spm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An SPE process serving {@link EmptyPartition} (or Crypto, or Crypto and Initial Attestation) on a socket, for the socket benchmarks. */
public final class BenchSpe {
    private BenchSpe() {}

    /** {@code BenchSpe SOCKET [SPIN_NANOS [crypto|attest]]}: serves until stdin closes. */
    public static void main(String[] args) throws Exception {
        String partition = args.length > 2 ? args[2] : "empty";
        Spm spm;
        if (partition.equals("attest")) {
            spm = BenchAttestation.spm();
        } else {
            spm = Spm.builder().partition(partition.equals("crypto") ? new CryptoPartition() : new EmptyPartition())
                    .log(l -> {}).build();
            spm.start();
        }
        long spin = args.length > 1 ? Long.parseLong(args[1]) : ServerConfig.defaults().spinNanos();
        ServerConfig config = ServerConfig.defaults().withLog(l -> {}).withSpinNanos(spin);
        try (SpeServer server = SpeServer.start(spm, Path.of(args[0]), config)) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to go away
            }
        }
    }

    /** Starts a BenchSpe child with the SPE's production JVM flags (or {@code flags} if given). */
    static Process launch(Path socket, List<String> flags, long spinNanos) throws IOException {
        return launch(socket, flags, spinNanos, "empty");
    }

    /** As {@link #launch(Path, List, long)}, serving {@code partition}: {@code empty}, {@code crypto} or {@code attest} (Crypto and Initial
     * Attestation with boot data, {@link BenchAttestation}). */
    static Process launch(Path socket, List<String> flags, long spinNanos, String partition) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchSpe.class.getName());
        cmd.add(socket.toString());
        cmd.add(Long.toString(spinNanos));
        cmd.add(partition);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IOException("bench SPE did not start: " + line);
        }
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            p.destroy();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
