package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.AeadOperation;
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
 * Wycheproof's AES-GCM, AES-CCM and ChaCha20-Poly1305 vectors through {@link PsaCrypto}, through both doors, one-shot
 * and multi-part (one {@code update} per vector, after {@code set_lengths}).
 *
 * <p>Every case is run with the PSA algorithm its group describes ({@code PSA_ALG_AEAD_WITH_SHORTENED_TAG(base,
 * tagSize / 8)}), on a key whose policy is the at-least-1-byte-tag wildcard so that one key serves every tag size;
 * a key is imported once per distinct key and destroyed when the next case needs another.
 *
 * <ul>
 *   <li>A case whose nonce or tag size PSA refuses must get the status Mbed TLS 3.6 behind TF-M gives, whatever
 *       Wycheproof's verdict: one-shot, a nonce above 16 bytes is {@code INVALID_ARGUMENT} in the client (TF-M's
 *       nonce field); GCM with an empty nonce, CCM with a nonce outside 7..13 bytes, or ChaCha20-Poly1305 with one other
 *       than 8 or 12 bytes is {@code INVALID_ARGUMENT}; ChaCha20-Poly1305 with 8 bytes is {@code NOT_SUPPORTED}; a
 *       CCM tag that is odd or below 4 bytes is {@code INVALID_ARGUMENT}. Multi-part, the tag size is judged at setup
 *       ({@code INVALID_ARGUMENT}) and every bad nonce length at {@code set_nonce} ({@code INVALID_ARGUMENT}).
 *   <li>Valid cases PSA can express must encrypt to Wycheproof's ciphertext and tag and decrypt to its message. GCM
 *       nonces above 16 bytes cannot travel one-shot but can through {@code set_nonce}: those valid cases must succeed
 *       multi-part.
 *   <li>Invalid cases PSA can express (modified tags) must fail to decrypt with {@code INVALID_SIGNATURE}.
 *   <li>These three files hold no "acceptable" case; one would fail the run, so that a new file's would be looked at.
 * </ul>
 */
class WycheproofAeadTest {
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
    void aesGcm(Door door) throws Exception {
        run(door, "aes_gcm_test.json", Algorithm.GCM, KeyType.AES);
        assertThat(outcomes).containsEntry("valid", 214).containsEntry("valid multi-part only", 15)
                .containsEntry("INVALID_SIGNATURE", 81).containsEntry("refused INVALID_ARGUMENT", 6);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesCcm(Door door) throws Exception {
        run(door, "aes_ccm_test.json", Algorithm.CCM, KeyType.AES);
        assertThat(outcomes).containsEntry("valid", 405).containsEntry("INVALID_SIGNATURE", 81)
                .containsEntry("refused INVALID_ARGUMENT", 66);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void chacha20Poly1305(Door door) throws Exception {
        run(door, "chacha20_poly1305_test.json", Algorithm.CHACHA20_POLY1305, KeyType.CHACHA20);
        assertThat(outcomes).containsEntry("valid", 256).containsEntry("INVALID_SIGNATURE", 60)
                .containsEntry("refused INVALID_ARGUMENT", 8).containsEntry("refused NOT_SUPPORTED", 1);
    }

    private void run(Door door, String file, Algorithm base, KeyType keyType) throws Exception {
        crypto = new PsaCrypto(spe.open(door));
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/wycheproof/" + file)) {
            root = JSON.readTree(in);
        }
        int cases = 0;
        for (JsonNode group : root.get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            Algorithm alg = Algorithm.aeadWithShortenedTag(base, tagBytes);
            for (JsonNode t : group.get("tests")) {
                String id = file + " tcId " + t.get("tcId").asInt();
                String result = t.get("result").asText();
                if (result.equals("acceptable")) {
                    fail(id + ": an acceptable case; decide how PSA treats it");
                }
                useKey(keyType, t.get("key").asText());
                runCase(id, alg, keyType, bytes(t, "iv"), bytes(t, "aad"), bytes(t, "msg"), bytes(t, "ct"),
                        bytes(t, "tag"), result.equals("valid"));
                cases++;
            }
        }
        useKey(keyType, null);
        assertThat(cases).isEqualTo(root.get("numberOfTests").asInt());
    }

    private void runCase(String id, Algorithm alg, KeyType keyType, byte[] nonce, byte[] ad, byte[] msg, byte[] ct,
            byte[] tag, boolean valid) throws Exception {
        byte[] sealed = concat(ct, tag);
        PsaStatus refusal = oneShotRefusal(alg, keyType, nonce.length);
        PsaStatus multiPartRefusal = multiPartRefusal(alg, nonce.length);
        if (refusal != null) {
            assertStatus(id, () -> crypto.aeadEncrypt(keyId, alg, nonce, ad, msg), refusal);
            assertStatus(id, () -> crypto.aeadDecrypt(keyId, alg, nonce, ad, sealed), refusal);
        } else if (valid) {
            assertThat(crypto.aeadEncrypt(keyId, alg, nonce, ad, msg)).as(id).isEqualTo(sealed);
            assertThat(crypto.aeadDecrypt(keyId, alg, nonce, ad, sealed)).as(id).isEqualTo(msg);
        } else {
            assertStatus(id, () -> crypto.aeadDecrypt(keyId, alg, nonce, ad, sealed), PsaStatus.INVALID_SIGNATURE);
        }
        if (multiPartRefusal != null) {
            assertThat(refusal).as(id + ": refused multi-part but not one-shot").isNotNull();
            assertStatus(id, () -> multiPartDecrypt(alg, nonce, ad, ct, tag), multiPartRefusal);
            count("refused " + refusal.name());
            return;
        }
        if (valid) {
            assertThat(multiPartEncrypt(alg, nonce, ad, msg)).as(id).isEqualTo(sealed);
            assertThat(multiPartDecrypt(alg, nonce, ad, ct, tag)).as(id).isEqualTo(msg);
            count(refusal == null ? "valid" : "valid multi-part only");
        } else {
            assertStatus(id, () -> multiPartDecrypt(alg, nonce, ad, ct, tag), PsaStatus.INVALID_SIGNATURE);
            count("INVALID_SIGNATURE");
        }
    }

    /** What a one-shot call must answer for these sizes, before any data is looked at; null if PSA takes them. */
    private static PsaStatus oneShotRefusal(Algorithm alg, KeyType keyType, int nonceLength) {
        if (nonceLength > 16) {
            return PsaStatus.INVALID_ARGUMENT; // TF-M's client: the pack iovec's nonce field holds 16 bytes
        }
        Algorithm base = alg.aeadWithDefaultTag();
        int tag = alg.aeadTagLength();
        if (base.equals(Algorithm.GCM)) {
            return nonceLength == 0 ? PsaStatus.INVALID_ARGUMENT : null;
        }
        if (base.equals(Algorithm.CCM)) {
            if (nonceLength < 7 || nonceLength > 13 || tag < 4 || tag % 2 != 0) {
                return PsaStatus.INVALID_ARGUMENT;
            }
            return null;
        }
        if (nonceLength == 8) {
            return PsaStatus.NOT_SUPPORTED;
        }
        return nonceLength != 12 ? PsaStatus.INVALID_ARGUMENT : null;
    }

    /** What the multi-part path must answer (at setup for the tag, at set_nonce for the nonce); null if it runs. */
    private static PsaStatus multiPartRefusal(Algorithm alg, int nonceLength) {
        Algorithm base = alg.aeadWithDefaultTag();
        int tag = alg.aeadTagLength();
        boolean ok;
        if (base.equals(Algorithm.GCM)) {
            ok = nonceLength >= 1 && (tag == 4 || tag == 8 || (tag >= 12 && tag <= 16));
        } else if (base.equals(Algorithm.CCM)) {
            ok = nonceLength >= 7 && nonceLength <= 13 && tag >= 4 && tag % 2 == 0;
        } else {
            ok = nonceLength == 12 && tag == 16;
        }
        return ok ? null : PsaStatus.INVALID_ARGUMENT;
    }

    private byte[] multiPartEncrypt(Algorithm alg, byte[] nonce, byte[] ad, byte[] msg) throws PsaException {
        try (AeadOperation op = crypto.aeadEncryptSetup(keyId, alg)) {
            op.setLengths(ad.length, msg.length);
            op.setNonce(nonce);
            op.updateAd(ad);
            byte[] ct = op.update(msg);
            AeadOperation.Finish f = op.finish();
            return concat(ct, f.ciphertext(), f.tag());
        }
    }

    private byte[] multiPartDecrypt(Algorithm alg, byte[] nonce, byte[] ad, byte[] ct, byte[] tag)
            throws PsaException {
        try (AeadOperation op = crypto.aeadDecryptSetup(keyId, alg)) {
            op.setLengths(ad.length, ct.length);
            op.setNonce(nonce);
            op.updateAd(ad);
            byte[] pt = op.update(ct);
            return concat(pt, op.verify(tag));
        }
    }

    /** Imports {@code hex} unless it is the current key, destroying the previous one; null just destroys. */
    private void useKey(KeyType type, String hex) throws PsaException {
        if (hex != null && hex.equals(keyHex)) {
            return;
        }
        if (keyHex != null) {
            crypto.destroyKey(keyId);
            keyHex = null;
        }
        if (hex != null) {
            Algorithm base = type.equals(KeyType.AES) ? Algorithm.GCM : Algorithm.CHACHA20_POLY1305;
            KeyAttributes attributes = KeyAttributes.builder().type(type)
                    .usage(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT))
                    .algorithm(Algorithm.aeadWithAtLeastThisLengthTag(base, 1))
                    .algorithm2(Algorithm.aeadWithAtLeastThisLengthTag(Algorithm.CCM, 1))
                    .build();
            keyId = crypto.importKey(attributes, HEX.parseHex(hex));
            keyHex = hex;
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertStatus(String id, Call call, PsaStatus expected) {
        try {
            call.run();
        } catch (PsaException e) {
            assertThat(e.psaStatus()).as(id).isEqualTo(expected);
            return;
        } catch (Exception e) {
            throw new AssertionError(id + ": " + e, e);
        }
        fail(id + ": expected " + expected + ", the call succeeded");
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private static byte[] bytes(JsonNode t, String field) {
        return HEX.parseHex(t.get(field).asText());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

}
