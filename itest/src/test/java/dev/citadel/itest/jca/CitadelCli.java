package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code citadel} command run as its own process, as a user runs it: exit code and both outputs. */
final class CitadelCli {
    record Run(int code, String out, String err) {}

    private CitadelCli() {}

    static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("citadel " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), out, err.join());
    }

    static Run ok(String... args) throws IOException, InterruptedException {
        Run r = run(args);
        assertThat(r.code()).as("citadel %s%n%s", String.join(" ", args), r).isZero();
        return r;
    }

    /** A failure: the exit code, and one line on stderr without a stack trace; returns that line. */
    static String fails(int code, String... args) throws IOException, InterruptedException {
        Run r = run(args);
        assertThat(r.code()).as("citadel %s%n%s", String.join(" ", args), r).isEqualTo(code);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("citadel: ").doesNotContain("Exception").doesNotContain("\tat ");
        return r.err().strip();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
