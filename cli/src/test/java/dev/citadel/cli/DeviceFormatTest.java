package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.FlashFile;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsFlashFs;
import dev.citadel.spe.its.ItsStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citadel device format}: erases exactly the named area, and only of a device no SPE holds. */
class DeviceFormatTest {
    private static final long UID = 7;

    /** A device with an ITS asset, a byte outside the ITS area, PS bytes, an NV counter and an OTP field. */
    private static Path populated(Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dev)) {
            FlashFile internal = d.internalFlash();
            try (FlashDevice flash = internal.open()) {
                new ItsStorage(ItsFlashFs.mount(flash, ItsConfig.forFlash(internal.geometry())))
                        .set(-1, UID, new byte[] {1, 2, 3}, 0);
                flash.program(0, new byte[16]); // a BL2 slot's first unit: outside the ITS area
                flash.sync();
            }
            try (FlashDevice flash = d.externalFlash().open()) {
                flash.program(4096 * 100, new byte[] {0x12});
                flash.sync();
            }
            try (FlashDevice flash = d.nvCounters().open()) {
                NvCounters.open(flash).increment(NvCounterId.NS_0);
            }
            Otp.open(d.otpFile()).program(OtpField.HUK, new byte[32]);
        }
        return dev;
    }

    private static byte[] file(Path dev, String name) throws Exception {
        return Files.readAllBytes(dev.resolve(name));
    }

    private static boolean erased(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Test
    void itsErasesTheItsAreaAndNothingElse(@TempDir Path dir) throws Exception {
        Path dev = populated(dir);
        byte[] nv = file(dev, "nv_counters.bin");
        byte[] otp = file(dev, "otp.bin");
        byte[] external = file(dev, "external_flash.bin");
        byte[] before = file(dev, "internal_flash.bin");
        // Default internal flash 4096 x 512: the ITS area is the last 80 sectors.
        int areaStart = (512 - 80) * 4096;
        assertThat(erased(before, areaStart, before.length)).isFalse();

        CliTest.Run r = CliTest.citadel("device", "format", "--its", dev.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("erased ITS area: internal_flash.bin sectors 432..511 (80 sectors, 327680 bytes)")
                .contains("NV counters (nv_counters.bin) and OTP (otp.bin) untouched");
        byte[] after = file(dev, "internal_flash.bin");
        assertThat(erased(after, areaStart, after.length)).isTrue();
        assertThat(Arrays.equals(after, 0, areaStart, before, 0, areaStart)).isTrue();
        assertThat(file(dev, "nv_counters.bin")).isEqualTo(nv);
        assertThat(file(dev, "otp.bin")).isEqualTo(otp);
        assertThat(file(dev, "external_flash.bin")).isEqualTo(external);
        // ITS formats the erased area at its next mount: the asset is gone, the store works.
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dev); FlashDevice flash = d.internalFlash().open()) {
            ItsFlashFs fs = ItsFlashFs.mount(flash, ItsConfig.forFlash(d.internalFlash().geometry()));
            assertThat(fs.list()).isEmpty();
        }
    }

    @Test
    void psErasesTheWholeExternalFlashOnly(@TempDir Path dir) throws Exception {
        Path dev = populated(dir);
        byte[] internal = file(dev, "internal_flash.bin");
        byte[] nv = file(dev, "nv_counters.bin");
        byte[] otp = file(dev, "otp.bin");

        CliTest.Run r = CliTest.citadel("device", "format", "--ps", dev.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("external_flash.bin sectors 0..255 (256 sectors, 1048576 bytes)");
        byte[] external = file(dev, "external_flash.bin");
        assertThat(erased(external, 0, external.length)).isTrue();
        assertThat(file(dev, "internal_flash.bin")).isEqualTo(internal);
        assertThat(file(dev, "nv_counters.bin")).isEqualTo(nv);
        assertThat(file(dev, "otp.bin")).isEqualTo(otp);
    }

    @Test
    void withoutAnAreaFlagNothingIsErased(@TempDir Path dir) throws Exception {
        Path dev = populated(dir);
        byte[] internal = file(dev, "internal_flash.bin");
        CliTest.Run r = CliTest.citadel("device", "format", dev.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("citadel: ").contains("--its and/or --ps");
        assertThat(file(dev, "internal_flash.bin")).isEqualTo(internal);
    }

    @Test
    void aMissingDirectoryIsRefusedAndNotCreated(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here");
        CliTest.Run r = CliTest.citadel("device", "format", "--its", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().contains("no device directory");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNotADeviceIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliTest.Run r = CliTest.citadel("device", "format", "--ps", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("not a Citadel device");
        try (var s = Files.list(empty)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aDeviceHeldByAnSpeIsRefused(@TempDir Path dir) throws Exception {
        Path dev = populated(dir);
        byte[] internal = file(dev, "internal_flash.bin");
        try (DeviceDirectory held = DeviceDirectory.openOrCreate(dev)) {
            CliTest.Run r = CliTest.citadel("device", "format", "--its", "--ps", dev.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines()).singleElement().asString().contains("in use by another SPE");
        }
        assertThat(file(dev, "internal_flash.bin")).isEqualTo(internal);
    }
}
