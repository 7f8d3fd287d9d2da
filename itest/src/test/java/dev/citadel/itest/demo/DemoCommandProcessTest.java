package dev.citadel.itest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.CitadelJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's main command, {@code citadel demo}, run as a user runs it (the built jar, in its own process): every
 * chapter ends as expected, the summary says so, and the story's events happened in the order the README tells
 * (secure boot, provisioning, mutual-TLS MQTT, attestation, an accepted OTA, a tampered one refused, a failing one
 * reverted). The run's seconds are printed, not asserted.
 */
@Timeout(300)
class DemoCommandProcessTest {
    private static final List<String> CHAPTERS = List.of("Factory: keys, images, device", "Secure boot",
            "PSA services through the socket", "Provisioning over PKCS#11", "Mutual-TLS MQTT", "Attestation",
            "OTA 1.1.0: accepted", "OTA of a tampered image: refused", "OTA 1.2.0: self-test fails, reverted",
            "Power cycle: what the device keeps");

    @Test
    void theDemoTellsTheWholeStoryAndItsSummarySaysEveryChapterEndedAsExpected() throws Exception {
        CitadelJar.Run r = CitadelJar.run(240, "demo");
        assertThat(r.code()).as(r.toString()).isZero();
        String out = r.out();

        String summary = out.substring(out.lastIndexOf("\nSummary"));
        for (int i = 0; i < CHAPTERS.size(); i++) {
            assertThat(summary).as(summary).containsPattern("\n  ok +" + (i + 1) + "\\. " + Pattern.quote(CHAPTERS.get(i)));
        }
        assertThat(summary).doesNotContainPattern("\n  (FAIL|--) ");
        Matcher total = Pattern.compile("\n10 of 10 chapters as expected in ([0-9.]+) s").matcher(summary);
        assertThat(total.find()).as(summary).isTrue();
        System.out.println("citadel demo: " + total.group(1) + " s");

        assertInOrder(out,
                "[bl2] image 1 (non-secure) verified: version 1.0.0+0",
                "hello from the NS application",
                "[2/5] generated ec-p256 device key pair 'Device Priv TLS Key'",
                "the certificate's public key is the one the SPE holds: true",
                "the broker authenticated the device by its certificate: CN=citadel-demo-",
                "verifier (IAK public key from iak-pub.pem, expected nonce): VALID",
                // OTA 1.1.0: written, verified in the SPE, test-swapped, self-tested, accepted, reported
                "component 1: candidate 1.1.0+0 verified",
                "agent: REBOOT_REQUESTED: installed 1.1.0+0",
                "[bl2] image 1: swap type TEST",
                "citadel-ns: running image 1 version 1.1.0+0 (FWU: image 0 READY, image 1 TRIAL)",
                "citadel-ns: psa_fwu_accept: PSA_SUCCESS (0)",
                "record of ota-ns-1.1.0: SUCCEEDED",
                // the tampered file: refused by the SPE's own check, nothing installed
                "component 1: candidate refused: HASH_MISMATCH",
                "psa_fwu_finish refused the image for component 1: PSA_ERROR_INVALID_SIGNATURE",
                "no reset requested: true; FWU component 1: READY, running 1.1.0+0",
                // 1.2.0: test-booted, fails its self-test, rejected, reverted
                "component 1: candidate 1.2.0+0 verified",
                "citadel-ns: running image 1 version 1.2.0+0 (FWU: image 0 READY, image 1 TRIAL)",
                "citadel-ns: self-test failed",
                "citadel-ns: psa_fwu_reject",
                "[bl2] image 1: swap type REVERT",
                "citadel-ns: running image 1 version 1.1.0+0 (FWU: image 0 READY, image 1 READY)",
                "record of ota-ns-1.2.0: FAILED",
                // what the device keeps
                "psa_its_get(uid 1) = \"mqtt.example.net:8883\"",
                "MQTT with the device key provisioned in chapter 4: connected true");

        Matcher where = Pattern.compile("working in ([^;]+);").matcher(out);
        assertThat(where.find()).isTrue();
        assertThat(Files.exists(Path.of(where.group(1)))).as("the temporary directory is removed").isFalse();
        assertThat(out).doesNotContain("Exception", "\tat ");
    }

    private static void assertInOrder(String out, String... events) {
        int at = 0;
        for (String e : events) {
            int next = out.indexOf(e, at);
            assertThat(next).as("\"%s\" after position %d of:%n%s", e, at, out).isGreaterThanOrEqualTo(0);
            at = next + e.length();
        }
    }
}
