package dev.citadel.spe.attest;

import dev.citadel.psa.attest.TokenProfile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A device's attestation settings, kept in {@value #FILE} in its directory (absent: {@link #defaults()}):
 * <pre>
 * profile = psa-2023 | psa-2.0.0 | psa-iot-1
 * verification-service = https://verifier.example    (optional; the claim is left out without it)
 * certification-reference = 0604565272829-10010       (optional; EAN-13, '-', 5 digits)
 * </pre>
 *
 * @param verificationService the verification service indicator claim, at most {@value #MAX_VSI} bytes of UTF-8
 * @param certificationReference the certification reference claim, {@code [0-9]{13}-[0-9]{5}}
 */
public record AttestConfig(TokenProfile profile, Optional<String> verificationService,
        Optional<String> certificationReference) {

    public static final String FILE = "attestation.properties";
    /** TF-M's {@code VERIFICATION_URL_MAX_SIZE} is 32; a URL here may be longer, up to this bound. */
    public static final int MAX_VSI = 256;
    private static final Pattern CERT_REF = Pattern.compile("[0-9]{13}-[0-9]{5}");
    private static final Set<String> KEYS = Set.of("profile", "verification-service", "certification-reference");

    /** @throws IllegalArgumentException for a value outside the claim's syntax */
    public AttestConfig {
        if (profile == null) {
            throw new IllegalArgumentException("no attestation profile");
        }
        verificationService.ifPresent(v -> {
            if (v.isEmpty() || v.getBytes(StandardCharsets.UTF_8).length > MAX_VSI) {
                throw new IllegalArgumentException("verification-service must be 1.." + MAX_VSI + " bytes");
            }
        });
        certificationReference.ifPresent(c -> {
            if (!CERT_REF.matcher(c).matches()) {
                throw new IllegalArgumentException("certification-reference '" + c
                        + "' is not 13 digits, '-', 5 digits");
            }
        });
    }

    /** The RFC 9783 profile, without the two optional claims. */
    public static AttestConfig defaults() {
        return new AttestConfig(TokenProfile.PSA_2023, Optional.empty(), Optional.empty());
    }

    /**
     * The settings in {@code file}, or {@link #defaults()} if there is no such file.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value
     * @throws IOException if the file cannot be read
     */
    public static AttestConfig load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "' (expected " + KEYS + ")");
            }
        }
        try {
            return new AttestConfig(TokenProfile.of(p.getProperty("profile", TokenProfile.PSA_2023.optionName())),
                    Optional.ofNullable(p.getProperty("verification-service")),
                    Optional.ofNullable(p.getProperty("certification-reference")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** The file's text for these settings (what {@code citadel device init} writes). */
    public String toFileText() {
        StringBuilder b = new StringBuilder("# attestation settings of this device\nprofile = ")
                .append(profile.optionName()).append('\n');
        verificationService.ifPresent(v -> b.append("verification-service = ").append(v).append('\n'));
        certificationReference.ifPresent(c -> b.append("certification-reference = ").append(c).append('\n'));
        return b.toString();
    }
}
