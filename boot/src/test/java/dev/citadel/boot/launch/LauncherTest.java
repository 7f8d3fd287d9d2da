package dev.citadel.boot.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher in its own JVM, as BL2 starts it, and the launch stream it reads. */
class LauncherTest {
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final String MAIN = """
            package demo;
            public class Main {
                static { System.out.println("demo.Main initialised"); }
                public static void main(String[] args) throws Exception {
                    ClassLoader cl = Main.class.getClassLoader();
                    String greeting;
                    try (var in = cl.getResourceAsStream("demo/greeting.txt")) {
                        greeting = new String(in.readAllBytes());
                    }
                    boolean seesLauncher;
                    try {
                        Class.forName("dev.citadel.boot.launch.Launcher", false, cl);
                        seesLauncher = true;
                    } catch (ClassNotFoundException e) {
                        seesLauncher = false;
                    }
                    String rest = new String(System.in.readAllBytes());
                    System.out.println("args=" + String.join(",", args) + " greeting=" + greeting
                            + " helper=" + demo.util.Helper.VALUE + " rest=" + rest + " loader=" + cl.getName()
                            + " seesLauncher=" + seesLauncher + " env=" + System.getenv("CITADEL_SOCKET"));
                }
            }
            """;
    private static final String HELPER = """
            package demo.util;
            public class Helper { public static final String VALUE = new String("from-the-second-jar"); }
            """;

    private static byte[] mainJar;
    private static byte[] helperJar;

    @BeforeAll
    static void compile() {
        mainJar = TestJars.jar(Map.of("demo.Main", MAIN, "demo.util.Helper", HELPER),
                Map.of("demo/greeting.txt", "hello".getBytes(StandardCharsets.US_ASCII)), "demo.Main", "demo/Main");
        helperJar = TestJars.jar(Map.of("demo.util.Helper", HELPER), Map.of(), null);
    }

    private static SpeManifest manifest() {
        return new SpeManifest("demo.Main",
                List.of(SpeManifest.JarPin.of("main.jar", mainJar), SpeManifest.JarPin.of("helper.jar", helperJar)));
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(Process p) throws Exception {
        // Read both pipes fully before waiting, so a chatty child cannot block.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
    }

    private static Process raw(byte[] stdin) throws IOException {
        Process p = new ProcessBuilder(WorldProcess.command(FLAGS, List.of())).start();
        try (OutputStream o = p.getOutputStream()) {
            o.write(stdin);
        } catch (IOException ignored) {
            // the launcher stopped reading: it refused
        }
        return p;
    }

    @Test
    void runsTheSpeFromPipedJarsWithResourcesArgumentsAndTheRestOfStdin(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("main.jar"), mainJar);
        Files.write(dir.resolve("helper.jar"), helperJar);
        SpeCode code = SpeCode.load(manifest().encode(), List.of(dir.resolve("helper.jar"), dir.resolve("main.jar")));

        Run r = run(WorldProcess.startSpe(code, "boot-data".getBytes(StandardCharsets.US_ASCII), FLAGS,
                List.of("--device", "d")));

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("demo.Main initialised\nargs=--device,d greeting=hello"
                + " helper=from-the-second-jar rest=boot-data loader=citadel-memory seesLauncher=false env=null\n");
    }

    @Test
    void runsTheNsApplicationFromItsJarWithTheSocketInItsEnvironment() throws Exception {
        byte[] nsJar = TestJars.jar(Map.of("demo.Main", MAIN, "demo.util.Helper", HELPER),
                Map.of("demo/greeting.txt", "hi".getBytes(StandardCharsets.US_ASCII)), "demo.Main");

        Run r = run(WorldProcess.startNs(nsJar, FLAGS, List.of(), Map.of("CITADEL_SOCKET", "/tmp/x.sock")));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).endsWith("greeting=hi helper=from-the-second-jar rest= loader=citadel-memory"
                + " seesLauncher=false env=/tmp/x.sock\n");
    }

    @Test
    void aJarThatDiffersFromItsPinIsRefusedBeforeAnyClassIsDefined() throws Exception {
        byte[] tampered = helperJar.clone();
        tampered[tampered.length / 2] ^= 0x01;
        byte[] stream = LaunchStream.forSpe(manifest().encode(), List.of(mainJar, tampered));

        Run r = run(raw(stream));

        assertThat(r.exit()).isEqualTo(Launcher.REFUSED);
        assertThat(r.out()).isEmpty(); // demo.Main's static initialiser never ran
        assertThat(r.err()).isEqualTo("citadel-launch: helper.jar differs from the SHA-256 its manifest pins;"
                + " nothing was run\n");
    }

    @Test
    void anEmptyStandardInputIsRefusedWithOneLine() throws Exception {
        Run r = run(raw(new byte[0]));

        assertThat(r.exit()).isEqualTo(Launcher.REFUSED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("citadel-launch: launch stream ends inside the magic (0 of 8 bytes)\n");
    }

    @Test
    void everyTruncationOfAStreamIsRefusedWithOneLine() {
        byte[] stream = LaunchStream.forSpe(manifest().encode(), List.of(mainJar, helperJar));
        for (int len = 0; len < stream.length; len++) {
            byte[] cut = Arrays.copyOf(stream, len);
            assertThatThrownBy(() -> LaunchStream.read(new ByteArrayInputStream(cut)))
                    .as("length %d", len)
                    .isInstanceOf(LaunchException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void aGarbledHeaderIsRefusedWithItsReason() {
        byte[] good = LaunchStream.forNs(mainJar);
        byte[] magic = good.clone();
        magic[0] = 'X';
        byte[] version = good.clone();
        version[8] = 2;
        byte[] kind = good.clone();
        kind[9] = 9;
        byte[] huge = good.clone();
        huge[13] = (byte) 0x7F;
        assertThatThrownBy(() -> read(magic)).hasMessage("standard input is not a launch stream (bad magic)");
        assertThatThrownBy(() -> read(version)).hasMessage("launch stream version 2 is not supported (expected 1)");
        assertThatThrownBy(() -> read(kind)).hasMessage("launch stream kind 9 is unknown");
        assertThatThrownBy(() -> read(huge)).hasMessageContaining("more than " + LaunchStream.MAX_NS_JAR);
    }

    @Test
    void anSpeJarOfAnotherSizeIsRefusedBeforeItIsRead() {
        byte[] stream = LaunchStream.forSpe(manifest().encode(), List.of(mainJar, Arrays.copyOf(helperJar,
                helperJar.length + 1)));
        assertThatThrownBy(() -> read(stream)).hasMessage("helper.jar has " + (helperJar.length + 1)
                + " bytes, the manifest pins " + helperJar.length);
    }

    @Test
    void anNsPayloadThatIsNotAJarOrNamesNoMainClassIsRefused() {
        assertThatThrownBy(() -> read(LaunchStream.forNs("not a jar".getBytes(StandardCharsets.US_ASCII))))
                .hasMessage("the NS application is not a jar: no zip central directory");
        assertThatThrownBy(() -> read(LaunchStream.forNs(helperJar)))
                .hasMessage("the NS application's jar names no Main-Class");
    }

    @Test
    void aMainClassMissingFromTheJarsIsRefused() throws Exception {
        SpeManifest m = new SpeManifest("demo.Absent", List.of(SpeManifest.JarPin.of("main.jar", mainJar)));
        LaunchStream.Program p = read(LaunchStream.forSpe(m.encode(), List.of(mainJar)));
        assertThatThrownBy(() -> Launcher.mainOf(p)).hasMessage("main class demo.Absent is in none of the jars");
    }

    @Test
    void whatFollowsTheStreamIsLeftForTheProgram() throws Exception {
        byte[] stream = LaunchStream.forNs(mainJar);
        byte[] all = Arrays.copyOf(stream, stream.length + 3);
        all[stream.length] = 'a';
        ByteArrayInputStream in = new ByteArrayInputStream(all);
        LaunchStream.read(in);
        assertThat(in.readAllBytes()).containsExactly('a', 0, 0);
    }

    private static LaunchStream.Program read(byte[] b) throws LaunchException {
        return LaunchStream.read(new ByteArrayInputStream(b));
    }
}
