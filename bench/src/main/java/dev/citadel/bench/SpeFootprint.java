package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up time and resident memory of the real SPE process ({@code citadel spe serve} with
 * {@link SpeProcess#JVM_FLAGS}), against a baseline measured in the same run: a JVM with the same flags whose main
 * only prints "ready".
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.citadel.bench.SpeFootprint [RUNS]}
 */
public final class SpeFootprint {
    private SpeFootprint() {}

    /** The baseline's main. */
    public static final class Hello {
        private Hello() {}

        public static void main(String[] args) {
            System.out.println("ready");
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long[] baseline = new long[runs];
        long[] ready = new long[runs];
        long[] rssIdle = new long[runs];
        long[] rssAfterCalls = new long[runs];
        for (int i = 0; i < runs; i++) {
            baseline[i] = helloMillis();
            Path dir = Files.createTempDirectory("citadel-footprint");
            try (SpeProcess spe = SpeProcess.start(dir.resolve("device"), dir.resolve("spe.sock"), l -> {})) {
                ready[i] = spe.startMillis();
                Thread.sleep(2000);
                rssIdle[i] = spe.rssKib();
                try (SocketClient c = SocketClient.connect(dir.resolve("spe.sock"))) {
                    for (int k = 0; k < 20_000; k++) {
                        c.version(0x80);
                    }
                }
                Thread.sleep(1000);
                rssAfterCalls[i] = spe.rssKib();
                spe.stop();
            }
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.out.printf("run %d: baseline %d ms, SPE ready %d ms, RSS idle %d KiB, after 20k calls %d KiB%n",
                    i + 1, baseline[i], ready[i], rssIdle[i], rssAfterCalls[i]);
        }
        System.out.println("JVM flags: " + String.join(" ", SpeProcess.JVM_FLAGS));
        System.out.printf("median: baseline JVM ready %d ms; SPE ready %d ms (ratio %.2f); RSS idle %.1f MiB; "
                        + "RSS after 20k calls %.1f MiB%n",
                median(baseline), median(ready), (double) median(ready) / median(baseline),
                median(rssIdle) / 1024.0, median(rssAfterCalls) / 1024.0);
        System.out.printf("max:    SPE ready %d ms; RSS idle %.1f MiB; RSS after calls %.1f MiB%n",
                max(ready), max(rssIdle) / 1024.0, max(rssAfterCalls) / 1024.0);
    }

    private static long helloMillis() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(SpeProcess.JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Hello.class.getName());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.readLine();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        p.waitFor();
        return ms;
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static long max(long[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
