package dev.citadel.ota.server;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the server offers: one file, its signature and how it may be fetched.
 *
 * @param jobId the job id
 * @param streamName the MQTT stream serving the file
 * @param fileId the file's id in the stream
 * @param filepath the device path naming the FWU component ({@code non_secure image}, {@code secure image})
 * @param file the file's bytes (a signed MCUboot image)
 * @param signature ECDSA P-256 over SHA-256 of the file, DER
 * @param protocols {@code MQTT} and/or {@code HTTP}
 * @param httpUrl the {@code update_data_url}, if HTTP is offered
 * @param blockSizeHint the block size the device is expected to use, for the per-block counts
 */
public record JobOffer(String jobId, String streamName, int fileId, String filepath, byte[] file, byte[] signature,
        List<String> protocols, Optional<URI> httpUrl, int blockSizeHint) {
    public JobOffer {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(filepath, "filepath");
        file = file.clone();
        signature = signature.clone();
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(httpUrl, "httpUrl");
        if (blockSizeHint < 1) {
            throw new IllegalArgumentException("block size " + blockSizeHint);
        }
    }

    /** An MQTT job. */
    public static JobOffer mqtt(String jobId, String filepath, byte[] file, byte[] signature, int blockSize) {
        return new JobOffer(jobId, "stream-" + jobId, 0, filepath, file, signature, List.of("MQTT"), Optional.empty(),
                blockSize);
    }

    /** An HTTP job: ranges from {@code url}. */
    public static JobOffer http(String jobId, String filepath, byte[] file, byte[] signature, URI url, int blockSize) {
        return new JobOffer(jobId, "stream-" + jobId, 0, filepath, file, signature, List.of("HTTP"), Optional.of(url),
                blockSize);
    }

    @Override
    public byte[] file() {
        return file.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
