package dev.citadel.hal.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtpTest {
    @TempDir
    Path tmp;

    static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    Path file() {
        return tmp.resolve("otp.bin");
    }

    @Test
    void aBlankOtpSaysEveryFieldIsUnprogrammed() throws Exception {
        Otp otp = Otp.open(file());

        for (OtpField f : OtpField.values()) {
            assertThat(otp.isProgrammed(f)).isFalse();
            assertThat(otp.read(f)).isEmpty();
        }
        assertThat(otp.lifecycle()).isEmpty();
        assertThat(file()).doesNotExist();
    }

    @Test
    void aProgrammedFieldReadsBackAfterReopen() throws Exception {
        byte[] huk = Otp.randomHuk(new SecureRandom());
        Otp.open(file()).program(OtpField.HUK, huk);

        assertThat(Otp.open(file()).read(OtpField.HUK)).contains(huk);
    }

    @Test
    void aFieldCannotBeWrittenTwiceEvenWithTheSameValue() throws Exception {
        Otp otp = Otp.open(file());
        otp.program(OtpField.IMPLEMENTATION_ID, fill(32, 0xAA));

        assertThatThrownBy(() -> otp.program(OtpField.IMPLEMENTATION_ID, fill(32, 0xBB)))
                .isInstanceOf(OtpException.class)
                .hasMessageContaining("already programmed");
        assertThatThrownBy(() -> otp.program(OtpField.IMPLEMENTATION_ID, fill(32, 0xAA)))
                .isInstanceOf(OtpException.class);
        assertThat(Otp.open(file()).read(OtpField.IMPLEMENTATION_ID)).contains(fill(32, 0xAA));
    }

    @Test
    void aValueOfTheWrongSizeIsRefused() throws Exception {
        Otp otp = Otp.open(file());

        assertThatThrownBy(() -> otp.program(OtpField.ROTPK_0, new byte[31])).isInstanceOf(OtpException.class);
        assertThat(otp.isProgrammed(OtpField.ROTPK_0)).isFalse();
    }

    @Test
    void anIakOutsideTheP256ScalarRangeIsRefused() throws Exception {
        Otp otp = Otp.open(file());

        assertThatThrownBy(() -> otp.program(OtpField.IAK, new byte[32])).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.program(OtpField.IAK, fill(32, 0xFF))).isInstanceOf(OtpException.class);
        assertThat(otp.isProgrammed(OtpField.IAK)).isFalse();
    }

    @Test
    void aRandomIakIsAValidScalarAndCanBeProgrammed() throws Exception {
        byte[] iak = Otp.randomIak(new SecureRandom());
        Otp otp = Otp.open(file());

        otp.program(OtpField.IAK, iak);

        assertThat(Otp.isP256Scalar(iak)).isTrue();
        assertThat(otp.read(OtpField.IAK)).contains(iak);
    }

    @Test
    void theLifecycleOnlyMovesForward() throws Exception {
        Otp otp = Otp.open(file());
        otp.advanceLifecycle(Lifecycle.PSA_ROT_PROVISIONING.value());
        otp.advanceLifecycle(Lifecycle.SECURED.value());

        assertThatThrownBy(() -> otp.advanceLifecycle(Lifecycle.PSA_ROT_PROVISIONING.value()))
                .isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.advanceLifecycle(Lifecycle.SECURED.value())).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.program(OtpField.LIFECYCLE, new byte[4])).isInstanceOf(OtpException.class);
        assertThat(Otp.open(file()).lifecycle()).contains(0x3000);
        assertThat(Lifecycle.of(0x3012)).isEqualTo(Lifecycle.SECURED);
    }

    @Test
    void theOtpFileIsOwnerOnly() throws Exception {
        Otp.open(file()).program(OtpField.HUK, fill(32, 1));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void everyFlippedByteOfTheFileIsDetectedAndTheFileLeftAlone() throws Exception {
        Otp otp = Otp.open(file());
        otp.program(OtpField.HUK, fill(32, 0x11));
        otp.advanceLifecycle(0x3000);
        byte[] good = Files.readAllBytes(file());

        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(file(), bad);

            assertThatThrownBy(() -> Otp.open(file())).as("flip at %d", i)
                    .isInstanceOf(OtpException.class)
                    .hasMessageContaining("corrupt");
            assertThat(Files.readAllBytes(file())).isEqualTo(bad);
        }
    }

    @Test
    void aTruncatedFileIsDetected() throws Exception {
        Otp.open(file()).program(OtpField.HUK, fill(32, 0x11));
        byte[] good = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(good, good.length - 1));

        assertThatThrownBy(() -> Otp.open(file())).isInstanceOf(OtpException.class);
    }
}
