package dev.citadel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citadel} command. */
@Command(
        name = "citadel",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A PSA secure processing environment (TF-M) and its non-secure side, on the JVM.",
        subcommands = {DemoCommand.class, BootCommand.class, SpeCommand.class, PsaCommand.class, DeviceCommand.class, ImageCommand.class,
            AttestCommand.class, P11Command.class,
            ProvisionCommand.class, OtaCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of a user mistake (bad option, missing file). */
    static final int USAGE = 2;
    /** Exit code of a command that ran and failed. */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; never throws. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("citadel: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof UserException) {
                err.println("citadel: " + ex.getMessage());
                err.flush();
                return ((UserException) ex).exitCode();
            }
            err.println("citadel: internal error: " + ex);
            err.flush();
            return FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/citadel-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "citadel " + p.getProperty("version", "unknown"),
                "PSA Firmware Framework 1.1, IPC wire protocol 1",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
