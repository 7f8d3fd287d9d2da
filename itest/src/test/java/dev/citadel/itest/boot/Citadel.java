package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.InProcessCitadel;

/** The {@code citadel} command run in this JVM, as a user runs it, with its exit code and both outputs. */
final class Citadel {
    private Citadel() {}

    static InProcessCitadel.Run run(String... args) {
        return InProcessCitadel.run(args);
    }

    static InProcessCitadel.Run ok(String... args) {
        InProcessCitadel.Run r = run(args);
        assertThat(r.code()).as("citadel %s%n%s", String.join(" ", args), r).isZero();
        return r;
    }
}
