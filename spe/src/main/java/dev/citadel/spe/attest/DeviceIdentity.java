package dev.citadel.spe.attest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What the OTP says about the device for its token: the implementation ID (32 bytes) and the security lifecycle
 * value (major state in bits 15..8).
 */
public record DeviceIdentity(byte[] implementationId, int lifecycle) {
    public static final int IMPLEMENTATION_ID_SIZE = 32;

    /**
     * The implementation ID of a device whose OTP has none: SHA-256 of {@code "dev.citadel implementation 1"}.
     * It names Citadel's SPE as one implementation, as a silicon vendor's ID names its design.
     */
    public static byte[] defaultImplementationId() {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest("dev.citadel implementation 1".getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-256", e);
        }
    }

    public DeviceIdentity {
        if (implementationId.length != IMPLEMENTATION_ID_SIZE) {
            throw new IllegalArgumentException("an implementation ID is " + IMPLEMENTATION_ID_SIZE + " bytes");
        }
        if (lifecycle < 0 || lifecycle > 0xFFFF) {
            throw new IllegalArgumentException("a lifecycle value is 0..0xffff");
        }
        implementationId = implementationId.clone();
    }

    @Override
    public byte[] implementationId() {
        return implementationId.clone();
    }
}
