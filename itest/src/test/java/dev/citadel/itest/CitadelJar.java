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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (out) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "citadel-output");
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("citadel " + String.join(" ", args) + " still ran after " + timeoutSeconds
                    + " s; it printed:\n" + out);
        }
        reader.join(10_000);
        synchronized (out) {
            return new Run(p.exitValue(), out.toString());
        }
    }
}
