package dev.citadel.ota;

/**
 * Figures of one download: where the time went and what arrived. All times are wall-clock nanoseconds on the
 * agent's thread; the phases do not overlap.
 *
 * @param totalNanos from the job's acceptance to the reboot request (or the refusal)
 * @param fetchNanos in the block source's download: requests, waiting for blocks, decoding and checking them, and the
 *     SPE writes of {@code writeNanos}
 * @param writeNanos in {@code psa_fwu_write} calls (part of {@code fetchNanos})
 * @param finishNanos in {@code psa_fwu_finish} (the SPE's image verification) and the query of its digest
 * @param signatureNanos in the job signature's check: DER to {@code r‖s} and {@code psa_verify_hash}
 * @param installNanos in {@code psa_fwu_install}
 * @param bytes the file's size
 * @param duplicates blocks that arrived again and were ignored
 * @param reconnects MQTT reconnects during the job
 */
public record OtaStats(long totalNanos, long fetchNanos, long writeNanos, long finishNanos, long signatureNanos,
        long installNanos, long bytes, int duplicates, int reconnects) {
    public static final OtaStats NONE = new OtaStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The download without the SPE writes: stream requests, waiting for blocks, decoding and checking them. */
    public long transferNanos() {
        return Math.max(0, fetchNanos - writeNanos);
    }

    /** The two verifications: {@code psa_fwu_finish} and the job signature's {@code psa_verify_hash}. */
    public long verifyNanos() {
        return finishNanos + signatureNanos;
    }

    /** Everything else: the component's query and start, the status reports, the reboot request. */
    public long otherNanos() {
        return Math.max(0, totalNanos - fetchNanos - finishNanos - signatureNanos - installNanos);
    }
}
