package dev.citadel.boot.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a world (the SPE or the NS application) as its own JVM running {@link Launcher}, and hands it its code,
 * and anything that follows, through its standard input. The JVM is this one's ({@code java.home}); its class path
 * is only the root that holds the launcher (the {@code citadel} jar); environment variables that could add code or
 * options to a JVM are removed.
 */
public final class WorldProcess {
    /** Variables through which a JVM would take options (an agent is code) or a class path from its environment. */
    static final List<String> SCRUBBED_ENV = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "CLASSPATH");

    private WorldProcess() {}

    /**
     * Starts the SPE from verified code; {@code sharedData} (the shared boot data area) follows the code on the
     * pipe, so the SPE reads its measurements from the same channel, with no file in between.
     */
    public static Process startSpe(SpeCode code, byte[] sharedData, List<String> jvmFlags, List<String> args)
            throws IOException {
        return start(concat(code.launchStream(), sharedData), jvmFlags, args, Map.of());
    }

    /** Starts the NS application from the payload of a verified image 1 (a jar). */
    public static Process startNs(byte[] verifiedJar, List<String> jvmFlags, List<String> args,
            Map<String, String> env) throws IOException {
        return start(LaunchStream.forNs(verifiedJar), jvmFlags, args, env);
    }

    /** The command line a world runs: this JVM, the flags, the root, the launcher, the program's arguments. */
    static List<String> command(List<String> jvmFlags, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(root().toString());
        cmd.add(Launcher.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Where the launcher's own class comes from: the citadel jar (or, in the build, boot's classes). */
    static Path root() {
        CodeSource cs = Launcher.class.getProtectionDomain().getCodeSource();
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the launcher class was loaded from", e);
        }
    }

    private static Process start(byte[] stdin, List<String> jvmFlags, List<String> args, Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jvmFlags, args));
        SCRUBBED_ENV.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        // A thread, because the child may write to its stdout/stderr before it has read all its input.
        Thread feeder = new Thread(() -> {
            try (OutputStream out = p.getOutputStream()) {
                out.write(stdin);
            } catch (IOException ignored) {
                // the child died early; its exit status and stderr say why
            }
        }, "world-stdin");
        feeder.setDaemon(true);
        feeder.start();
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
