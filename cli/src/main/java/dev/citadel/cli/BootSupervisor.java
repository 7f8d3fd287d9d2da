package dev.citadel.cli;

import dev.citadel.psa.PartitionIds;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code citadel boot}'s reboot supervision: BL2, both worlds, and again after a reset. A reset is a system reset
 * requested in the SPE (by {@code psa_fwu_request_reboot} or {@code tfm_platform_system_reset}), or an NS application
 * that ends abnormally while an image runs on trial (so BL2 reverts it, as after a crash on a device). An NS
 * application that exits with 0 ends the run; so does any other exit, with an error. At most {@code maxReboots}
 * reboots are made, so a boot loop ends with one line. Ctrl-C stops the NS application, then the SPE, and no reboot
 * follows.
 */
final class BootSupervisor {
    private final Path dir;
    private final Path speLib;
    private final Path socket;
    private final List<String> nsArgs;
    private final int maxReboots;
    private final boolean stay;
    private final PrintStream out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<Runnable> stopCurrent = new AtomicReference<>();

    /** @param stay keep the SPE serving after the NS application ends (see {@link BothWorlds}) */
    BootSupervisor(Path dir, Path speLib, Path socket, List<String> nsArgs, int maxReboots, boolean stay,
            PrintStream out) {
        this.stay = stay;
        this.dir = dir;
        this.speLib = speLib;
        this.socket = socket;
        this.nsArgs = List.copyOf(nsArgs);
        this.maxReboots = maxReboots;
        this.out = out;
    }

    /** Boots until the NS application ends without asking for a reset; a failure is a {@link UserException}. */
    void run() {
        Thread hook = new Thread(() -> {
            stopping.set(true);
            Runnable stop = stopCurrent.get();
            if (stop != null) {
                stop.run();
            }
        }, "boot-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void boot() throws InterruptedException {
        for (int reboots = 0; ; reboots++) {
            long t0 = System.nanoTime();
            SecureBoot.Verified v = SecureBoot.verify(dir, speLib, out::println);
            // The arguments are a job for the first start; after a reset the NS application starts as on power-up.
            BothWorlds.End end = BothWorlds.run(v, dir, socket, reboots == 0 ? nsArgs : List.of(), stay, out,
                    stopCurrent::set, t0);
            stopCurrent.set(null);
            if (stopping.get()) {
                return;
            }
            Optional<String> cause = rebootCause(end);
            if (cause.isEmpty()) {
                finish(end);
                return;
            }
            if (reboots >= maxReboots) {
                throw new UserException("boot loop: " + cause.get() + " after " + reboots + " reboots, the most"
                        + " --max-reboots allows; stopping");
            }
            out.println("[boot] " + cause.get() + "; rebooting (" + (reboots + 1) + ")");
        }
    }

    private Optional<String> rebootCause(BothWorlds.End end) {
        if (end.resetBy().isPresent()) {
            return Optional.of("reset requested by " + who(end.resetBy().getAsInt()));
        }
        if (end.nsStatus() != 0) {
            List<Integer> trial = SecureBoot.imagesOnTrial(dir);
            if (!trial.isEmpty()) {
                return Optional.of("the NS application exited with status " + end.nsStatus() + " while image"
                        + (trial.size() > 1 ? "s " : " ") + trial.stream().map(String::valueOf)
                        .reduce((a, b) -> a + " and " + b).orElseThrow() + " ran on trial (BL2 reverts it)");
            }
        }
        return Optional.empty();
    }

    /** The client that requested a reset, as the boot log names it. */
    static String who(int client) {
        if (client == PartitionIds.FIRMWARE_UPDATE) {
            return "the FWU partition (" + client + ", psa_fwu_request_reboot)";
        }
        return client < 0 ? "NS client " + client : "partition " + client;
    }

    private static void finish(BothWorlds.End end) {
        if (end.nsStatus() != 0) {
            throw new UserException("the NS application exited with status " + end.nsStatus());
        }
        if (end.speStatus() != 0) {
            throw new UserException("the SPE exited with status " + end.speStatus());
        }
    }
}
