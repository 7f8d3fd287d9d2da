package dev.citadel.hal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRollbackTest {
    @TempDir
    Path tmp;

    @Test
    void restoringOldFlashFilesDoesNotRollTheCountersBack() throws Exception {
        Path dir = tmp.resolve("device");
        Path saved = Files.createDirectory(tmp.resolve("saved"));
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            try (FlashDevice ext = d.externalFlash().open(); FlashDevice intl = d.internalFlash().open();
                    FlashDevice nv = d.nvCounters().open()) {
                ext.program(0, new byte[] {1});
                intl.program(0, new byte[16]);
                NvCounters.open(nv).increment(NvCounterId.PS_0);
            }
            Files.copy(d.externalFlash().path(), saved.resolve("external"));
            Files.copy(d.internalFlash().path(), saved.resolve("internal"));

            try (FlashDevice ext = d.externalFlash().open(); FlashDevice nv = d.nvCounters().open()) {
                ext.erase(0);
                ext.program(0, new byte[] {2});
                NvCounters.open(nv).increment(NvCounterId.PS_0);
            }

            Files.copy(saved.resolve("external"), d.externalFlash().path(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(saved.resolve("internal"), d.internalFlash().path(), StandardCopyOption.REPLACE_EXISTING);

            try (FlashDevice ext = d.externalFlash().open(); FlashDevice nv = d.nvCounters().open()) {
                assertThat(ext.read(0, 1)).containsExactly(1);
                assertThat(NvCounters.open(nv).read(NvCounterId.PS_0)).isEqualTo(2);
            }
        }
    }

    @Test
    void everyStorageFileOfTheDeviceIsOwnerOnly() throws Exception {
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(tmp.resolve("device"))) {
            d.internalFlash().open().close();
            d.externalFlash().open().close();
            d.nvCounters().open().close();
            byte[] huk = new byte[32];
            Arrays.fill(huk, (byte) 7);
            Otp.open(d.otpFile()).program(OtpField.HUK, huk);

            for (Path p : new Path[] {d.internalFlash().path(), d.externalFlash().path(), d.nvCounters().path(),
                d.otpFile()}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
