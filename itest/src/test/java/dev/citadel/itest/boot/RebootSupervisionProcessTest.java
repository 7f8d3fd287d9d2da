package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.CodeJars;
import dev.citadel.cli.InProcessCitadel;
import dev.citadel.ns.SocketClient;
import dev.citadel.nsapp.HelloSpe;
import dev.citadel.psa.PsaStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel boot} supervising reboots, with processes through the CLI: the NS application that BL2 started
 * writes an update through the FWU API and asks for a reboot; {@code citadel boot} stops both worlds, runs BL2 (the
 * test swap) and starts them again; the new image tests itself and accepts, or rejects and is reverted, or crashes on
 * trial and is reverted. Which versions ran is read from the NS application's own lines (it reports the version FWU
 * sees in the primary slot, and the FWU states, at every start).
 */
@Timeout(180)
class RebootSupervisionProcessTest {
    private static final Pattern RAN = Pattern.compile(
            "\\[ns] citadel-ns: running image 1 version (\\S+) \\(FWU: image 0 (\\w+), image 1 (\\w+)\\)");
    private static final String BY_FWU = "[boot] reset requested by the FWU partition (271, psa_fwu_request_reboot)";

    @TempDir
    Path dir;
    private Path speLib;
    private Path device;
    private Path key0;
    private Path key1;

    @Test
    void anUpdateIsTestSwappedAcceptedAndKeptThenAFailingSelfTestIsRevertedToIt() throws Exception {
        install("1.0.0", 1);
        Path v2 = sign(nsJar(null), key1, "2.0.0", 2, "ns-2.bin");

        InProcessCitadel.Run update = boot("update", "--image", v2.toString());
        assertThat(ran(update)).containsExactly("1.0.0+0 READY", "2.0.0+0 TRIAL");
        assertThat(update.out()).contains("[ns] citadel-ns: update: psa_fwu_write: ")
                .contains("[ns] citadel-ns: update: psa_fwu_install: STAGED; a reboot test-swaps it")
                .contains(BY_FWU + "; rebooting (1)")
                .contains("[bl2] image 1: swap type TEST")
                .contains("[ns] citadel-ns: self-test passed: framework version, SHA-256 known answer, ITS round trip")
                .contains("[ns] citadel-ns: psa_fwu_accept: PSA_SUCCESS (0); the trial image is confirmed")
                .doesNotContain("rebooting (2)");
        assertThat(lastLine(update)).isEqualTo("[boot] SPE exited with status 0");

        InProcessCitadel.Run confirmed = boot();
        assertThat(ran(confirmed)).containsExactly("2.0.0+0 READY");
        assertThat(confirmed.out()).contains("[bl2] image 1: swap type NONE")
                .contains("[bl2] image 1: security counter raised from 1 to 2")
                .doesNotContain("rebooting", "self-test");

        Path v3 = sign(nsJar("fail"), key1, "3.0.0", 3, "ns-3-fails.bin");
        InProcessCitadel.Run reverted = boot("update", "--image", v3.toString());
        assertThat(ran(reverted)).containsExactly("2.0.0+0 READY", "3.0.0+0 TRIAL", "2.0.0+0 READY");
        assertThat(reverted.out()).contains(BY_FWU + "; rebooting (1)")
                .contains("[ns] citadel-ns: self-test failed: this image carries the fail hook (selftest-hook)")
                .contains("[ns] citadel-ns: psa_fwu_reject: PSA_SUCCESS_REBOOT (1); BL2 reverts the trial image")
                .contains(BY_FWU + "; rebooting (2)")
                .contains("[bl2] image 1: swap type REVERT")
                .doesNotContain("psa_fwu_accept", "security counter raised");
        assertThat(reverted.out().indexOf("swap type REVERT")).isGreaterThan(reverted.out().indexOf("rebooting (2)"));
    }

    @Test
    void theSecureImageIsUpdatedThroughTheNsApplicationTestBootedAndAccepted() throws Exception {
        install("1.0.0", 1);
        Path manifest = dir.resolve("manifest-2.bin");
        Citadel.ok("image", "spe-manifest", "--lib", speLib.toString(), "-o", manifest.toString());
        Path spe2 = signImage(manifest, key0, "1.1.0", 2, "SPE", 0x20000, "spe-2.bin");

        InProcessCitadel.Run update = boot("update", "--image", spe2.toString(), "--component", "0");
        assertThat(update.out()).contains("[ns] citadel-ns: update: psa_fwu_install: STAGED; a reboot test-swaps it")
                .contains(BY_FWU + "; rebooting (1)")
                .contains("[bl2] image 0: swap type TEST")
                .contains("[bl2] image 0 (secure) verified: version 1.1.0+0")
                .contains("[ns] citadel-ns: running image 1 version 1.0.0+0 (FWU: image 0 TRIAL, image 1 READY)")
                .contains("[ns] citadel-ns: psa_fwu_accept: PSA_SUCCESS (0); the trial image is confirmed")
                .doesNotContain("rebooting (2)");
        assertThat(update.out().indexOf("image 0 (secure) verified: version 1.1.0+0"))
                .isGreaterThan(update.out().indexOf("rebooting (1)"));

        InProcessCitadel.Run confirmed = boot();
        assertThat(confirmed.out()).contains("[bl2] image 0: swap type NONE")
                .contains("[bl2] image 0 (secure) verified: version 1.1.0+0")
                .contains("[bl2] image 0: security counter raised from 1 to 2")
                .contains("(FWU: image 0 READY, image 1 READY)")
                .doesNotContain("rebooting", "self-test");
    }

    @Test
    void anNsApplicationThatCrashesOnTrialIsRebootedAndReverted() throws Exception {
        install("1.0.0", 1);
        Path crashes = sign(nsJar("crash"), key1, "2.0.0", 2, "ns-2-crashes.bin");

        InProcessCitadel.Run r = boot("update", "--image", crashes.toString());

        assertThat(ran(r)).containsExactly("1.0.0+0 READY", "2.0.0+0 TRIAL", "1.0.0+0 READY");
        assertThat(r.out()).contains(BY_FWU + "; rebooting (1)")
                .contains("[boot] NS application exited with status 134; stopping the SPE")
                .contains("[boot] the NS application exited with status 134 while image 1 ran on trial (BL2 reverts"
                        + " it); rebooting (2)")
                .contains("[bl2] image 1: swap type REVERT")
                .doesNotContain("psa_fwu_accept", "psa_fwu_reject");
        assertThat(lastLine(r)).isEqualTo("[boot] SPE exited with status 0");
    }

    @Test
    void aRebootBeyondTheBoundEndsTheRunWithOneLine() throws Exception {
        install("1.0.0", 1);
        Path v2 = sign(nsJar(null), key1, "2.0.0", 2, "ns-2.bin");

        InProcessCitadel.Run r = Citadel.run("boot", device.toString(), "--spe-lib", speLib.toString(),
                "--max-reboots", "0", "--", "update", "--image", v2.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("citadel:")).toList()).containsExactly(
                "citadel: boot loop: reset requested by the FWU partition (271, psa_fwu_request_reboot) after 0"
                        + " reboots, the most --max-reboots allows; stopping");
        assertThat(r.out()).doesNotContain("rebooting");
        assertThat(ran(r)).containsExactly("1.0.0+0 READY");
    }

    @Test
    void anUpdateRefusedByFinishIsOneLineAndTheRunEndsWithoutAReboot() throws Exception {
        install("1.0.0", 1);
        Path foreign = dir.resolve("foreign.pem");
        Citadel.ok("image", "keygen", "-k", foreign.toString(), "-t", "ed25519");
        Path bad = sign(nsJar(null), foreign, "2.0.0", 2, "ns-2-foreign.bin");

        InProcessCitadel.Run r = Citadel.run("boot", device.toString(), "--spe-lib", speLib.toString(), "--",
                "update", "--image", bad.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("[ns] citadel-ns: update: psa_fwu_finish refused: PSA_ERROR_INVALID_SIGNATURE"
                + " (-149); image 1 is unchanged").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("rebooting");

        assertThat(ran(boot())).containsExactly("1.0.0+0 READY");
    }

    /** The versions and FWU states of image 1 at each start of the NS application, in order. */
    private static List<String> ran(InProcessCitadel.Run r) {
        List<String> out = new ArrayList<>();
        Matcher m = RAN.matcher(r.out());
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(3));
            assertThat(m.group(2)).isEqualTo("READY");
        }
        return out;
    }

    private static String lastLine(InProcessCitadel.Run r) {
        List<String> lines = r.out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** Keys, the SPE library and its signed manifest, a device whose ROTPKs are those keys, and both images. */
    private void install(String nsVersion, int nsCounter) throws Exception {
        speLib = Files.createDirectories(dir.resolve("spe-lib"));
        CodeJars.speLib(speLib);
        key0 = dir.resolve("key0.pem");
        key1 = dir.resolve("key1.pem");
        Citadel.ok("image", "keygen", "-k", key0.toString(), "-t", "ecdsa-p256");
        Citadel.ok("image", "keygen", "-k", key1.toString(), "-t", "ed25519");
        device = dir.resolve("device");
        Citadel.ok("device", "init", device.toString(), "--rotpk0", key0.toString(), "--rotpk1", key1.toString());
        Path manifest = dir.resolve("manifest.bin");
        Citadel.ok("image", "spe-manifest", "--lib", speLib.toString(), "-o", manifest.toString());
        Path spe = signImage(manifest, key0, "1.0.0", 1, "SPE", 0x20000, "spe-1.bin");
        Citadel.ok("device", "flash", device.toString(), "--image", "0", spe.toString());
        Citadel.ok("device", "flash", device.toString(), "--image", "1",
                sign(nsJar(null), key1, nsVersion, nsCounter, "ns-1.bin").toString());
    }

    /**
     * nsapp's jar, made from the build's own classes as the module's shade plugin makes it; with a self-test hook
     * ({@code fail} or {@code crash}) as the resource nsapp reads beside its classes.
     */
    private Path nsJar(String hook) throws Exception {
        Path jar = dir.resolve("nsapp-" + hook + ".jar");
        List<Path> origins = new ArrayList<>();
        if (hook != null) {
            Path hooks = Files.createDirectories(dir.resolve("hook-" + hook).resolve("dev/citadel/nsapp"));
            Files.writeString(hooks.resolve("selftest-hook"), hook + "\n");
            origins.add(dir.resolve("hook-" + hook));
        }
        origins.addAll(List.of(CodeJars.origin(HelloSpe.class), CodeJars.origin(SocketClient.class),
                CodeJars.origin(PsaStatus.class)));
        if (!Files.exists(jar)) {
            CodeJars.pack(origins, jar, HelloSpe.class.getName());
        }
        return jar;
    }

    private Path sign(Path payload, Path key, String version, int counter, String name) {
        return signImage(payload, key, version, counter, "NSPE", 0x90000, name);
    }

    private Path signImage(Path payload, Path key, String version, int counter, String swType, int slot,
            String name) {
        Path out = dir.resolve(name);
        Citadel.ok("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", version, "-H", "0x400",
                "--pad-header", "-S", Integer.toString(slot), "--align", "16", "--max-sectors", "144", "-s",
                Integer.toString(counter), "--boot-record", swType, payload.toString(), out.toString());
        return out;
    }

    private InProcessCitadel.Run boot(String... nsArgs) {
        List<String> a = new ArrayList<>(List.of("boot", device.toString(), "--spe-lib", speLib.toString()));
        if (nsArgs.length > 0) {
            a.add("--");
            a.addAll(List.of(nsArgs));
        }
        InProcessCitadel.Run r = Citadel.ok(a.toArray(new String[0]));
        assertThat(r.out()).contains("[boot] NS application exited with status 0", "[boot] SPE exited with status 0");
        return r;
    }
}
