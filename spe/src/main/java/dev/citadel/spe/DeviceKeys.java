package dev.citadel.spe;

import dev.citadel.hal.DeviceException;
import dev.citadel.hal.otp.IakType;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import dev.citadel.hal.otp.OtpField;
import dev.citadel.spe.crypto.BuiltinKeys;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The device's built-in keys from its OTP. A fresh device gets its HUK and IAK at its first start, as a factory
 * would program them; from then on every start reads the same keys, so persistent keys and HUK-derived keys outlive
 * the SPE process. The IAK is read with its type (P-256, P-384 or HMAC-SHA-256); a device provisioned with
 * {@code citadel device init --iak} or {@code --iak-hmac} keeps the key it was given. An OTP that cannot be read or fails its integrity check stops the start: it is never reprogrammed.
 */
final class DeviceKeys {
    private static final System.Logger LOG = System.getLogger(DeviceKeys.class.getName());

    private DeviceKeys() {}

    /**
     * Opens the OTP in {@code otpFile}, programs whichever of the HUK and IAK is blank (logging one line), and returns
     * both as built-in keys.
     *
     * @throws DeviceException if the OTP is unreadable or corrupt, or cannot be programmed
     */
    static BuiltinKeys load(Path otpFile) throws DeviceException {
        try {
            Otp otp = Otp.open(otpFile);
            SecureRandom random = new SecureRandom();
            List<String> provisioned = new ArrayList<>();
            if (!otp.isProgrammed(OtpField.HUK)) {
                byte[] huk = Otp.randomHuk(random);
                otp.program(OtpField.HUK, huk);
                Arrays.fill(huk, (byte) 0);
                provisioned.add("HUK");
            }
            if (!otp.isProgrammed(OtpField.IAK)) {
                byte[] iak = Otp.randomIak(IakType.ECC_P256, random);
                otp.programIak(IakType.ECC_P256, iak);
                Arrays.fill(iak, (byte) 0);
                provisioned.add("IAK");
            }
            if (!provisioned.isEmpty()) {
                LOG.log(Level.INFO, "OTP " + otpFile + ": provisioned a random " + String.join(" and ", provisioned)
                        + " (first start of this device)");
            }
            byte[] huk = otp.read(OtpField.HUK).orElseThrow();
            Otp.Iak stored = otp.iak().orElseThrow();
            byte[] iak = stored.key();
            try {
                return new BuiltinKeys(huk, stored.type() == IakType.HMAC_SHA256
                        ? BuiltinKeys.Iak.hmacSha256(iak) : BuiltinKeys.Iak.eccSecpR1(iak));
            } finally {
                Arrays.fill(huk, (byte) 0);
                Arrays.fill(iak, (byte) 0);
            }
        } catch (OtpException e) {
            throw new DeviceException("cannot use the device's OTP: " + e.getMessage(), e);
        }
    }
}
