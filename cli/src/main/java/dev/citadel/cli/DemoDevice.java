package dev.citadel.cli;

import dev.citadel.ns.SocketClient;
import dev.citadel.spe.ResetNotice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The demo's device while it runs: BL2, then the SPE from image 0 in its own process, then the NS application from
 * image 1, run to its end (its start-up work: the version it runs, the self-test on a trial, a hello). The SPE serves
 * on after that for the device's other NS-side software (the demo: provisioning, MQTT, the OTA agent), which reaches
 * it through its socket. A system reset requested in the SPE (the SPE's {@link ResetNotice} line) ends this boot:
 * {@link #reboot} stops the SPE and runs BL2 again, which performs the swap or the revert, as
 * {@code citadel boot} does; so does a reset the NS application asks for while it starts (a rejected trial).
 */
final class DemoDevice implements AutoCloseable {
    /** How long the NS application's start-up may take. */
    private static final int NS_START_SECONDS = 30;
    /** Boots in a row caused by the NS application's own reset requests before the demo gives up (a boot loop). */
    private static final int MAX_RESETS_AT_START = 3;

    /** The SPE's per-connection log lines: the demo's many short connections would drown the story. */
    private static final java.util.regex.Pattern CONNECTION_LOG = java.util.regex.Pattern.compile(
            "conn \\d+ .*(closed|opened)|stopping \\(");

    private final Path dir;
    private final Path speLib;
    private final Path socket;
    private final Consumer<String> say;
    private SpeProcess spe;
    private SecureBoot.Verified verified;
    private CompletableFuture<Integer> reset = new CompletableFuture<>();
    private int boots;

    DemoDevice(Path dir, Path speLib, Path socket, Consumer<String> say) {
        this.dir = dir;
        this.speLib = speLib;
        this.socket = socket;
        this.say = say;
    }

    /** What one power-up showed: BL2's verdict and the NS application's start-up lines. */
    record Boot(SecureBoot.Verified verified, List<String> bl2, List<String> ns, int nsStatus) {}

    /**
     * Powers the device on: BL2 (its lines that {@code show} accepts are shown), the SPE, the NS application until it
     * ends. A reset the NS application requests at start (a failed self-test) leads to another boot at once.
     *
     * @return the boots, in order; the last one is the one now running
     */
    List<Boot> powerOn(Predicate<String> show) {
        List<Boot> seen = new ArrayList<>();
        for (int i = 0; ; i++) {
            Boot b = bootOnce(show);
            seen.add(b);
            if (!reset.isDone()) {
                return seen;
            }
            if (i + 1 >= MAX_RESETS_AT_START) {
                throw new UserException("boot loop: the device asked for a reset at each of " + (i + 1) + " boots");
            }
            say.accept("[boot] reset requested by " + BootSupervisor.who(reset.join()) + "; rebooting");
            stopSpe();
        }
    }

    private Boot bootOnce(Predicate<String> show) {
        boots++;
        List<String> bl2 = new ArrayList<>();
        verified = SecureBoot.verify(dir, speLib, line -> {
            bl2.add(line);
            if (show.test(line)) {
                say.accept(line);
            }
        });
        reset = new CompletableFuture<>();
        CompletableFuture<Integer> notices = reset;
        spe = SecureBoot.startSpe(verified, dir, socket, line -> {
                    if (!CONNECTION_LOG.matcher(line).find()) {
                        say.accept("[spe] " + line);
                    }
                },
                line -> ResetNotice.parse(line).ifPresent(notices::complete));
        say.accept("[spe] " + spe.readyLine() + " (pid " + spe.pid() + ", ready in " + spe.startMillis() + " ms)");
        Process app = SecureBoot.startNs(verified, socket, List.of());
        List<String> ns = new ArrayList<>();
        try {
            Thread err = pump(app.getErrorStream(), ns);
            Thread out = pump(app.getInputStream(), ns);
            if (!app.waitFor(NS_START_SECONDS, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                throw new UserException("the NS application did not finish starting in " + NS_START_SECONDS + " s");
            }
            out.join(5000);
            err.join(5000);
            int status = app.exitValue();
            if (status != 0 && !reset.isDone()) {
                throw new UserException("the NS application exited with status " + status + ": "
                        + (ns.isEmpty() ? "no output" : ns.get(ns.size() - 1)));
            }
            // A reset request reaches the SPE's stdout after its reply; give the line a moment to arrive.
            if (ns.stream().anyMatch(l -> l.contains("psa_fwu_request_reboot"))) {
                awaitReset(5);
            }
            return new Boot(verified, List.copyOf(bl2), List.copyOf(ns), status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while the device started");
        } finally {
            if (app.isAlive()) {
                app.destroyForcibly();
            }
        }
    }

    private Thread pump(InputStream in, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (into) {
                        into.add(line);
                    }
                    say.accept("[ns] " + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "demo-ns");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits up to {@code seconds} for the SPE to report a system reset request; the requesting client, if one did. */
    OptionalInt awaitReset(int seconds) throws InterruptedException {
        try {
            return OptionalInt.of(reset.get(seconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            return OptionalInt.empty();
        }
    }

    /** The reset the SPE reported and BL2's next run: the SPE stops, then {@link #powerOn} starts everything again. */
    List<Boot> reboot(Predicate<String> show) {
        say.accept("[boot] reset requested by " + (reset.isDone() ? BootSupervisor.who(reset.join()) : "the demo")
                + "; stopping the SPE and running BL2 again");
        stopSpe();
        return powerOn(show);
    }

    /** A new connection to the running SPE. */
    SocketClient connect() {
        try {
            return SocketClient.connect(socket);
        } catch (IOException e) {
            throw new UserException("cannot reach the SPE at " + socket + ": " + e.getMessage());
        }
    }

    SecureBoot.Verified verified() {
        return verified;
    }

    Path socket() {
        return socket;
    }

    Path dir() {
        return dir;
    }

    int boots() {
        return boots;
    }

    SpeProcess spe() {
        return spe;
    }

    private void stopSpe() {
        if (spe == null) {
            return;
        }
        try {
            int code = spe.stop();
            if (code != 0) {
                say.accept("[boot] the SPE exited with status " + code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            spe.close();
            spe = null;
        }
    }

    /** Powers the device off: the SPE stops (SIGTERM), its socket is removed. */
    @Override
    public void close() {
        stopSpe();
    }
}
