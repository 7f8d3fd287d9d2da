package dev.citadel.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job status update: {@code {"status":"…","statusDetails":{…}}} on {@code $aws/things/<thing>/jobs/<jobId>/update}.
 * A refusal carries its reason in {@code statusDetails.reason}.
 */
public record StatusUpdate(JobStatus status, Map<String, String> details) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public StatusUpdate {
        Objects.requireNonNull(status, "status");
        details = Map.copyOf(details);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(details.get("reason"));
    }

    public byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.name());
        ObjectNode d = root.putObject("statusDetails");
        new java.util.TreeMap<>(details).forEach(d::put);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if it is not such an update */
    public static StatusUpdate decode(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            JobStatus s = JobStatus.valueOf(root.path("status").asText());
            Map<String, String> details = new LinkedHashMap<>();
            root.path("statusDetails").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
            return new StatusUpdate(s, details);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a job status update: " + e.getMessage(), e);
        }
    }
}
