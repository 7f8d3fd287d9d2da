package dev.citadel.ota;

/**
 * Why the agent refused or could not finish a job: the one table from a cause to the job status reported for it.
 * REJECTED is for an image this device must not run (its content or policy); FAILED for a download or device fault,
 * after which the same job might succeed.
 */
public enum Refusal {
    BAD_JOB_DOCUMENT(JobStatus.REJECTED, "bad job document"),
    UNKNOWN_COMPONENT(JobStatus.REJECTED, "no such FWU component"),
    UNSUPPORTED_PROTOCOL(JobStatus.REJECTED, "no supported protocol"),
    OVERSIZED(JobStatus.REJECTED, "image too large"),
    NOT_AN_IMAGE(JobStatus.REJECTED, "not an image"),
    DOWNGRADE(JobStatus.REJECTED, "downgrade"),
    CORRUPT_BLOCK(JobStatus.FAILED, "corrupt block"),
    IMAGE_REFUSED(JobStatus.REJECTED, "image refused by the SPE"),
    BAD_SIGNATURE(JobStatus.REJECTED, "signature check failed"),
    DOWNLOAD_FAILED(JobStatus.FAILED, "download failed"),
    DEVICE_ERROR(JobStatus.FAILED, "device error"),
    REVERTED(JobStatus.FAILED, "update reverted");

    private final JobStatus status;
    private final String title;

    Refusal(JobStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public JobStatus status() {
        return status;
    }

    /** A short title, the start of the reason reported. */
    public String title() {
        return title;
    }
}
