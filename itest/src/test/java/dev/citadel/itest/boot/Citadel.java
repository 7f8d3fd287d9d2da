package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@code citadel} command run in this JVM, as a user runs it, with its exit code and both outputs. */
final class Citadel {
    record Run(int code, String out, String err) {}

    private Citadel() {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Run ok(String... args) {
        Run r = run(args);
        assertThat(r.code()).as("citadel %s%n%s", String.join(" ", args), r).isZero();
        return r;
    }
}
