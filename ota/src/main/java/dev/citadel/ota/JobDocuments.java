package dev.citadel.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads FreeRTOS OTA job documents: {@code {"execution":{"jobId":…, "statusDetails":{…},
 * "jobDocument":{"afr_ota":{"protocols":[…], "streamname":…, "files":[{…}]}}}}}. The required fields are the classic
 * agent's ({@code execution}, {@code jobId}, {@code jobDocument}, {@code afr_ota}, {@code protocols}, {@code files},
 * {@code filesize}, {@code fileid}) plus the signature, which this agent always checks.
 */
public final class JobDocuments {
    /** The signature key, as the PSA OTA PAL names it for ECDSA. */
    public static final String SIGNATURE_KEY = "sig-sha256-ecdsa";
    /** FreeRTOS's limits: {@code OTA_JOB_ID_MAX_SIZE} less its terminator, {@code STREAM_NAME_MAX_LEN}. */
    static final int MAX_JOB_ID = 72;
    static final int MAX_STREAM_NAME = 44;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobDocuments() {}

    /**
     * Parses a notification or get-next answer.
     *
     * @return the job, or empty when the document has no {@code execution} (no job pending)
     * @throws JobDocumentException if it is not JSON or a field is missing or invalid
     */
    public static Optional<OtaJob> parse(byte[] json) throws JobDocumentException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JobDocumentException("the job document is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new JobDocumentException("the job document cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new JobDocumentException("the job document is not a JSON object");
        }
        JsonNode execution = root.get("execution");
        if (execution == null || execution.isNull()) {
            return Optional.empty();
        }
        String jobId = text(object(execution, "execution"), "jobId", "execution.jobId");
        if (jobId.isEmpty() || jobId.length() > MAX_JOB_ID) {
            throw new JobDocumentException("execution.jobId must have 1 to " + MAX_JOB_ID + " characters");
        }
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode sd = execution.get("statusDetails");
        if (sd != null && sd.isObject()) {
            sd.fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode ota = object(object(require(execution, "jobDocument", "execution.jobDocument"), "jobDocument")
                .get("afr_ota"), "jobDocument.afr_ota");
        Set<Protocol> protocols = protocols(require(ota, "protocols", "afr_ota.protocols"));
        Optional<String> stream = Optional.ofNullable(ota.get("streamname")).map(JsonNode::asText);
        if (stream.isPresent() && (stream.get().isEmpty() || stream.get().length() > MAX_STREAM_NAME)) {
            throw new JobDocumentException("afr_ota.streamname must have 1 to " + MAX_STREAM_NAME + " characters");
        }
        if (protocols.contains(Protocol.MQTT) && stream.isEmpty()) {
            throw new JobDocumentException("afr_ota.streamname is required for the MQTT protocol");
        }
        JsonNode files = require(ota, "files", "afr_ota.files");
        if (!files.isArray() || files.size() != 1) {
            throw new JobDocumentException("afr_ota.files must be an array of exactly one file");
        }
        OtaFile file = file(object(files.get(0), "afr_ota.files[0]"));
        if (protocols.equals(Set.of(Protocol.HTTP)) && file.updateDataUrl().isEmpty()) {
            throw new JobDocumentException("files[0].update_data_url is required for the HTTP protocol");
        }
        return Optional.of(new OtaJob(jobId, protocols, stream, file, details));
    }

    private static OtaFile file(JsonNode f) throws JobDocumentException {
        String path = f.has("filepath") ? f.get("filepath").asText() : "";
        long size = number(f, "filesize", "files[0].filesize", 1, Long.MAX_VALUE);
        int id = (int) number(f, "fileid", "files[0].fileid", 0, 255);
        String cert = f.has("certfile") ? f.get("certfile").asText() : "";
        String sig = text(f, SIGNATURE_KEY, "files[0]." + SIGNATURE_KEY);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig.trim());
        } catch (IllegalArgumentException e) {
            throw new JobDocumentException("files[0]." + SIGNATURE_KEY + " is not base64: " + e.getMessage());
        }
        if (signature.length == 0) {
            throw new JobDocumentException("files[0]." + SIGNATURE_KEY + " is empty");
        }
        Optional<URI> url = Optional.empty();
        if (f.hasNonNull("update_data_url")) {
            try {
                URI u = new URI(f.get("update_data_url").asText());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new JobDocumentException("files[0].update_data_url must be an http or https URL");
                }
                url = Optional.of(u);
            } catch (URISyntaxException e) {
                throw new JobDocumentException("files[0].update_data_url is not a URL: " + e.getMessage());
            }
        }
        int type = f.has("fileType") ? (int) number(f, "fileType", "files[0].fileType", 0, Integer.MAX_VALUE)
                : f.has("attr") ? (int) number(f, "attr", "files[0].attr", 0, Integer.MAX_VALUE) : 0;
        return new OtaFile(path, size, id, cert, signature, url, type);
    }

    private static Set<Protocol> protocols(JsonNode p) throws JobDocumentException {
        if (!p.isArray() || p.isEmpty()) {
            throw new JobDocumentException("afr_ota.protocols must be a non-empty array");
        }
        Set<Protocol> set = new LinkedHashSet<>();
        for (JsonNode n : p) {
            switch (n.asText()) {
                case "MQTT" -> set.add(Protocol.MQTT);
                case "HTTP" -> set.add(Protocol.HTTP);
                default -> throw new JobDocumentException("afr_ota.protocols names an unknown protocol: " + n);
            }
        }
        return set;
    }

    private static JsonNode require(JsonNode parent, String key, String where) throws JobDocumentException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            throw new JobDocumentException("the job document has no " + where);
        }
        return n;
    }

    private static JsonNode object(JsonNode n, String where) throws JobDocumentException {
        if (n == null || !n.isObject()) {
            throw new JobDocumentException(n == null ? "the job document has no " + where : where + " is not an object");
        }
        return n;
    }

    private static String text(JsonNode parent, String key, String where) throws JobDocumentException {
        JsonNode n = require(parent, key, where);
        if (!n.isTextual()) {
            throw new JobDocumentException(where + " is not a string");
        }
        return n.asText();
    }

    private static long number(JsonNode parent, String key, String where, long min, long max)
            throws JobDocumentException {
        JsonNode n = require(parent, key, where);
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw new JobDocumentException(where + " is not an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw new JobDocumentException(where + " is " + v + ", outside " + min + ".." + max);
        }
        return v;
    }
}
