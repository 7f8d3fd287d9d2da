package dev.citadel.cli;

import dev.citadel.spe.ResetNotice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One boot's run of both worlds, after BL2: the SPE from image 0, then the NS application from image 1, until the NS
 * application ends or the SPE reports a reset request ({@link ResetNotice}). A reset request lets the NS application
 * end by itself for {@link #RESET_GRACE_SECONDS} (it got its reply; on a device it would not run on), then stops it.
 * The SPE is stopped last, so it serves until the NS side is gone, and its reset notices are all read before the
 * run's end is decided.
 */
final class BothWorlds {
    /** How long an NS application may run on after a reset request before it is stopped. */
    static final int RESET_GRACE_SECONDS = 10;

    /**
     * How a run ended.
     *
     * @param nsStatus the NS application's exit status (128 + signal when it was killed)
     * @param resetBy the client that requested a system reset, if any did
     * @param speStatus the SPE's exit status
     */
    record End(int nsStatus, OptionalInt resetBy, int speStatus) {}

    private BothWorlds() {}

    /**
     * Runs both worlds once. With {@code stay}, an NS application that ends with status 0 leaves the SPE serving, for
     * NS-side software outside the NS image that reaches it through its socket, until a reset request or until the
     * SPE is stopped.
     *
     * @param onStart told how to stop this run (Ctrl-C), once both worlds are started
     */
    static End run(SecureBoot.Verified v, Path dir, Path socket, List<String> nsArgs, boolean stay, PrintStream out,
            Consumer<Runnable> onStart, long t0) throws InterruptedException {
        CompletableFuture<Integer> reset = new CompletableFuture<>();
        SpeProcess spe = SecureBoot.startSpe(v, dir, socket, line -> out.println("[spe] " + line),
                line -> ResetNotice.parse(line).ifPresent(reset::complete));
        try (spe) {
            out.println("[spe] " + spe.readyLine());
            Process app = SecureBoot.startNs(v, socket, nsArgs);
            try {
                onStart.accept(() -> {
                    app.toHandle().destroy();
                    spe.close();
                });
                out.printf("[boot] NS application started (pid %d), %d ms after boot start%n", app.pid(),
                        (System.nanoTime() - t0) / 1_000_000);
                Thread outPump = pump(app.getInputStream(), out, "ns-stdout");
                Thread errPump = pump(app.getErrorStream(), System.err, "ns-stderr");
                awaitEither(reset, app);
                if (reset.isDone() && !app.waitFor(RESET_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    out.println("[boot] the NS application still runs " + RESET_GRACE_SECONDS
                            + " s after the reset request; stopping it");
                    app.toHandle().destroy();
                    if (!app.waitFor(5, TimeUnit.SECONDS)) {
                        app.destroyForcibly();
                    }
                }
                int nsStatus = app.waitFor();
                outPump.join(5000);
                errPump.join(5000);
                if (stay && nsStatus == 0 && !reset.isDone()) {
                    out.println("[boot] NS application exited with status 0; the SPE serves on at " + socket
                            + " (--stay) until a reset request or Ctrl-C");
                    awaitEither(reset, spe.onExit());
                }
                out.println("[boot] NS application exited with status " + nsStatus + "; stopping the SPE");
                int speStatus = spe.stop();
                out.println("[boot] SPE exited with status " + speStatus);
                return new End(nsStatus, reset.isDone() ? OptionalInt.of(reset.join()) : OptionalInt.empty(),
                        speStatus);
            } finally {
                if (app.isAlive()) {
                    app.destroyForcibly();
                }
            }
        }
    }

    private static void awaitEither(CompletableFuture<Integer> reset, Process app) throws InterruptedException {
        awaitEither(reset, app.onExit());
    }

    private static void awaitEither(CompletableFuture<Integer> reset, CompletableFuture<?> other)
            throws InterruptedException {
        try {
            CompletableFuture.anyOf(reset, other).get();
        } catch (ExecutionException e) {
            // neither future fails
        }
    }

    private static Thread pump(InputStream in, PrintStream to, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    to.println("[ns] " + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
