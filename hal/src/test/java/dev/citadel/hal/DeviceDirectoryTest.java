package dev.citadel.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceDirectoryTest {

    @TempDir
    Path tmp;

    private static Properties descriptor(Path root) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(root.resolve(DeviceDirectory.DESCRIPTOR), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void openingAMissingDirectoryCreatesIt() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(dir).isDirectory();
            assertThat(d.root()).isEqualTo(dir.toAbsolutePath());
        }
    }

    @Test
    void aCreatedDirectoryIsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void missingParentDirectoriesAreCreatedToo() throws Exception {
        Path dir = tmp.resolve("a/b/device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(dir.resolve(DeviceDirectory.DESCRIPTOR)).isRegularFile();
        }
    }

    @Test
    void aCreatedDeviceHasADescriptorWithLayoutVersion2() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(descriptor(dir).getProperty("layout.version")).isEqualTo("2");
            assertThat(d.layoutVersion()).isEqualTo(2);
        }
    }

    @Test
    void theDescriptorNamesEveryStorageFileAndTheFlashGeometries() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            Properties p = descriptor(dir);
            assertThat(p.getProperty("flash.internal.file")).isEqualTo("internal_flash.bin");
            assertThat(p.getProperty("flash.internal.geometry")).isEqualTo("4096,512,16");
            assertThat(p.getProperty("flash.external.file")).isEqualTo("external_flash.bin");
            assertThat(p.getProperty("flash.external.geometry")).isEqualTo("4096,256,1");
            assertThat(p.getProperty("otp.file")).isEqualTo("otp.bin");
            assertThat(p.getProperty("nvcounters.file")).isEqualTo("nv_counters.bin");
            assertThat(d.internalFlash()).isEqualTo(
                    new FlashFile(dir.resolve("internal_flash.bin"), DeviceDirectory.DEFAULT_INTERNAL_FLASH));
            assertThat(d.externalFlash().geometry()).isEqualTo(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
            assertThat(d.otpFile()).isEqualTo(dir.resolve("otp.bin"));
            assertThat(d.nvCounters().path()).isEqualTo(dir.resolve("nv_counters.bin"));
        }
    }

    @Test
    void aLayout1DeviceIsStillReadWithDefaultStorageFilesAndItsDescriptorUntouched() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        String v1 = "layout.version=1\ncreated=2026-01-01T00\\:00\\:00Z\n";
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR), v1);

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(d.layoutVersion()).isEqualTo(1);
            assertThat(d.created()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(d.internalFlash().path()).isEqualTo(dir.resolve("internal_flash.bin"));
            assertThat(d.externalFlash().geometry()).isEqualTo(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
        }
        assertThat(dir.resolve(DeviceDirectory.DESCRIPTOR)).hasContent(v1.strip());
    }

    @Test
    void aStorageFileNameThatLeavesTheDeviceIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR), "layout.version=2\notp.file=../otp.bin\n");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("otp.file");
    }

    @Test
    void twoStoresOnOneFileAreRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR),
                "layout.version=2\nflash.internal.file=a.bin\nflash.external.file=a.bin\n");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("already used");
    }

    @Test
    void anInvalidGeometryIsRefusedNamingItsKey() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR),
                "layout.version=2\nflash.external.geometry=4096,256,3\n");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("flash.external.geometry");
    }

    @Test
    void aCreatedDescriptorIsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            Path desc = dir.resolve(DeviceDirectory.DESCRIPTOR);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(desc))).isEqualTo("rw-------");
        }
    }

    @Test
    void anEmptyExistingDirectoryBecomesADevice() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(descriptor(dir).getProperty("layout.version")).isEqualTo("2");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void aDeviceCanBeReopenedAfterClose() throws Exception {
        Path dir = tmp.resolve("device");
        String created;
        try (DeviceDirectory first = DeviceDirectory.openOrCreate(dir)) {
            created = first.created();
        }

        try (DeviceDirectory second = DeviceDirectory.openOrCreate(dir)) {
            assertThat(second.layoutVersion()).isEqualTo(2);
            assertThat(second.created()).isEqualTo(created);
        }
    }

    @Test
    void aSecondOpenWhileTheFirstIsOpenIsRefusedAsInUse() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory first = DeviceDirectory.openOrCreate(dir)) {
            assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void aRefusedSecondOpenLeavesTheFirstHoldingTheLock() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory first = DeviceDirectory.openOrCreate(dir)) {
            assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir)).isInstanceOf(DeviceException.class);
            assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void anotherProcessStillSeesTheLockAfterARefusedSecondOpen() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory first = DeviceDirectory.openOrCreate(dir)) {
            assertThat(LockProbe.probe(dir.resolve("spe.lock"))).isEqualTo("held");
            assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir)).isInstanceOf(DeviceException.class);
            assertThat(LockProbe.probe(dir.resolve("spe.lock"))).isEqualTo("held");
        }
        assertThat(LockProbe.probe(dir.resolve("spe.lock"))).isEqualTo("free");
    }

    @Test
    void aNonEmptyDirectoryWithoutADescriptorIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "precious");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("not a Citadel device");
    }

    @Test
    void aRefusedNonEmptyDirectoryIsLeftUntouched() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("notes.txt"), "precious");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir)).isInstanceOf(DeviceException.class);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("notes.txt"));
        }
        assertThat(dir.resolve("notes.txt")).hasContent("precious");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void anUnknownLayoutVersionIsRefusedNamingTheVersion() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR), "layout.version=99\n");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("'99'");
    }

    @Test
    void aDescriptorWithoutALayoutVersionIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("device"));
        Files.writeString(dir.resolve(DeviceDirectory.DESCRIPTOR), "created=yesterday\n");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(dir))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("layout version");
    }

    @Test
    void aRegularFileIsNotADevice() throws Exception {
        Path file = Files.writeString(tmp.resolve("device"), "x");

        assertThatThrownBy(() -> DeviceDirectory.openOrCreate(file))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("not a directory");
    }
}
