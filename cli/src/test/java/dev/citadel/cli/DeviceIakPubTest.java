package dev.citadel.cli;

import static dev.citadel.cli.ImageCliTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.otp.Otp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device iak-pub}: the public half of the IAK that {@code device init} put in OTP, and bad input. */
class DeviceIakPubTest {
    @TempDir
    Path dir;

    private Path init() {
        Path k0 = dir.resolve("k0.pem");
        Path k1 = dir.resolve("k1.pem");
        BootRig.ok("image", "keygen", "-k", k0.toString(), "-t", "ecdsa-p256");
        BootRig.ok("image", "keygen", "-k", k1.toString(), "-t", "ed25519");
        Path d = dir.resolve("dev");
        BootRig.ok("device", "init", d.toString(), "--rotpk0", k0.toString(), "--rotpk1", k1.toString());
        return d;
    }

    private static PublicKey fromPem(String pem) throws Exception {
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    /** The OTP's scalar as a JDK private key: a signature with it must verify under the printed public key. */
    private static PrivateKey otpIak(Path device) throws Exception {
        byte[] d = Otp.open(device.resolve("otp.bin")).iak().orElseThrow().key();
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(new BigInteger(1, d), p.getParameterSpec(ECParameterSpec.class)));
    }

    @Test
    void printsThePublicKeyOfTheIakInOtp() throws Exception {
        Path d = init();

        CliTest.Run r = BootRig.ok("device", "iak-pub", d.toString());

        PublicKey pub = fromPem(r.out());
        assertThat(((ECPublicKey) pub).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        byte[] msg = "citadel".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(otpIak(d));
        s.update(msg);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(pub);
        v.update(msg);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void writesTheSamePemToAFile() throws Exception {
        Path d = init();
        Path out = dir.resolve("iak.pem");

        CliTest.Run r = BootRig.ok("device", "iak-pub", d.toString(), "-o", out.toString());

        assertThat(r.out()).isEqualTo("IAK public key written to " + out + "\n");
        assertThat(Files.readString(out)).isEqualTo(BootRig.ok("device", "iak-pub", d.toString()).out());
    }

    @Test
    void refusesAMissingDeviceAndOneAnSpeHolds() throws Exception {
        assertOneLineError(CliTest.citadel("device", "iak-pub", dir.resolve("none").toString()), 1,
                "no device directory");
        Path d = init();
        try (DeviceDirectory held = DeviceDirectory.openOrCreate(d)) {
            assertOneLineError(CliTest.citadel("device", "iak-pub", d.toString()), 1, "in use");
        }
    }
}
