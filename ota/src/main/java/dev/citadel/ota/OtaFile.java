package dev.citadel.ota;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The one file of an OTA job ({@code afr_ota.files[0]}).
 *
 * @param filepath the path on the device, which names the FWU component ({@link FwuComponents})
 * @param fileSize its size in bytes
 * @param fileId the stream's file id
 * @param certfile the code-signing certificate's path (informational: the key is the SPE's code-verify key)
 * @param signature the {@code sig-sha256-ecdsa} value: an ECDSA P-256 signature in DER over SHA-256 of the file
 * @param updateDataUrl where HTTP range requests go; absent for MQTT-only jobs
 * @param fileType the {@code fileType} (or {@code attr}) value, 0 when absent
 */
public record OtaFile(String filepath, long fileSize, int fileId, String certfile, byte[] signature,
        Optional<URI> updateDataUrl, int fileType) {
    public OtaFile {
        Objects.requireNonNull(filepath, "filepath");
        Objects.requireNonNull(certfile, "certfile");
        Objects.requireNonNull(updateDataUrl, "updateDataUrl");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OtaFile f && filepath.equals(f.filepath) && fileSize == f.fileSize && fileId == f.fileId
                && certfile.equals(f.certfile) && Arrays.equals(signature, f.signature)
                && updateDataUrl.equals(f.updateDataUrl) && fileType == f.fileType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filepath, fileSize, fileId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "OtaFile[" + filepath + ", " + fileSize + " bytes, id " + fileId + "]";
    }
}
