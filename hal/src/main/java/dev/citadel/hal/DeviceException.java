package dev.citadel.hal;

/** A device directory cannot be used as asked. */
public final class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
