package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citadel spe serve} as its own process, reached by {@code citadel psa} through the socket. */
class SpeProcessTest {

    @Test
    void servesThroughItsSocketAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add)) {
            assertThat(spe.readyLine()).contains("ready").contains(socket.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(device))).isEqualTo("rwx------");

            CliTest.Run fv = CliTest.citadel("psa", "framework-version", "--socket", socket.toString());
            assertThat(fv.code()).isZero();
            assertThat(fv.out()).contains("0x0101 (FF-M 1.1)");

            // ITS is served: get_info of a uid this client never set (TFM_ITS_GET_INFO, uid 1).
            CliTest.Run its = CliTest.citadel("psa", "call", "--socket", socket.toString(), "--handle",
                    "0x40000102", "--type", "1003", "--in", "0100000000000000", "--out-size", "12");
            assertThat(its.code()).isEqualTo(1);
            assertThat(its.out()).contains("PSA_ERROR_DOES_NOT_EXIST (-140)");

            // Platform is: NS counter 0 of a fresh device reads 0 (TFM_PLATFORM_API_ID_NV_READ, counter index 0).
            CliTest.Run counter = CliTest.citadel("psa", "call", "--socket", socket.toString(), "--handle",
                    "0x40000105", "--type", "1010", "--in", "00000000", "--out-size", "4");
            assertThat(counter.code()).as(counter.out()).isZero();
            assertThat(counter.out()).contains("00000000");

            // Crypto is served: a call without its 56-byte pack iovec gets TF-M's answer.
            CliTest.Run crypto = CliTest.citadel("psa", "call", "--socket", socket.toString(), "--handle",
                    "0x40000100", "--out-size", "4");
            assertThat(crypto.out()).contains("PSA_ERROR_GENERIC_ERROR (-132)");
            CliTest.Run version = CliTest.citadel("psa", "version", "--socket", socket.toString(), "0x80");
            assertThat(version.code()).isZero();
            assertThat(version.out().trim()).isEqualTo("1");

            // Attestation is served, but an SPE started without BL2 has no measurements for the default profile:
            // the size query (TFM_ATTEST_GET_TOKEN_SIZE, 32) answers GENERIC_ERROR, as TF-M does without boot data.
            CliTest.Run attest = CliTest.citadel("psa", "call", "--socket", socket.toString(), "--handle",
                    "0x40000103", "--type", "1002", "--in", "20000000", "--out-size", "4");
            assertThat(attest.code()).isEqualTo(1);
            assertThat(attest.out()).contains("PSA_ERROR_GENERIC_ERROR (-132)");
            CliTest.Run get = CliTest.citadel("attest", "get", "--socket", socket.toString());
            assertThat(get.code()).isEqualTo(1);
            assertThat(get.err()).contains("GENERIC_ERROR").doesNotContain("Exception");
            CliTest.Run badNonce = CliTest.citadel("attest", "get", "--socket", socket.toString(), "--nonce", "00ff");
            assertThat(badNonce.code()).isEqualTo(Main.USAGE);
            assertThat(badNonce.err()).contains("32, 48 or 64 bytes");

            assertThat(spe.stop()).isZero();
        }
        assertThat(socket).doesNotExist();
        assertThat(log).anyMatch(l -> l.contains("conn 1 ") && l.contains("requests=1"));
        assertThat(log).anyMatch(l -> l.contains("stopping"));
    }

    /**
     * The footprint of the SPE as a device runs it: its main class on its pinned jars only (what image 0's manifest
     * lists, and what {@code citadel.jar} holds of it), with the production flags ({@link SpeProcess#JVM_FLAGS}),
     * after the same calls as above; a memory bound, not a timing one. Not measured on this module's test class
     * path: the NS-side jars on it (MQTT, Netty, Jackson) would be opened by the class loader's search and their
     * zip directories kept in the heap, which a device's SPE never carries.
     */
    @Test
    void theSpeOnItsPinnedJarsStaysUnder64MiB(@TempDir Path dir) throws Exception {
        List<Path> jars = CodeJars.speLib(Files.createDirectories(dir.resolve("spe-lib")));
        Path socket = dir.resolve("spe.sock");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(SpeProcess.JVM_FLAGS);
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()),
                dev.citadel.spe.SpeMain.class.getName(), "--device", dir.resolve("device").toString(), "--socket",
                socket.toString()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        try (SpeProcess spe = SpeProcess.supervise(p, l -> {})) {
            for (int i = 0; i < 3; i++) {
                assertThat(CliTest.citadel("psa", "framework-version", "--socket", socket.toString()).code()).isZero();
                assertThat(CliTest.citadel("psa", "call", "--socket", socket.toString(), "--handle", "0x40000100",
                        "--out-size", "4").out()).contains("PSA_ERROR_GENERIC_ERROR (-132)");
            }
            long rss = spe.rssKib();
            System.out.println("SPE on its pinned jars: RSS " + rss / 1024 + " MiB");
            assertThat(rss).isBetween(1L, 64L * 1024);
        }
    }

    @Test
    void secondSpeOnTheSameDeviceIsRefused(@TempDir Path dir) throws Exception {
        Path device = dir.resolve("device");
        try (SpeProcess first = SpeProcess.start(device, dir.resolve("a.sock"), l -> {})) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            try {
                SpeProcess.start(device, dir.resolve("b.sock"), log::add).close();
                throw new AssertionError("a second SPE started on a locked device");
            } catch (java.io.IOException expected) {
                assertThat(expected.getMessage()).contains("exited with code 1");
            }
            assertThat(log).singleElement().asString().contains("in use by another SPE");
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void secondSpeOnALiveSocketIsRefused(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("spe.sock");
        try (SpeProcess first = SpeProcess.start(dir.resolve("d1"), socket, l -> {})) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            try {
                SpeProcess.start(dir.resolve("d2"), socket, log::add).close();
                throw new AssertionError("a second SPE took a live socket");
            } catch (java.io.IOException expected) {
                assertThat(expected.getMessage()).contains("exited with code 1");
            }
            assertThat(log).singleElement().asString().contains("another SPE is serving");
            assertThat(CliTest.citadel("psa", "framework-version", "--socket", socket.toString()).code()).isZero();
        }
    }
}
