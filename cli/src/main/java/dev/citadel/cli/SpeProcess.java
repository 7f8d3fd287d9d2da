package dev.citadel.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An SPE running as its own process: {@code citadel spe serve} started from this JVM's own class path, or an SPE
 * that BL2 launched from verified code. The JVM
 * flags keep an idle SPE small; they are the flags {@code ./citadel spe serve} uses.
 */
public final class SpeProcess implements AutoCloseable {
    /**
     * The SPE's JVM flags: a small serial-collected heap, a bounded code cache and metaspace, and the quick compiler
     * only. Read from {@code spe-jvm-flags.txt}, which {@code ./citadel spe} uses too.
     */
    public static final List<String> JVM_FLAGS = loadFlags();

    private static List<String> loadFlags() {
        try (var in = SpeProcess.class.getResourceAsStream("spe-jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("spe-jvm-flags.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final Process process;
    private final String readyLine;
    private final long startMillis;

    private final Thread stderrPump;
    private final Thread stdoutPump;

    private SpeProcess(Process process, String readyLine, long startMillis, Thread stderrPump, Thread stdoutPump) {
        this.process = process;
        this.stderrPump = stderrPump;
        this.stdoutPump = stdoutPump;
        this.readyLine = readyLine;
        this.startMillis = startMillis;
    }

    /**
     * Starts {@code citadel spe serve} and waits for its ready line. Its stderr lines go to {@code log}.
     *
     * @throws IOException if it exits or stays silent for 20 s
     */
    public static SpeProcess start(Path device, Path socket, Consumer<String> log, String... extraArgs)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("spe", "serve", "--device", device.toString(), "--socket", socket.toString()));
        cmd.addAll(List.of(extraArgs));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        return supervise(p, log, line -> { }, t0);
    }

    /**
     * Supervises an SPE that is already starting, such as the one BL2 launches from verified code
     * ({@code WorldProcess.startSpe}): waits for its ready line; its stderr lines go to {@code log}.
     *
     * @throws IOException if it exits or stays silent for 20 s
     */
    public static SpeProcess supervise(Process p, Consumer<String> log) throws IOException {
        return supervise(p, log, line -> { }, System.nanoTime());
    }

    /**
     * As {@link #supervise(Process, Consumer)}; every line the SPE writes on its stdout after its ready line (its
     * reset notices, {@code dev.citadel.spe.ResetNotice}) goes to {@code notices}, all of them before {@link #stop}
     * returns.
     */
    public static SpeProcess supervise(Process p, Consumer<String> log, Consumer<String> notices)
            throws IOException {
        return supervise(p, log, notices, System.nanoTime());
    }

    private static SpeProcess supervise(Process p, Consumer<String> log, Consumer<String> notices, long t0)
            throws IOException {
        Thread pump = pump(p.getErrorStream(), log);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (ready.isDone()) {
                        notices.accept(line);
                    } else if (line.contains("ready")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.complete(null);
        }, "spe-stdout");
        out.setDaemon(true);
        out.start();
        String line;
        try {
            line = ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("the SPE did not become ready within 20 s");
        }
        if (line == null) {
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = -1;
            }
            throw new IOException("the SPE exited with code " + code + " before it was ready");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new SpeProcess(p, line, ms, pump, out);
    }

    private static Thread pump(java.io.InputStream in, Consumer<String> log) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.accept(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "spe-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    /** The SPE's ready line. */
    public String readyLine() {
        return readyLine;
    }

    /** Milliseconds from launching the process to its ready line, as seen by the parent. */
    public long startMillis() {
        return startMillis;
    }

    /** Resident set size in KiB, from {@code /proc/PID/status}; -1 where unavailable. */
    public long rssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the SPE's process has ended. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Sends SIGTERM and waits for the exit code (SIGKILL after 10 s). */
    public int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its pipes and lose its last log lines.
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        stderrPump.join(5000);
        stdoutPump.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
