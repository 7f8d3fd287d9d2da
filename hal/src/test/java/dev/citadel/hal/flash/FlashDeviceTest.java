package dev.citadel.hal.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlashDeviceTest {
    static final FlashGeometry G = new FlashGeometry(256, 4, 16);

    @TempDir
    static Path tmp;

    static int fileNo;

    static Stream<FlashDevice> devices() throws Exception {
        return Stream.of(FlashDevice.inMemory(G), FlashDevice.openFile(tmp.resolve("f" + (fileNo++)), G));
    }

    static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void aNewFlashReadsAllOnes(FlashDevice f) throws Exception {
        assertThat(f.read(0, G.size())).containsOnly((byte) 0xFF);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void programClearsBitsAndReadsBack(FlashDevice f) throws Exception {
        f.program(32, fill(16, 0x5A));
        f.program(32, fill(16, 0x50));

        assertThat(f.read(32, 16)).containsOnly((byte) 0x50);
        assertThat(f.read(0, 32)).containsOnly((byte) 0xFF);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void settingABitIsRefusedAndChangesNothing(FlashDevice f) throws Exception {
        f.program(0, fill(16, 0x0F));
        byte[] bad = fill(16, 0x0F);
        bad[15] = 0x1F;

        assertThatThrownBy(() -> f.program(0, bad)).isInstanceOf(FlashException.class).hasMessageContaining("0->1");
        assertThat(f.read(0, 16)).containsOnly((byte) 0x0F);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void misalignedOrPartialProgramUnitsAreRefusedAndChangeNothing(FlashDevice f) throws Exception {
        assertThatThrownBy(() -> f.program(8, fill(16, 0))).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.program(0, fill(15, 0))).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.program(0, new byte[0])).isInstanceOf(FlashException.class);

        assertThat(f.read(0, G.size())).containsOnly((byte) 0xFF);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void outOfRangeAccessesAreRefused(FlashDevice f) throws Exception {
        assertThatThrownBy(() -> f.read(G.size() - 1, 2)).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.read(-1, 1)).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.program(G.size(), fill(16, 0))).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.erase(G.sectorCount())).isInstanceOf(FlashException.class);
        assertThatThrownBy(() -> f.erase(-1)).isInstanceOf(FlashException.class);

        assertThat(f.read(0, G.size())).containsOnly((byte) 0xFF);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void eraseResetsExactlyOneSector(FlashDevice f) throws Exception {
        f.program(0, fill(G.size(), 0));

        f.erase(1);

        assertThat(f.read(0, 256)).containsOnly((byte) 0);
        assertThat(f.read(256, 256)).containsOnly((byte) 0xFF);
        assertThat(f.read(512, 512)).containsOnly((byte) 0);
    }

    @Test
    void aFileFlashKeepsItsContentAcrossReopen() throws Exception {
        Path file = tmp.resolve("persist");
        try (FlashDevice f = FlashDevice.openFile(file, G)) {
            f.program(256, fill(16, 0x12));
            f.sync();
        }

        try (FlashDevice f = FlashDevice.openFile(file, G)) {
            assertThat(f.read(256, 16)).containsOnly((byte) 0x12);
            assertThat(f.read(272, 16)).containsOnly((byte) 0xFF);
        }
    }

    @Test
    void aFileFlashIsOwnerOnly() throws Exception {
        Path file = tmp.resolve("mode");
        FlashDevice.openFile(file, G).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aFileOfTheWrongSizeIsRefused() throws Exception {
        Path file = Files.write(tmp.resolve("short"), new byte[100]);

        assertThatThrownBy(() -> FlashDevice.openFile(file, G))
                .isInstanceOf(FlashException.class)
                .hasMessageContaining("100 bytes");
        assertThat(Files.size(file)).isEqualTo(100);
    }

    @Test
    void geometryRejectsShapesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new FlashGeometry(100, 4, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlashGeometry(256, 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlashGeometry(256, 4, 512)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlashGeometry(256, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
