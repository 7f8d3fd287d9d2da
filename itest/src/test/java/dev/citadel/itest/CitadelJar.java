package dev.citadel.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code citadel} command as the README's {@code ./citadel} runs it: {@code java -jar cli/target/citadel.jar} in a
 * process of its own, with the flags the script gives short-lived commands. The build makes the jar (with the SPE's
 * jars and the NS application beside it) before this module's tests run.
 */
public final class CitadelJar {
    private CitadelJar() {}

    /** A finished run: its exit status and what it printed (stdout and stderr, interleaved as written). */
    public record Run(int code, String out) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out;
        }
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("citadel.root", "..")).resolve("cli/target/citadel.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the cli module packages it before itest runs");
        }
        return jar;
    }

    /** Runs {@code citadel ARGS}, for at most {@code timeoutSeconds}. */
    public static Run run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        Running r = start(args);
        return r.await(timeoutSeconds);
    }

    /** Starts {@code citadel ARGS} and returns at once. */
    public static Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new Running(new ProcessBuilder(command).redirectErrorStream(true).start(), String.join(" ", args));
    }

    /** A {@code citadel} process while it runs: its output so far, waiting for a line, its end. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final String args;
        private final StringBuilder out = new StringBuilder();
        private final Thread reader;

        private Running(Process process, String args) {
            this.process = process;
            this.args = args;
            reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (out) {
                            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            out.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "citadel-output");
            reader.start();
        }

        public String out() {
            synchronized (out) {
                return out.toString();
            }
        }

        /** Waits up to {@code seconds} until the output contains {@code text}; fails with the output if not. */
        public void awaitOutput(String text, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (out) {
                while (out.indexOf(text) < 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0 || !process.isAlive() && out.indexOf(text) < 0 && !reader.isAlive()) {
                        throw new AssertionError("citadel " + args + " did not print \"" + text + "\" in " + seconds
                                + " s; it printed:\n" + out);
                    }
                    out.wait(Math.min(left, 200));
                }
            }
        }

        /** Waits up to {@code seconds} for the end; fails (and kills it) if it still runs. */
        public Run await(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                close();
                throw new AssertionError("citadel " + args + " still ran after " + seconds + " s; it printed:\n"
                        + out());
            }
            reader.join(10_000);
            return new Run(process.exitValue(), out());
        }

        /** Stops it as Ctrl-C would (SIGTERM runs its shutdown hooks), then forcibly after 15 s. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.toHandle().destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            reader.join(5000);
        }
    }
}
