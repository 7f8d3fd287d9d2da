package dev.citadel.cli;

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
            "NS application exits, then stops the SPE. Ctrl-C stops both. Reboots when the SPE reports a system",
            "reset request (psa_fwu_request_reboot), and when the NS application exits abnormally while an image",
            "runs on trial: both worlds stop, BL2 runs again (swap or revert), both start again. Everything after",
            "-- is passed to the NS application's main at the first start, like a job it is given (nsapp: attest",
            "--nonce HEX --out FILE, update --image FILE); after a reboot it starts with no arguments."
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

    @Option(names = "--max-reboots", paramLabel = "N", defaultValue = "8",
            description = "Reboots allowed in one run before it ends as a boot loop (default: ${DEFAULT-VALUE}).")
    int maxReboots;

    @Option(names = "--stay",
            description = {"Keep the SPE serving after the NS application exits with 0, until a reset request (then",
                "reboot as above) or Ctrl-C: for NS-side software outside the NS image, such as 'citadel ota agent',",
                "that reaches the SPE through its socket."})
    boolean stay;

    @Override
    public void run() {
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        int delimiter = given.indexOf("--");
        if (!nsArgs.isEmpty() && (delimiter < 0 || given.size() - delimiter - 1 != nsArgs.size())) {
            throw new UserException("unexpected argument '" + nsArgs.get(0) + "': the NS application's arguments go"
                    + " after -- (citadel boot DIR -- ARGS...)", Main.USAGE);
        }
        if (maxReboots < 0) {
            throw new UserException("--max-reboots must be 0 or more", Main.USAGE);
        }
        Path sock = socket != null ? socket : dir.resolve("spe.sock");
        new BootSupervisor(dir, speLib != null ? speLib : BootFiles.defaultSpeLib(), sock, nsArgs, maxReboots, stay,
                System.out).run();
    }
}
