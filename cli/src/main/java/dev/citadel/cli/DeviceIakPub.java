package dev.citadel.cli;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import dev.citadel.hal.otp.OtpField;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code citadel device iak-pub}: the public half of the IAK in a device's OTP, as a relying party needs it to
 * verify the device's tokens. A factory records it when it provisions the device (TF-M's provisioning prints it the
 * same way); the private scalar never leaves this process.
 */
@Command(
        name = "iak-pub",
        mixinStandardHelpOptions = true,
        description = {
            "Print the public key of the device's Initial Attestation Key (the P-256 IAK in OTP) as a PEM PUBLIC KEY,",
            "for 'citadel attest verify --key'. Refused while an SPE holds the device."
        })
final class DeviceIakPub implements Runnable {

    @Parameters(paramLabel = "DIR", description = "The device directory.")
    Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the PEM here instead of printing it.")
    Path output;

    @Override
    public void run() {
        byte[] d;
        try (DeviceDirectory device = DeviceCommand.open(dir)) {
            d = Otp.open(device.otpFile()).read(OtpField.IAK)
                    .orElseThrow(() -> new UserException("the device's OTP holds no IAK"));
        } catch (OtpException e) {
            throw new UserException("cannot read the device's OTP: " + e.getMessage());
        }
        String pem;
        try {
            pem = pem(publicKeyDer(d));
        } finally {
            Arrays.fill(d, (byte) 0);
        }
        if (output == null) {
            System.out.print(pem);
            return;
        }
        try {
            Files.writeString(output, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UserException("cannot write " + output + ": " + e.getMessage());
        }
        System.out.println("IAK public key written to " + output);
    }

    /** SubjectPublicKeyInfo of d·G on P-256. */
    static byte[] publicKeyDer(byte[] scalar) {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(new BigInteger(1, scalar)).normalize();
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECPublicKeySpec spec = new ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(),
                    q.getAffineYCoord().toBigInteger()), params.getParameterSpec(ECParameterSpec.class));
            return KeyFactory.getInstance("EC").generatePublic(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot encode a P-256 public key", e);
        }
    }

    private static String pem(byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
