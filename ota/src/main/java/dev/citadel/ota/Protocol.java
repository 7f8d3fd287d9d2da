package dev.citadel.ota;

/** How a job's file is downloaded: the {@code protocols} of the job document. */
public enum Protocol {
    /** MQTT streams: GetStream requests and CBOR data blocks. */
    MQTT,
    /** HTTP GET with {@code Range: bytes=a-b} on {@code update_data_url}. */
    HTTP
}
