package dev.citadel.ota;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OTA job execution from a FreeRTOS OTA job document.
 *
 * @param jobId {@code execution.jobId}
 * @param protocols {@code afr_ota.protocols}, in the document's order of preference
 * @param streamName {@code afr_ota.streamname}, needed for MQTT
 * @param file {@code afr_ota.files[0]}
 * @param statusDetails {@code execution.statusDetails}: after an update, {@code self_test} and {@code updatedBy}
 */
public record OtaJob(String jobId, Set<Protocol> protocols, Optional<String> streamName, OtaFile file,
        Map<String, String> statusDetails) {
    public OtaJob {
        Objects.requireNonNull(jobId, "jobId");
        protocols = Set.copyOf(protocols);
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(file, "file");
        statusDetails = Map.copyOf(statusDetails);
    }

    /** Whether this execution follows an update this device installed: the job carries {@code updatedBy}. */
    public boolean afterUpdate() {
        return statusDetails.containsKey("updatedBy");
    }
}
