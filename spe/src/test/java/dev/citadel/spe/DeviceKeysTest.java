package dev.citadel.spe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's HUK and IAK: programmed into OTP at the first start, read back unchanged at every later one. */
class DeviceKeysTest {

    private static List<String> startLogging(List<Handler> keep) {
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger(DeviceKeys.class.getName()).addHandler(h);
        keep.add(h);
        return lines;
    }

    private static void start(Path dev) throws DeviceException {
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dev)) {
            SpePartitions.forDevice(d, 1, 1, client -> {});
        }
    }

    @Test
    void aFreshDeviceIsProvisionedOnceAndSaysSo(@TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        List<Handler> handlers = new ArrayList<>();
        List<String> log = startLogging(handlers);
        try {
            start(dev);
            Otp otp = Otp.open(dev.resolve("otp.bin"));
            assertThat(otp.isProgrammed(OtpField.HUK)).isTrue();
            assertThat(otp.isProgrammed(OtpField.IAK)).isTrue();
            assertThat(otp.read(OtpField.HUK).orElseThrow()).isNotEqualTo(new byte[32]);
            assertThat(log).singleElement().asString().contains("provisioned a random HUK and IAK");
            byte[] first = Files.readAllBytes(dev.resolve("otp.bin"));

            start(dev);
            assertThat(Files.readAllBytes(dev.resolve("otp.bin"))).isEqualTo(first);
            assertThat(log).hasSize(1);
        } finally {
            handlers.forEach(h -> Logger.getLogger(DeviceKeys.class.getName()).removeHandler(h));
        }
    }

    @Test
    void aMissingIakAloneIsProvisionedAndTheHukKept(@TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dev)) {
            Otp.open(d.otpFile()).program(OtpField.HUK, new byte[32]);
        }
        start(dev);
        Otp otp = Otp.open(dev.resolve("otp.bin"));
        assertThat(otp.read(OtpField.HUK).orElseThrow()).isEqualTo(new byte[32]);
        assertThat(otp.isProgrammed(OtpField.IAK)).isTrue();
    }

    @Test
    void aCorruptOtpStopsTheStartAndIsLeftAsItIs(@TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        start(dev);
        Path otp = dev.resolve("otp.bin");
        byte[] bytes = Files.readAllBytes(otp);
        bytes[12] ^= 1; // inside the HUK
        Files.write(otp, bytes);

        assertThatThrownBy(() -> start(dev)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("OTP").hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(otp)).isEqualTo(bytes);
    }
}
