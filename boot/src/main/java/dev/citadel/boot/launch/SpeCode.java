package dev.citadel.boot.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPE's code as BL2 admits it: the manifest of a verified image 0, and each jar it pins read from disk once,
 * into memory, and compared with its pin. Only these bytes are ever handed to the SPE's JVM, so a jar changed on
 * disk after this check changes nothing that runs.
 */
public final class SpeCode {
    private final byte[] manifestBytes;
    private final SpeManifest manifest;
    private final List<byte[]> jars;

    private SpeCode(byte[] manifestBytes, SpeManifest manifest, List<byte[]> jars) {
        this.manifestBytes = manifestBytes;
        this.manifest = manifest;
        this.jars = jars;
    }

    /**
     * Reads the jars that {@code manifestPayload} pins.
     *
     * @param manifestPayload the payload of a verified image 0
     * @param classPath where the jars are, found by file name (the first match wins)
     * @throws LaunchException if the manifest is malformed, a jar is missing, unreadable or differs from its pin
     */
    public static SpeCode load(byte[] manifestPayload, List<Path> classPath) throws LaunchException {
        byte[] manifestBytes = manifestPayload.clone();
        SpeManifest manifest = SpeManifest.decode(manifestBytes);
        List<byte[]> jars = new ArrayList<>();
        for (SpeManifest.JarPin pin : manifest.jars()) {
            Path file = classPath.stream().filter(p -> p.getFileName() != null
                    && p.getFileName().toString().equals(pin.name())).findFirst()
                    .orElseThrow(() -> new LaunchException("the SPE manifest pins " + pin.name()
                            + ", which is not on the SPE's class path"));
            byte[] jar = readAtMost(file, pin.size());
            if (!pin.matches(jar)) {
                throw new LaunchException(file + " differs from the SHA-256 and size that the verified SPE "
                        + "manifest pins");
            }
            jars.add(jar);
        }
        return new SpeCode(manifestBytes, manifest, List.copyOf(jars));
    }

    /** One read, bounded by the pinned size plus one byte, so a swollen file cannot exhaust memory. */
    private static byte[] readAtMost(Path file, long size) throws LaunchException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, size + 1));
        } catch (NoSuchFileException e) {
            throw new LaunchException(file + " does not exist");
        } catch (IOException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public SpeManifest manifest() {
        return manifest;
    }

    /** The stream {@link Launcher} reads: the manifest and the very bytes checked here. */
    public byte[] launchStream() {
        return LaunchStream.forSpe(manifestBytes, jars);
    }

    /** Total bytes of the pinned jars. */
    public long codeBytes() {
        return jars.stream().mapToLong(j -> j.length).sum();
    }
}
