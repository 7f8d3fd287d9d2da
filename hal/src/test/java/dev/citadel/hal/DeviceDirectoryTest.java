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
    void aCreatedDeviceHasADescriptorWithLayoutVersion1() throws Exception {
        Path dir = tmp.resolve("device");

        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dir)) {
            assertThat(descriptor(dir).getProperty("layout.version")).isEqualTo("1");
            assertThat(d.layoutVersion()).isEqualTo(1);
        }
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
            assertThat(descriptor(dir).getProperty("layout.version")).isEqualTo("1");
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
            assertThat(second.layoutVersion()).isEqualTo(1);
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
