package dev.citadel.hal.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    void anIakOutsideItsCurvesScalarRangeOrOfTheWrongLengthIsRefused() throws Exception {
        Otp otp = Otp.open(file());
        // secp384r1's order n (SEC 2), so n itself and anything above is no scalar.
        byte[] p384n = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                + "581a0db248b0a77aecec196accc52973");

        assertThatThrownBy(() -> otp.programIak(IakType.ECC_P256, new byte[32])).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.programIak(IakType.ECC_P256, fill(32, 0xFF))).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.programIak(IakType.ECC_P384, p384n)).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.programIak(IakType.ECC_P384, fill(32, 0x11))).isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.programIak(IakType.HMAC_SHA256, fill(31, 0x11)))
                .isInstanceOf(OtpException.class);
        assertThatThrownBy(() -> otp.program(OtpField.IAK, fill(48, 0x11))).isInstanceOf(OtpException.class);
        assertThat(otp.isProgrammed(OtpField.IAK)).isFalse();
        assertThat(otp.iak()).isEmpty();
    }

    @Test
    void aRandomIakIsAValidScalarAndCanBeProgrammed() throws Exception {
        byte[] iak = Otp.randomIak(new SecureRandom());
        Otp otp = Otp.open(file());

        otp.programIak(IakType.ECC_P256, iak);

        assertThat(Otp.isP256Scalar(iak)).isTrue();
        assertThat(Otp.open(file()).iak().orElseThrow().key()).isEqualTo(iak);
        assertThat(Otp.open(file()).iak().orElseThrow().type()).isEqualTo(IakType.ECC_P256);
    }

    @ParameterizedTest
    @EnumSource(IakType.class)
    void eachIakTypeIsStoredWithTfmsTypeAndLengthFields(IakType type) throws Exception {
        byte[] key = Otp.randomIak(type, new SecureRandom());
        Otp.open(file()).programIak(type, key);

        Otp otp = Otp.open(file());
        assertThat(otp.iak().orElseThrow().type()).isEqualTo(type);
        assertThat(otp.iak().orElseThrow().key()).isEqualTo(key);
        int expectedType = type == IakType.HMAC_SHA256 ? 0x03800009 : 0x12; // PSA_ALG_HMAC(SHA_256), SECP_R1
        assertThat(otp.read(OtpField.IAK_TYPE)).contains(le32(expectedType));
        assertThat(otp.read(OtpField.IAK_LEN)).contains(le32(key.length));
        assertThatThrownBy(() -> otp.programIak(type, key)).hasMessageContaining("already programmed");
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    /** The first layout, written byte by byte: CTOTP001, then HUK, IAK (32), ROTPK_0..3, IMPLEMENTATION_ID, LIFECYCLE. */
    static byte[] firstLayoutFile(byte[] huk, byte[] iak, int lifecycle) throws Exception {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes("CTOTP001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        o.write(1);
        o.writeBytes(huk);
        o.write(1);
        o.writeBytes(iak);
        for (int i = 0; i < 5; i++) {
            o.write(0);
            o.writeBytes(new byte[32]);
        }
        o.write(1);
        o.writeBytes(le32(lifecycle));
        o.writeBytes(java.security.MessageDigest.getInstance("SHA-256").digest(o.toByteArray()));
        return o.toByteArray();
    }

    @Test
    void anOtpFileOfTheFirstLayoutReadsItsIakAsP256AndIsRewrittenOnTheNextWrite() throws Exception {
        byte[] huk = fill(32, 0x42);
        byte[] iak = Otp.randomIak(new SecureRandom());
        Files.write(file(), firstLayoutFile(huk, iak, 0x3000));

        Otp otp = Otp.open(file());
        assertThat(otp.read(OtpField.HUK)).contains(huk);
        assertThat(otp.iak().orElseThrow().type()).isEqualTo(IakType.ECC_P256);
        assertThat(otp.iak().orElseThrow().key()).isEqualTo(iak);
        assertThat(otp.lifecycle()).contains(0x3000);

        otp.program(OtpField.IMPLEMENTATION_ID, fill(32, 0xAA));
        Otp again = Otp.open(file());
        assertThat(Files.readAllBytes(file())).startsWith("CTOTP002".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(again.iak().orElseThrow().key()).isEqualTo(iak);
        assertThat(again.read(OtpField.HUK)).contains(huk);
        assertThat(again.read(OtpField.IMPLEMENTATION_ID)).contains(fill(32, 0xAA));
    }

    @Test
    void aFirstLayoutFileWithAFlippedByteIsCorrupt() throws Exception {
        byte[] raw = firstLayoutFile(fill(32, 1), Otp.randomIak(new SecureRandom()), 0x3000);
        raw[20] ^= 1;
        Files.write(file(), raw);

        assertThatThrownBy(() -> Otp.open(file())).isInstanceOf(OtpException.class).hasMessageContaining("corrupt");
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
