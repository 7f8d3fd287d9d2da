package dev.citadel.hal.otp;

/** An OTP write was refused (field already programmed, bad value), or the OTP file is corrupt or unreadable. */
public final class OtpException extends Exception {
    private static final long serialVersionUID = 1L;

    public OtpException(String message) {
        super(message);
    }

    public OtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
