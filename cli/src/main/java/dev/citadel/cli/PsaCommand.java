package dev.citadel.cli;

import dev.citadel.ns.SocketClient;
import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citadel psa}: raw PSA client API calls over an SPE's socket, for scripts and debugging. */
@Command(
        name = "psa",
        mixinStandardHelpOptions = true,
        description = "Make PSA client API calls (psa_version, psa_connect, psa_call) through an SPE's socket.",
        subcommands = {PsaCommand.FrameworkVersion.class, PsaCommand.Version.class, PsaCommand.Call.class})
final class PsaCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel psa --help'", Main.USAGE);
    }

    /** Options every psa subcommand takes. */
    static class Target {
        @Option(names = "--socket", required = true, paramLabel = "PATH", description = "The SPE's socket.")
        Path socket;

        @Option(names = "--nsid", defaultValue = "-1", paramLabel = "N",
                description = "Act as this NS client, -65536..-1 (default: ${DEFAULT-VALUE}).")
        int nsid;

        <T> T with(java.util.function.Function<PsaClient, T> f) {
            if (!ClientIds.isValidNsid(nsid)) {
                throw new UserException("--nsid must be in [-65536, -1], got " + nsid, Main.USAGE);
            }
            if (!Files.exists(socket)) {
                throw new UserException("no SPE socket at " + socket + " (start one with 'citadel spe serve')");
            }
            try (SocketClient c = SocketClient.connect(socket)) {
                return f.apply(c.asClient(nsid));
            } catch (IOException e) {
                throw new UserException("cannot reach the SPE at " + socket + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "framework-version", mixinStandardHelpOptions = true,
            description = "psa_framework_version(): the FF-M version the SPE implements.")
    static final class FrameworkVersion extends Target implements Runnable {
        @Override
        public void run() {
            int v = with(PsaClient::frameworkVersion);
            if (v == 0) {
                throw new UserException("the SPE did not answer");
            }
            System.out.printf("0x%04x (FF-M %d.%d)%n", v, v >> 8, v & 0xFF);
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true,
            description = "psa_version(SID): a service's version, or 0 (PSA_VERSION_NONE) if absent or not allowed.")
    static final class Version extends Target implements Runnable {
        @Parameters(paramLabel = "SID", description = "Service ID, e.g. 0x80.")
        String sid;

        @Override
        public void run() {
            int s = Hex.parseInt(sid, "SID");
            int v = with(c -> c.version(s));
            System.out.println(v == Psa.VERSION_NONE ? "0 (PSA_VERSION_NONE)" : Integer.toUnsignedString(v));
            if (v == Psa.VERSION_NONE) {
                throw new UserException("service 0x" + Integer.toHexString(s) + " is absent or not open to NS clients");
            }
        }
    }

    @Command(name = "call", mixinStandardHelpOptions = true,
            description = {"psa_call(handle, type, in_vec, out_vec) on a stateless handle.",
                "Prints the status and each output vector in hex; exits 1 when the status is negative."})
    static final class Call extends Target implements Runnable {
        @Option(names = "--handle", required = true, paramLabel = "H", description = "e.g. 0x40000100 (Crypto).")
        String handle;

        @Option(names = "--type", defaultValue = "0", paramLabel = "T", description = "Call type (default: 0).")
        String type;

        @Option(names = "--in", paramLabel = "HEX", description = "An input vector, in hex (repeatable).")
        List<String> in = new ArrayList<>();

        @Option(names = "--out-size", paramLabel = "N", description = "An output vector's capacity (repeatable).")
        List<Integer> outSizes = new ArrayList<>();

        @Override
        public void run() {
            int h = Hex.parseInt(handle, "handle");
            int t = Hex.parseInt(type, "type");
            InVec[] ins = in.stream().map(s -> InVec.of(Hex.parseBytes(s, "--in"))).toArray(InVec[]::new);
            OutVec[] outs = new OutVec[outSizes.size()];
            for (int i = 0; i < outs.length; i++) {
                if (outSizes.get(i) < 0 || outSizes.get(i) > (1 << 20)) {
                    throw new UserException("--out-size must be 0..1048576", Main.USAGE);
                }
                outs[i] = OutVec.allocate(outSizes.get(i));
            }
            int status = with(c -> c.call(h, t, ins, outs));
            System.out.println("status " + PsaStatus.describe(status));
            for (int i = 0; i < outs.length; i++) {
                System.out.println("out[" + i + "] " + outs[i].length() + " bytes: "
                        + HexFormat.of().formatHex(outs[i].toByteArray()));
            }
            if (status < 0) {
                throw new UserException("psa_call failed: " + PsaStatus.describe(status));
            }
        }
    }
}
