package dev.citadel.ota;

import java.util.Objects;

/** The AWS IoT Jobs and MQTT stream topics of one thing (freertos.md §3.3). */
public record JobTopics(String thing) {
    public JobTopics {
        Objects.requireNonNull(thing, "thing");
        if (thing.isEmpty() || thing.contains("/") || thing.contains("+") || thing.contains("#")) {
            throw new IllegalArgumentException("a thing name without '/', '+' or '#': " + thing);
        }
    }

    private String base() {
        return "$aws/things/" + thing;
    }

    /** Where the next pending job execution is announced. */
    public String notifyNext() {
        return base() + "/jobs/notify-next";
    }

    /** Where the device asks for the next job. */
    public String getNext() {
        return base() + "/jobs/$next/get";
    }

    /** Where the device reports a job's status. */
    public String update(String jobId) {
        return base() + "/jobs/" + jobId + "/update";
    }

    /** The filter matching every job's status update. */
    public String updates() {
        return base() + "/jobs/+/update";
    }

    /** Where GetStream requests for {@code stream} go. */
    public String streamGet(String stream) {
        return base() + "/streams/" + stream + "/get/cbor";
    }

    /** Where {@code stream}'s data blocks arrive. */
    public String streamData(String stream) {
        return base() + "/streams/" + stream + "/data/cbor";
    }
}
