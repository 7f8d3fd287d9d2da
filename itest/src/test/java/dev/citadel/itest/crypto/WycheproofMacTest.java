package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.MacOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof's HMAC-SHA-256/384/512 and AES-CMAC vectors through {@link PsaCrypto}, through both doors.
 *
 * <p>Each group's tag size picks the PSA algorithm: the full-length MAC, or {@code PSA_ALG_TRUNCATED_MAC} when the tag
 * is shorter. The key's policy is the at-least-4-bytes wildcard of the base MAC, so one key serves every tag size; a
 * key is imported once per distinct key and destroyed when the next case needs another.
 *
 * <ul>
 *   <li>Valid cases: {@code psa_mac_compute} and a multi-part sign (split in two updates) give the tag, and
 *       {@code psa_mac_verify} accepts it.
 *   <li>Invalid cases with a modified tag: {@code psa_mac_verify} answers {@code PSA_ERROR_INVALID_SIGNATURE}.
 *   <li>Invalid cases with a key size AES does not have (CMAC with 0, 1, 8, 20 or 40 bytes): the import is refused
 *       with {@code PSA_ERROR_INVALID_ARGUMENT}, as Mbed TLS refuses key data of a wrong size (and empty data).
 *   <li>These files hold no "acceptable" case; one would fail the run, so that a new file's would be looked at.
 * </ul>
 */
class WycheproofMacTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TestSpe spe;
    private PsaCrypto crypto;
    private String keyHex;
    private int keyId;
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hmacSha256(Door door) throws Exception {
        run(door, "hmac_sha256_test.json", Algorithm.hmac(Algorithm.SHA_256), KeyType.HMAC, 32);
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("valid", 66, "INVALID_SIGNATURE", 108));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hmacSha384(Door door) throws Exception {
        run(door, "hmac_sha384_test.json", Algorithm.hmac(Algorithm.SHA_384), KeyType.HMAC, 48);
        assertThat(outcomes.get("valid")).isPositive();
        assertThat(outcomes.get("INVALID_SIGNATURE")).isPositive();
        assertThat(outcomes).containsOnlyKeys("valid", "INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hmacSha512(Door door) throws Exception {
        run(door, "hmac_sha512_test.json", Algorithm.hmac(Algorithm.SHA_512), KeyType.HMAC, 64);
        assertThat(outcomes.get("valid")).isPositive();
        assertThat(outcomes.get("INVALID_SIGNATURE")).isPositive();
        assertThat(outcomes).containsOnlyKeys("valid", "INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesCmac(Door door) throws Exception {
        run(door, "aes_cmac_test.json", Algorithm.CMAC, KeyType.AES, 16);
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(
                Map.of("valid", 63, "INVALID_SIGNATURE", 243, "import INVALID_ARGUMENT", 5));
    }

    private void run(Door door, String file, Algorithm base, KeyType keyType, int fullLength) throws Exception {
        crypto = new PsaCrypto(spe.open(door));
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/wycheproof/" + file)) {
            root = JSON.readTree(in);
        }
        int count = 0;
        for (JsonNode group : root.get("testGroups")) {
            int tagLength = group.get("tagSize").asInt() / 8;
            Algorithm alg = tagLength == fullLength ? base : Algorithm.truncatedMac(base, tagLength);
            for (JsonNode test : group.get("tests")) {
                count++;
                String result = test.get("result").asText();
                String id = file + " tcId " + test.get("tcId").asInt() + " (" + result + ")";
                if (result.equals("acceptable")) {
                    fail(id + ": acceptable cases are not expected in this file");
                }
                byte[] msg = HEX.parseHex(test.get("msg").asText());
                byte[] tag = HEX.parseHex(test.get("tag").asText());
                if (!useKey(test.get("key").asText(), keyType, base)) {
                    assertThat(result).as(id).isEqualTo("invalid");
                    outcomes.merge("import INVALID_ARGUMENT", 1, Integer::sum);
                    continue;
                }
                if (result.equals("valid")) {
                    assertThat(crypto.macCompute(keyId, alg, msg)).as(id).isEqualTo(tag);
                    crypto.macVerify(keyId, alg, msg, tag);
                    try (MacOperation op = crypto.macSignSetup(keyId, alg)) {
                        op.update(msg, 0, msg.length / 2);
                        op.update(msg, msg.length / 2, msg.length - msg.length / 2);
                        assertThat(op.signFinish()).as(id).isEqualTo(tag);
                    }
                    outcomes.merge("valid", 1, Integer::sum);
                } else {
                    try {
                        crypto.macVerify(keyId, alg, msg, tag);
                        fail(id + ": verified");
                    } catch (PsaException e) {
                        assertThat(e.psaStatus()).as(id).isEqualTo(PsaStatus.INVALID_SIGNATURE);
                    }
                    outcomes.merge("INVALID_SIGNATURE", 1, Integer::sum);
                }
            }
        }
        assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
        if (keyHex != null) {
            crypto.destroyKey(keyId);
        }
    }

    /** Imports the case's key unless it is the current one; false if the SPE refused it (INVALID_ARGUMENT). */
    private boolean useKey(String hex, KeyType type, Algorithm base) throws PsaException {
        if (hex.equals(keyHex)) {
            return true;
        }
        if (keyHex != null) {
            crypto.destroyKey(keyId);
            keyHex = null;
        }
        KeyAttributes attributes = KeyAttributes.builder().type(type)
                .usage(KeyUsage.of(KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE))
                .algorithm(Algorithm.atLeastThisLengthMac(base, 4)).build();
        try {
            keyId = crypto.importKey(attributes, HEX.parseHex(hex));
        } catch (PsaException e) {
            assertThat(e.psaStatus()).as("import of a %d-byte key", hex.length() / 2)
                    .isEqualTo(PsaStatus.INVALID_ARGUMENT);
            return false;
        }
        keyHex = hex;
        return true;
    }
}
