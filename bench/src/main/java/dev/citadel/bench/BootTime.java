package dev.citadel.bench;

import dev.citadel.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The time from starting {@code citadel boot DIR} (a new JVM, as {@code ./citadel boot} runs it) to the NS
 * application running: its first line of output, printed after it has called the SPE. Also the time to the SPE's
 * ready line. A device is made once, as the demo makes it; then it is booted {@code runs} times (default 7) and
 * the medians printed.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.citadel.bench.BootTime cli/target/citadel.jar [runs]}
 */
public final class BootTime {
    private BootTime() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/citadel.jar").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path lib = jar.getParent().resolve("spe-lib");
        Path nsJar = jar.getParent().resolve("ns-app").resolve("nsapp.jar");
        Path dir = Files.createTempDirectory("citadel-boottime");
        try {
            Path dev = makeDevice(dir, lib, nsJar);
            long[] ready = new long[runs];
            long[] ns = new long[runs];
            for (int i = 0; i < runs; i++) {
                long[] t = bootOnce(jar, dev);
                ready[i] = t[0];
                ns[i] = t[1];
                System.out.printf("run %d: SPE ready %d ms, NS application running %d ms%n", i + 1, t[0], t[1]);
            }
            System.out.printf("medians of %d runs: SPE ready %d ms, NS application running %d ms%n", runs,
                    median(ready), median(ns));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path makeDevice(Path dir, Path lib, Path nsJar) {
        Path k0 = dir.resolve("k0.pem");
        Path k1 = dir.resolve("k1.pem");
        Path dev = dir.resolve("device");
        run("image", "keygen", "-k", k0.toString(), "-t", "ecdsa-p256");
        run("image", "keygen", "-k", k1.toString(), "-t", "ecdsa-p256");
        run("image", "spe-manifest", "--lib", lib.toString(), "-o", dir.resolve("m.bin").toString());
        sign(k0, "SPE", "0x20000", dir.resolve("m.bin"), dir.resolve("i0.bin"));
        sign(k1, "NSPE", "0x90000", nsJar, dir.resolve("i1.bin"));
        run("device", "init", dev.toString(), "--rotpk0", k0.toString(), "--rotpk1", k1.toString());
        run("device", "flash", dev.toString(), "--image", "0", dir.resolve("i0.bin").toString());
        run("device", "flash", dev.toString(), "--image", "1", dir.resolve("i1.bin").toString());
        return dev;
    }

    private static void sign(Path key, String type, String slot, Path in, Path out) {
        run("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", "1.0.0", "-s", "1",
                "--boot-record", type, "-H", "0x400", "--pad-header", "-S", slot, in.toString(), out.toString());
    }

    private static void run(String... args) {
        if (Main.run(args) != 0) {
            throw new IllegalStateException("citadel " + String.join(" ", args) + " failed");
        }
    }

    /** Milliseconds from process start to the SPE's ready line and to the NS application's first line. */
    private static long[] bootOnce(Path jar, Path dev) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString(), "boot",
                dev.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long ready = -1;
        long ns = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (ready < 0 && line.contains("citadel-spe: ready")) {
                    ready = ms;
                } else if (ns < 0 && line.startsWith("[ns] ")) {
                    ns = ms;
                }
            }
        }
        if (p.waitFor() != 0 || ready < 0 || ns < 0) {
            throw new IllegalStateException("citadel boot failed (exit " + p.exitValue() + ")");
        }
        return new long[] {ready, ns};
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
