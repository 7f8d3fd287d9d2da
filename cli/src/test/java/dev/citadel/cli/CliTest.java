package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The citadel command as a user meets it: help everywhere, one-line errors, exit codes. */
class CliTest {

    record Run(int code, String out, String err) {}

    static Run citadel(String... args) {
        InProcessCitadel.Run r = InProcessCitadel.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    private static void assertOneLineError(Run r, int code, String contains) {
        assertThat(r.code).as(r.toString()).isEqualTo(code);
        assertThat(r.err.lines().toList()).as(r.err).hasSize(1);
        assertThat(r.err).startsWith("citadel: ").contains(contains).doesNotContain("Exception", "\tat ");
    }

    @Test
    void versionNamesTheReleaseAndTheFramework() {
        Run r = citadel("--version");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("citadel 0.1.0-SNAPSHOT").contains("PSA Firmware Framework 1.1");
    }

    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(6);
        for (String[] p : paths) {
            String[] args = java.util.Arrays.copyOf(p, p.length + 1);
            args[p.length] = "--help";
            Run r = citadel(args);
            assertThat(r.code).as(String.join(" ", args)).isZero();
            assertThat(r.out).as(String.join(" ", args)).contains("Usage: citadel");
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
        out.add(prefix.toArray(new String[0]));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @Test
    void unknownOptionIsOneLineAndExitCode2() {
        assertOneLineError(citadel("demo", "--frobnicate"), 2, "Unknown option");
    }

    @Test
    void demoBrokerOptionsAreCheckedBeforeAnythingIsMade(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertOneLineError(citadel("demo", "--broker", "localhost"), 2, "--broker needs --broker-ca");
        Path ca = tmp.resolve("ca.pem");
        java.nio.file.Files.writeString(ca, "not a certificate");
        assertOneLineError(citadel("demo", "--broker", "localhost", "--broker-ca", ca.toString(), "--ca-cert",
                ca.toString(), "--ca-key", ca.toString()), 2, "--broker must be HOST:PORT");
        assertOneLineError(citadel("demo", "--broker", "localhost:99999", "--broker-ca", ca.toString(), "--ca-cert",
                ca.toString(), "--ca-key", ca.toString()), 2, "--broker must be HOST:PORT");
        assertOneLineError(citadel("demo", "--broker", "localhost:8883", "--broker-ca", ca.toString(), "--ca-cert",
                ca.toString(), "--ca-key", ca.toString()), 1, "holds no readable X.509 certificate");
        assertOneLineError(citadel("demo", "--ca-cert", ca.toString()), 2, "go with --broker");
    }

    @Test
    void unknownCommandIsOneLineAndExitCode2() {
        assertOneLineError(citadel("launch-rockets"), 2, "launch-rockets");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertOneLineError(citadel("spe", "serve", "--socket", "/tmp/x.sock"), 2, "--device");
    }

    @Test
    void missingSubcommandIsOneLine() {
        assertOneLineError(citadel("psa"), 2, "missing subcommand");
    }

    @Test
    void absentSocketIsOneLineAndExitCode1(@TempDir Path dir) {
        assertOneLineError(
                citadel("psa", "version", "--socket", dir.resolve("none.sock").toString(), "0x80"),
                1,
                "no SPE socket at");
    }

    @Test
    void nonNumericSidIsAUsageError(@TempDir Path dir) {
        assertOneLineError(citadel("psa", "version", "--socket", dir.toString(), "crypto"), 2, "is not a number");
    }

    @Test
    void nonNegativeNsidIsRefused(@TempDir Path dir) {
        assertOneLineError(citadel("psa", "version", "--socket", dir.toString(), "--nsid", "0", "0x80"), 2,
                "--nsid must be in [-65536, -1]");
    }

    @Test
    void badHexInputIsAUsageError(@TempDir Path dir) {
        assertOneLineError(
                citadel("psa", "call", "--socket", dir.toString(), "--handle", "0x40000100", "--in", "abc"),
                2,
                "hex digits");
    }

    @Test
    void socketInMissingDirectoryIsOneLine(@TempDir Path dir) {
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket",
                        dir.resolve("no/such/dir/spe.sock").toString()),
                1,
                "does not exist");
    }

    @Test
    void malformedPeerPolicyNamesItsLine(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("peers");
        Files.writeString(policy, "# peers\nuser:alice tz\nuser:bob limit=5\n");
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket",
                        dir.resolve("spe.sock").toString(), "--peer-policy", policy.toString()),
                2,
                "peers:3");
    }

    @Test
    void badSocketModeIsAUsageError(@TempDir Path dir) {
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket",
                        dir.resolve("spe.sock").toString(), "--socket-mode", "777"),
                2,
                "--socket-mode");
    }

    @Test
    void cryptoTableSizesOutOfRangeAreUsageErrors(@TempDir Path dir) {
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket",
                        dir.resolve("spe.sock").toString(), "--crypto-operations", "0"),
                2,
                "--crypto-operations must be 1..1024");
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket",
                        dir.resolve("spe.sock").toString(), "--crypto-key-slots", "100000"),
                2,
                "--crypto-key-slots 1..4096");
    }

    @Test
    void socketPathThatIsARegularFileIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "keep me");
        assertOneLineError(
                citadel("spe", "serve", "--device", dir.resolve("dev").toString(), "--socket", notes.toString()),
                1,
                "exists and is not a socket");
        assertThat(notes).hasContent("keep me");
    }

    @Test
    void directoryThatIsNotADeviceIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Path notDevice = dir.resolve("photos");
        Files.createDirectories(notDevice);
        Files.writeString(notDevice.resolve("cat.jpg"), "meow");
        assertOneLineError(
                citadel("spe", "serve", "--device", notDevice.toString(), "--socket",
                        dir.resolve("spe.sock").toString()),
                1,
                "is not a Citadel device");
        assertThat(notDevice.resolve("cat.jpg")).hasContent("meow");
    }
}
