package dev.citadel.boot.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpeManifestTest {
    private static final byte[] JAR_A = "jar a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JAR_B = "the second jar".getBytes(StandardCharsets.US_ASCII);

    private static String sha256Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String documentedText() throws Exception {
        return "citadel-spe-manifest 1\n"
                + "main dev.example.Main\n"
                + "jar " + sha256Hex(JAR_A) + " 5 a-1.0.jar\n"
                + "jar " + sha256Hex(JAR_B) + " 14 b_2+x.jar\n";
    }

    @Test
    void encodesTheDocumentedTextFormat() throws Exception {
        SpeManifest m = new SpeManifest("dev.example.Main",
                List.of(SpeManifest.JarPin.of("a-1.0.jar", JAR_A), SpeManifest.JarPin.of("b_2+x.jar", JAR_B)));
        assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(documentedText());
    }

    @Test
    void decodesWhatItEncodesAndReencodesTheSameBytes() throws Exception {
        byte[] text = documentedText().getBytes(StandardCharsets.UTF_8);
        SpeManifest m = SpeManifest.decode(text);
        assertThat(m.mainClass()).isEqualTo("dev.example.Main");
        assertThat(m.jars()).extracting(SpeManifest.JarPin::name).containsExactly("a-1.0.jar", "b_2+x.jar");
        assertThat(m.jars().get(1).size()).isEqualTo(14);
        assertThat(m.encode()).isEqualTo(text);
    }

    @Test
    void aPinMatchesOnlyTheExactBytes() {
        SpeManifest.JarPin pin = SpeManifest.JarPin.of("a.jar", JAR_A);
        assertThat(pin.matches(JAR_A.clone())).isTrue();
        byte[] flipped = JAR_A.clone();
        flipped[2] ^= 1;
        assertThat(pin.matches(flipped)).isFalse();
        assertThat(pin.matches("jar a ".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                              // empty
        "citadel-spe-manifest 2\nmain a.B\n%JAR%",       // unknown version
        "citadel-spe-manifest 1\r\nmain a.B\n%JAR%",     // CRLF
        "citadel-spe-manifest 1\nmain a.B\n",            // no jar
        "citadel-spe-manifest 1\n%JAR%main a.B\n",       // main not second
        "citadel-spe-manifest 1\nmain a.B\n%JAR%%JAR%",  // the same jar twice
        "citadel-spe-manifest 1\nmain a.B\n%JAR%\n",     // empty line
        "citadel-spe-manifest 1\nmain a.B\n%JAR_NOLF%",  // no final LF
        "citadel-spe-manifest 1\nmain a.B\n%UPPER%",     // upper-case hex
        "citadel-spe-manifest 1\nmain a.B\n%LEADING0%",  // size with a leading zero
        "citadel-spe-manifest 1\nmain a.B\n%SLASH%",     // a path, not a file name
        "citadel-spe-manifest 1\nmain a.B\n%TWOSPACES%", // a doubled separator
        "citadel-spe-manifest 1\nmain 1a.B\n%JAR%",      // not a class name
    })
    void refusesAnythingButTheCanonicalForm(String template) throws Exception {
        String h = sha256Hex(JAR_A);
        String text = template.replace("%JAR%", "jar " + h + " 5 a.jar\n")
                .replace("%JAR_NOLF%", "jar " + h + " 5 a.jar")
                .replace("%UPPER%", "jar " + h.toUpperCase() + " 5 a.jar\n")
                .replace("%LEADING0%", "jar " + h + " 05 a.jar\n")
                .replace("%SLASH%", "jar " + h + " 5 lib/a.jar\n")
                .replace("%TWOSPACES%", "jar " + h + "  5 a.jar\n");
        assertThatThrownBy(() -> SpeManifest.decode(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LaunchException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] b = "citadel-spe-manifest 1\nmain a.\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> SpeManifest.decode(b)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void refusesAnOversizedManifestBeforeParsingIt() {
        byte[] big = new byte[SpeManifest.MAX_BYTES + 1];
        assertThatThrownBy(() -> SpeManifest.decode(big)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("more than");
    }
}
