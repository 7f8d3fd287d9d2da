package dev.citadel.ota;

/**
 * Figures of one download: where the time went and what arrived.
 *
 * @param totalNanos from the job's acceptance to the reboot request
 * @param writeNanos in {@code psa_fwu_write} calls
 * @param verifyNanos in {@code psa_fwu_finish} (the SPE's image verification and digest) and {@code psa_verify_hash}
 * @param installNanos in {@code psa_fwu_install}
 * @param bytes the file's size
 * @param duplicates blocks that arrived again and were ignored
 * @param reconnects MQTT reconnects during the job
 */
public record OtaStats(long totalNanos, long writeNanos, long verifyNanos, long installNanos, long bytes,
        int duplicates, int reconnects) {
    public static final OtaStats NONE = new OtaStats(0, 0, 0, 0, 0, 0, 0);

    /** Everything else: requests, waiting for and decoding blocks, and status reports. */
    public long transferNanos() {
        return Math.max(0, totalNanos - writeNanos - verifyNanos - installNanos);
    }
}
