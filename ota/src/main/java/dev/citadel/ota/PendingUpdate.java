package dev.citadel.ota;

import dev.citadel.ns.its.PsaIts;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The job whose image the agent installed, kept in the NS client's own ITS asset across the reboot: the job's id and
 * the version it replaced ({@code updatedBy}). The agent reports both to the service before it installs; the record
 * lets the agent after the reboot know the job for its own even when that report was lost on the way (the job
 * document then comes back without {@code updatedBy}), instead of taking it for a new job. Best effort: without ITS
 * the agent works as before, from the job document alone.
 */
final class PendingUpdate {
    /** The ITS uid of the record ("OTA1"). */
    static final long UID = 0x4F54_4131L;
    private static final int MAX_SIZE = 512;

    private final PsaIts its;

    PendingUpdate(PsaClient client) {
        this.its = new PsaIts(client);
    }

    /** What was installed: the job and the version it replaced (as {@code updatedBy} carries it). */
    record Record(String jobId, String updatedBy) {}

    /** Records {@code jobId} before its image is installed; false when ITS refused (the agent goes on without). */
    boolean remember(String jobId, String updatedBy) {
        byte[] b = (jobId + "\n" + updatedBy).getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_SIZE) {
            return false;
        }
        try {
            its.set(UID, b, PsaIts.FLAG_NONE);
            return true;
        } catch (PsaException e) {
            return false;
        }
    }

    /** The record for {@code jobId}, if this device installed that job's image. */
    Optional<Record> find(String jobId) {
        try {
            PsaIts.Info info = its.getInfo(UID);
            String[] parts = new String(its.get(UID, 0, Math.min(info.size(), MAX_SIZE)),
                    StandardCharsets.UTF_8).split("\n", 2);
            return parts.length == 2 && parts[0].equals(jobId) ? Optional.of(new Record(parts[0], parts[1]))
                    : Optional.empty();
        } catch (PsaException e) {
            return Optional.empty();
        }
    }

    /** Forgets the record of {@code jobId} once that job has ended (or its install did not happen). */
    void forget(String jobId) {
        if (find(jobId).isEmpty()) {
            return; // none, or another job's: a job refused meanwhile must not erase a pending one's record
        }
        try {
            its.remove(UID);
        } catch (PsaException e) {
            // absent already, or ITS refused: the next job's record replaces it, and a record of another job is
            // never taken for this one
        }
    }
}
