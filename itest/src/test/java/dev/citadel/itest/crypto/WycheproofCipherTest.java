package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.CipherOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof's AES-CBC-PKCS5 vectors through {@link PsaCrypto} with {@code PSA_ALG_CBC_PKCS7}, through both doors. A
 * key is imported once per distinct key and destroyed when the next case needs another.
 *
 * <ul>
 *   <li>Valid cases: {@code psa_cipher_decrypt} of {@code IV ‖ ciphertext} gives the message, and a multi-part
 *       encryption with {@code psa_cipher_set_iv(IV)} (split in two updates) gives the ciphertext.
 *   <li>Invalid cases with a bad padding (every one has whole blocks): decryption answers
 *       {@code PSA_ERROR_INVALID_PADDING}. Invalid cases with an empty ciphertext: {@code PSA_ERROR_INVALID_ARGUMENT},
 *       Mbed TLS's answer when PKCS#7 decryption ends without a whole block.
 *   <li>The file holds no "acceptable" case; one would fail the run, so that a new file's would be looked at.
 * </ul>
 */
class WycheproofCipherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TestSpe spe;

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
    void aesCbcPkcs5(Door door) throws Exception {
        PsaCrypto crypto = new PsaCrypto(spe.open(door));
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/wycheproof/aes_cbc_pkcs5_test.json")) {
            root = JSON.readTree(in);
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        Algorithm alg = Algorithm.CBC_PKCS7;
        String keyHex = null;
        int keyId = 0;
        int count = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                count++;
                String result = test.get("result").asText();
                String id = "tcId " + test.get("tcId").asInt() + " (" + result + ")";
                if (result.equals("acceptable")) {
                    fail(id + ": acceptable cases are not expected in this file");
                }
                String hex = test.get("key").asText();
                if (!hex.equals(keyHex)) {
                    if (keyHex != null) {
                        crypto.destroyKey(keyId);
                    }
                    keyId = crypto.importKey(KeyAttributes.builder().type(KeyType.AES)
                            .usage(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT)).algorithm(alg).build(),
                            HEX.parseHex(hex));
                    keyHex = hex;
                }
                byte[] iv = HEX.parseHex(test.get("iv").asText());
                byte[] msg = HEX.parseHex(test.get("msg").asText());
                byte[] ct = HEX.parseHex(test.get("ct").asText());
                byte[] input = new byte[iv.length + ct.length];
                System.arraycopy(iv, 0, input, 0, iv.length);
                System.arraycopy(ct, 0, input, iv.length, ct.length);
                if (result.equals("valid")) {
                    assertThat(crypto.cipherDecrypt(keyId, alg, input)).as(id).isEqualTo(msg);
                    try (CipherOperation op = crypto.cipherEncryptSetup(keyId, alg)) {
                        op.setIv(iv);
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.writeBytes(op.update(msg, 0, msg.length / 3));
                        out.writeBytes(op.update(msg, msg.length / 3, msg.length - msg.length / 3));
                        out.writeBytes(op.finish());
                        assertThat(out.toByteArray()).as(id).isEqualTo(ct);
                    }
                    outcomes.merge("valid", 1, Integer::sum);
                    continue;
                }
                PsaStatus expected = ct.length == 0 ? PsaStatus.INVALID_ARGUMENT : PsaStatus.INVALID_PADDING;
                try {
                    crypto.cipherDecrypt(keyId, alg, input);
                    fail(id + ": decrypted");
                } catch (PsaException e) {
                    assertThat(e.psaStatus()).as(id).isEqualTo(expected);
                }
                outcomes.merge(expected.name(), 1, Integer::sum);
            }
        }
        if (keyHex != null) {
            crypto.destroyKey(keyId);
        }
        assertThat(count).isEqualTo(root.get("numberOfTests").asInt());
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(
                Map.of("valid", 72, "INVALID_PADDING", 141, "INVALID_ARGUMENT", 3));
    }
}
