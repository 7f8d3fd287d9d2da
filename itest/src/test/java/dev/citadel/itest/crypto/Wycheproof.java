package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Reading the Wycheproof files under {@code src/test/resources/wycheproof} and judging one case's outcome. */
final class Wycheproof {
    private Wycheproof() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode load(String file) {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector file " + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node, String field) {
        return HexFormat.of().parseHex(node.get(field).asText());
    }

    /** A case's call: returns normally or throws the SPE's status. */
    interface Call {
        void run() throws Exception;
    }

    /**
     * Runs {@code call} and checks it against the case: "valid" must succeed, "invalid" must fail with
     * {@code invalidStatus}, "acceptable" may do either (with that status when it fails).
     *
     * @return whether the call succeeded
     */
    static boolean check(JsonNode test, String file, PsaStatus invalidStatus, Call call) throws Exception {
        String result = test.get("result").asText();
        String what = file + " tcId " + test.get("tcId").asInt() + " (" + test.get("comment").asText() + ")";
        try {
            call.run();
        } catch (PsaException e) {
            assertThat(result).as(what + " failed with " + e.psaStatus()).isNotEqualTo("valid");
            assertThat(e.psaStatus()).as(what).isEqualTo(invalidStatus);
            return false;
        }
        assertThat(result).as(what + " succeeded").isNotEqualTo("invalid");
        return true;
    }
}
