package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel boot} process by process: BL2 over a device made with {@code device init/flash}, then the SPE
 * and the NS application as their own JVMs from the verified images.
 */
class BootCliTest {
    private static final String HELLO = "[ns] citadel-ns: hello from the NS application: framework version 1.1,"
            + " SHA-256(\"citadel\") from the SPE = ";

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static long counter(BootRig rig, NvCounterId id) throws Exception {
        try (FlashDevice f = FlashDevice.openFile(rig.device.resolve("nv_counters.bin"), NvCounters.GEOMETRY)) {
            return NvCounters.open(f).read(id);
        }
    }

    @Test
    void aFreshDeviceBootsBothWorldsFromTheVerifiedImagesAndStopsCleanly(@TempDir Path dir) throws Exception {
        BootRig rig = new BootRig(dir).installed();

        CliTest.Run r = rig.boot();

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("[bl2] image 0 (secure) verified: version 1.0.0+0")
                .contains("[bl2] image 1 (non-secure) verified: version 1.0.0+0")
                .contains("[bl2]   sw module 0: type SPE, version 1.0.0")
                .contains("[bl2]   sw module 1: type NSPE, version 1.0.0")
                .contains(" measured-images=2")
                .contains(HELLO + sha256("citadel"))
                .contains("[boot] NS application exited with status 0")
                .contains("[boot] SPE exited with status 0");
        assertThat(r.err()).isEmpty();
        assertThat(counter(rig, NvCounterId.BL2_0)).isEqualTo(1);
        assertThat(counter(rig, NvCounterId.BL2_1)).isEqualTo(1);
    }

    @Test
    void aTamperedPrimaryImageIsRefusedAndNothingRuns(@TempDir Path dir) throws Exception {
        BootRig rig = new BootRig(dir).installed();
        // One bit of the NS jar inside image 1's primary slot (0x20000), past the 0x400-byte header.
        try (RandomAccessFile f = new RandomAccessFile(rig.device.resolve("internal_flash.bin").toFile(), "rw")) {
            long at = 0x20000 + 0x400 + 1000;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }

        CliTest.Run r = rig.boot();

        ImageCliTest.assertOneLineError(r, 1, "boot refused: image 1 (non-secure): the primary image is not valid:");
        assertThat(r.err()).contains("HASH_MISMATCH");
        assertThat(r.out()).doesNotContain("[spe]", "[ns]", "[boot]");
    }

    @Test
    void aFlashedUpdateRunsAsATrialConfirmsItselfAndIsKeptAtTheNextBoot(@TempDir Path dir) throws Exception {
        BootRig rig = new BootRig(dir).installed();
        CliTest.Run flash = BootRig.ok("device", "flash", rig.device.toString(), "--image", "1", "--slot",
                "secondary", rig.ns("2.0.0", 2).toString());
        assertThat(flash.out()).contains("marked for a test swap (TEST)");

        CliTest.Run trial = rig.boot();

        assertThat(trial.code()).as(trial.toString()).isZero();
        assertThat(trial.out()).contains("[bl2] image 1: swap type TEST")
                .contains("[bl2] image 1 (non-secure) verified: version 2.0.0+0")
                .contains("[ns] citadel-ns: running image 1 version 2.0.0+0 (FWU: image 0 READY, image 1 TRIAL)")
                .contains("[ns] citadel-ns: psa_fwu_accept: PSA_SUCCESS (0); the trial image is confirmed")
                .contains(HELLO);
        // a trial does not raise the counter to the update's 2 at its swap: only once it has confirmed itself
        assertThat(counter(rig, NvCounterId.BL2_1)).isZero();

        CliTest.Run next = rig.boot();

        assertThat(next.code()).as(next.toString()).isZero();
        assertThat(next.out()).contains("[bl2] image 1: swap type NONE")
                .contains("[bl2] image 1 (non-secure) verified: version 2.0.0+0")
                .contains("[ns] citadel-ns: running image 1 version 2.0.0+0 (FWU: image 0 READY, image 1 READY)")
                .contains(HELLO);
        assertThat(counter(rig, NvCounterId.BL2_1)).isEqualTo(2);
    }

    @Test
    void argumentsForTheNsApplicationMustFollowTheDelimiter(@TempDir Path dir) {
        ImageCliTest.assertOneLineError(CliTest.citadel("boot", dir.toString(), "attest"), 2,
                "the NS application's arguments go after --");
        ImageCliTest.assertOneLineError(CliTest.citadel("boot", dir.toString(), "attest", "--", "x"), 2,
                "the NS application's arguments go after --");
    }
}
