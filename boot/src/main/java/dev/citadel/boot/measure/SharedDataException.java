package dev.citadel.boot.measure;

/** An image's measurement cannot be added to the shared data area; MCUboot fails the boot then. */
public final class SharedDataException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in MCUboot's terms. */
    public enum Reason {
        /** No BOOT_RECORD or no hash TLV, or a record that cannot hold the hash ({@code boot_save_boot_status}). */
        MISSING_MEASUREMENT,
        /** The (major, minor) pair is already present ({@code SHARED_MEMORY_OVERWRITE}). */
        OVERWRITE,
        /** The area would exceed its size ({@code SHARED_MEMORY_OVERFLOW}). */
        OVERFLOW
    }

    private final Reason reason;

    public SharedDataException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
