package dev.citadel.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code citadel boot}: BL2, then the SPE from image 0, then the NS application from image 1. */
@Command(
        name = "boot",
        mixinStandardHelpOptions = true,
        description = {
            "Boot a device: BL2 completes or performs swaps and verifies both images against the ROTPK hashes in",
            "OTP and the security counters; the SPE then starts from image 0's verified manifest and the jars it",
            "pins, with the measured-boot data, and the NS application from image 1's verified jar. Runs until the",
            "NS application exits, then stops the SPE. Ctrl-C stops both. Everything after -- is passed to the",
            "NS application's main, like a kernel command line (nsapp: attest --nonce HEX --out FILE)."
        })
final class BootCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "DIR", description = "The device directory.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "After --: the NS application's arguments.")
    List<String> nsArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "The SPE's socket (default: DIR/spe.sock).")
    Path socket;

    @Option(names = "--spe-lib", paramLabel = "DIR",
            description = "Where the jars pinned by image 0's manifest are (default: spe-lib beside citadel.jar).")
    Path speLib;

    @Override
    public void run() {
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        int delimiter = given.indexOf("--");
        if (!nsArgs.isEmpty() && (delimiter < 0 || given.size() - delimiter - 1 != nsArgs.size())) {
            throw new UserException("unexpected argument '" + nsArgs.get(0) + "': the NS application's arguments go"
                    + " after -- (citadel boot DIR -- ARGS...)", Main.USAGE);
        }
        Path sock = socket != null ? socket : dir.resolve("spe.sock");
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        SecureBoot.Verified v = SecureBoot.verify(dir, speLib != null ? speLib : BootFiles.defaultSpeLib(),
                out::println);
        SpeProcess spe = SecureBoot.startSpe(v, dir, sock, line -> out.println("[spe] " + line));
        Process ns = null;
        Thread stopBoth = null;
        try (spe) {
            out.println("[spe] " + spe.readyLine());
            ns = SecureBoot.startNs(v, sock, nsArgs);
            Process app = ns;
            // Ctrl-C: the NS application first, then the SPE, each given time to stop cleanly.
            stopBoth = new Thread(() -> {
                app.toHandle().destroy();
                spe.close();
            }, "boot-stop");
            Runtime.getRuntime().addShutdownHook(stopBoth);
            out.printf("[boot] NS application started (pid %d), %d ms after boot start%n", app.pid(),
                    (System.nanoTime() - t0) / 1_000_000);
            Thread errPump = pump(app.getErrorStream(), System.err);
            pumpLines(app.getInputStream(), out);
            int nsCode = app.waitFor();
            errPump.join(5000);
            out.println("[boot] NS application exited with status " + nsCode + "; stopping the SPE");
            int speCode = spe.stop();
            out.println("[boot] SPE exited with status " + speCode);
            if (nsCode != 0) {
                throw new UserException("the NS application exited with status " + nsCode);
            }
            if (speCode != 0) {
                throw new UserException("the SPE exited with status " + speCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ns != null && ns.isAlive()) {
                ns.destroyForcibly();
            }
            if (stopBoth != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopBoth);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
        }
    }

    private static Thread pump(InputStream in, PrintStream to) {
        Thread t = new Thread(() -> pumpLines(in, to), "ns-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void pumpLines(InputStream in, PrintStream to) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                to.println("[ns] " + line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
