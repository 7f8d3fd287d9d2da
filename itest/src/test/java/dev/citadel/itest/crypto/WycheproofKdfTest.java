package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.KeyDerivationOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.spe.crypto.CryptoPartition;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof's HKDF (SHA-256/384/512) and PBKDF2-HMAC-SHA256 vectors through {@link PsaCrypto}, through both doors,
 * one operation per case (no keys are created: the inputs go in as bytes).
 *
 * <p>HKDF cases feed SALT (an empty salt too, which HKDF treats as the hash length of zeros), SECRET and INFO, then
 * read {@code size} bytes. Valid cases must give {@code okm}. The only invalid cases ({@code SizeTooLarge}) ask for
 * 255 × hash length + 1 bytes, which PSA cannot express as a derivation: the operation's capacity is 255 × hash
 * length, so the read fails with {@code PSA_ERROR_INSUFFICIENT_DATA} (and the capacity drops to 0). The files hold no
 * "acceptable" cases; one would be treated as valid (it must give its output). PBKDF2 cases feed COST
 * ({@code iterationCount}), SALT and PASSWORD and read {@code dkLen} bytes; all are valid.
 */
class WycheproofKdfTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static JsonNode load(String file) throws IOException {
        try (InputStream in = WycheproofKdfTest.class.getResourceAsStream("/wycheproof/" + file)) {
            assertThat(in).as(file).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static byte[] hex(JsonNode n) {
        return HexFormat.of().parseHex(n.asText());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfSha256(Door door) throws Exception {
        assertThat(runHkdf(door, "hkdf_sha256_test.json", Algorithm.SHA_256, 32)).isEqualTo(86);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfSha384(Door door) throws Exception {
        assertThat(runHkdf(door, "hkdf_sha384_test.json", Algorithm.SHA_384, 48)).isEqualTo(83);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfSha512(Door door) throws Exception {
        assertThat(runHkdf(door, "hkdf_sha512_test.json", Algorithm.SHA_512, 64)).isEqualTo(83);
    }

    /** @return the number of cases run */
    private int runHkdf(Door door, String file, Algorithm hash, int hashLength) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int cases = 0;
        for (JsonNode group : load(file).get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                String id = file + " tcId " + t.get("tcId").asInt();
                int size = t.get("size").asInt();
                try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdf(hash))) {
                    op.inputBytes(KeyDerivationStep.SALT, hex(t.get("salt")));
                    op.inputBytes(KeyDerivationStep.SECRET, hex(t.get("ikm")));
                    op.inputBytes(KeyDerivationStep.INFO, hex(t.get("info")));
                    if (t.get("result").asText().equals("invalid")) {
                        assertThat(size).as(id).isGreaterThan(255 * hashLength);
                        assertThatThrownBy(() -> op.outputBytes(size)).as(id)
                                .isInstanceOf(PsaException.class)
                                .satisfies(e -> assertThat(((PsaException) e).psaStatus())
                                        .isEqualTo(PsaStatus.INSUFFICIENT_DATA));
                        assertThat(op.getCapacity()).as(id).isZero();
                    } else {
                        assertThat(op.outputBytes(size)).as(id).isEqualTo(hex(t.get("okm")));
                    }
                }
                cases++;
            }
        }
        return cases;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pbkdf2HmacSha256(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        String file = "pbkdf2_hmacsha256_test.json";
        int cases = 0;
        for (JsonNode group : load(file).get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                String id = file + " tcId " + t.get("tcId").asInt();
                assertThat(t.get("result").asText()).as(id).isNotEqualTo("invalid");
                try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.pbkdf2Hmac(Algorithm.SHA_256))) {
                    op.inputInteger(KeyDerivationStep.COST, t.get("iterationCount").asLong());
                    op.inputBytes(KeyDerivationStep.SALT, hex(t.get("salt")));
                    op.inputBytes(KeyDerivationStep.PASSWORD, hex(t.get("password")));
                    assertThat(op.outputBytes(t.get("dkLen").asInt())).as(id).isEqualTo(hex(t.get("dk")));
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(60);
    }
}
