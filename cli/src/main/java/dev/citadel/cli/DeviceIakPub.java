package dev.citadel.cli;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
            "Print the public key of the device's Initial Attestation Key (P-256 or P-384) as a PEM PUBLIC KEY,",
            "for 'citadel attest verify --key'. Refused for a symmetric IAK and while an SPE holds the device."
        })
final class DeviceIakPub implements Runnable {

    @Parameters(paramLabel = "DIR", description = "The device directory.")
    Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the PEM here instead of printing it.")
    Path output;

    @Override
    public void run() {
        String pem;
        try (DeviceDirectory device = DeviceCommand.open(dir)) {
            Otp.Iak iak = Otp.open(device.otpFile()).iak()
                    .orElseThrow(() -> new UserException("the device's OTP holds no IAK"));
            if (iak.type().symmetric()) {
                throw new UserException("the device's IAK is symmetric (HMAC-SHA-256): it has no public key");
            }
            byte[] key = iak.key();
            try {
                pem = IakKey.publicKeyPem(iak.type(), key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (OtpException e) {
            throw new UserException("cannot read the device's OTP: " + e.getMessage());
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
}
