package dev.citadel.ota;

import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the agent did.
 *
 * @param kind the result
 * @param jobId the job, if there was one
 * @param reported the status reported for the job, if one was
 * @param reason the reason reported with a refusal, or a short note
 * @param stats the download's figures (zeros when nothing was downloaded)
 */
public record OtaOutcome(Kind kind, Optional<String> jobId, Optional<JobStatus> reported, String reason,
        OtaStats stats) {
    public enum Kind {
        /** No job is pending. */
        NO_JOB,
        /** The image is written, verified and installed; the reboot is requested. */
        REBOOT_REQUESTED,
        /** The updated image runs on trial: the self-test has not accepted it yet. */
        AWAITING_SELF_TEST,
        /** After the reboot the new image runs and was accepted: SUCCEEDED reported. */
        SUCCEEDED,
        /** The job was refused or failed, with the reason reported. */
        REFUSED
    }

    public OtaOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stats, "stats");
    }
}
