package dev.citadel.spe.spm;

/**
 * A partition panicked ({@code psa_panic}, or the SPM's verdict on a secure caller's programmer error). An
 * {@code Error} so that a partition's own {@code catch (Exception e)} cannot swallow it.
 */
public final class PartitionPanic extends Error {
    private static final long serialVersionUID = 1L;

    public PartitionPanic(String message) {
        super(message, null, false, false);
    }
}
