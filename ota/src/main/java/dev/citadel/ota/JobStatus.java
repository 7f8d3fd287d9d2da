package dev.citadel.ota;

/** The job execution statuses a device reports on {@code $aws/things/<thing>/jobs/<jobId>/update}. */
public enum JobStatus {
    IN_PROGRESS, SUCCEEDED, FAILED, REJECTED;

    public boolean terminal() {
        return this != IN_PROGRESS;
    }
}
