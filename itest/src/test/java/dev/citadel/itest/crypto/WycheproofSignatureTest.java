package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof signature vectors through {@code PsaCrypto} over both doors: ECDSA in the P1363 ({@code r || s}) files,
 * which is PSA's signature format, with {@code psa_verify_message}; Ed25519 (pure EdDSA); RSA PKCS#1 v1.5 and PSS
 * verification; and PKCS#1 v1.5 signature generation, which is deterministic and so must give Wycheproof's bytes.
 * Each group's key is imported once and destroyed after the group.
 *
 * <p>"valid" cases must verify; "invalid" ones must fail with {@code PSA_ERROR_INVALID_SIGNATURE}; "acceptable" ones
 * (weak parameters, such as a short RSA key or SHA-1, that a strict verifier may refuse) may verify or fail with that
 * status. The DER-encoded {@code ecdsa_*} files are not run: their ASN.1 cases test a DER parser, which PSA's
 * {@code r || s} format does not have, and the P1363 files cover the same keys and arithmetic.
 * RSA-PSS groups with a salt as long as the hash use {@code PSA_ALG_RSA_PSS}, others {@code PSA_ALG_RSA_PSS_ANY_SALT}
 * (PSA has no algorithm for a fixed salt of another length); with the latter, an "invalid" case whose only defect is
 * its salt length ("s_len changed") is treated as acceptable, since that algorithm accepts any salt length.
 */
class WycheproofSignatureTest {
    private static final Map<String, Algorithm> HASHES = Map.of("SHA-1", Algorithm.SHA_1, "SHA-224",
            Algorithm.SHA_224, "SHA-256", Algorithm.SHA_256, "SHA-384", Algorithm.SHA_384, "SHA-512",
            Algorithm.SHA_512);

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static Algorithm hash(JsonNode group) {
        return HASHES.get(group.get("sha").asText());
    }

    private static JsonNode acceptable(JsonNode t) {
        return ((com.fasterxml.jackson.databind.node.ObjectNode) t.deepCopy()).put("result", "acceptable");
    }

    /** Verifies every case of {@code file} with one public key per group. */
    private static int verifyFile(PsaCrypto c, String file, KeyType type, byte[] keyOf, String keyField,
            java.util.function.Function<JsonNode, Algorithm> algOf) throws Exception {
        int n = 0;
        for (JsonNode group : Wycheproof.load(file).get("testGroups")) {
            Algorithm alg = algOf.apply(group);
            byte[] keyData = keyField.contains(".")
                    ? Wycheproof.hex(group.get(keyField.split("\\.")[0]), keyField.split("\\.")[1])
                    : Wycheproof.hex(group, keyField);
            int key = c.importKey(attrs(type, 0, alg, KeyUsage.VERIFY_MESSAGE), keyData);
            try {
                for (JsonNode t : group.get("tests")) {
                    if (alg.isRsaPssAnySalt() && t.get("comment").asText().contains("s_len")) {
                        // only the salt length is wrong, and PSS_ANY_SALT accepts any: success or failure is fine
                        Wycheproof.check(acceptable(t), file, PsaStatus.INVALID_SIGNATURE, () -> c.verifyMessage(key,
                                alg, Wycheproof.hex(t, "msg"), Wycheproof.hex(t, "sig")));
                        n++;
                        continue;
                    }
                    Wycheproof.check(t, file, PsaStatus.INVALID_SIGNATURE,
                            () -> c.verifyMessage(key, alg, Wycheproof.hex(t, "msg"), Wycheproof.hex(t, "sig")));
                    n++;
                }
            } finally {
                c.destroyKey(key);
            }
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdsaP1363(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int n = 0;
        for (String file : new String[] {"ecdsa_secp256r1_sha256_p1363_test.json",
            "ecdsa_secp256r1_sha512_p1363_test.json", "ecdsa_secp384r1_sha384_p1363_test.json",
            "ecdsa_secp384r1_sha512_p1363_test.json", "ecdsa_secp521r1_sha512_p1363_test.json"}) {
            n += verifyFile(c, file, KeyType.eccPublicKey(EccFamily.SECP_R1), null, "publicKey.uncompressed",
                    g -> Algorithm.ecdsa(hash(g)));
        }
        assertThat(n).isGreaterThan(1400);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ed25519(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int n = verifyFile(c, "ed25519_test.json", KeyType.eccPublicKey(EccFamily.TWISTED_EDWARDS), null,
                "publicKey.pk", g -> Algorithm.PURE_EDDSA);
        assertThat(n).isEqualTo(151);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPkcs1v15AndPssVerification(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int n = 0;
        for (String file : new String[] {"rsa_signature_2048_sha256_test.json",
            "rsa_signature_3072_sha256_test.json"}) {
            n += verifyFile(c, file, KeyType.RSA_PUBLIC_KEY, null, "publicKeyAsn",
                    g -> Algorithm.rsaPkcs1v15Sign(hash(g)));
        }
        for (String file : new String[] {"rsa_pss_2048_sha256_mgf1_0_test.json",
            "rsa_pss_2048_sha256_mgf1_32_test.json"}) {
            n += verifyFile(c, file, KeyType.RSA_PUBLIC_KEY, null, "publicKeyAsn", g -> {
                assertThat(g.get("mgfSha").asText()).isEqualTo(g.get("sha").asText()); // PSA: MGF1 with the same hash
                Algorithm h = hash(g);
                return g.get("sLen").asInt() == 32 ? Algorithm.rsaPss(h) : Algorithm.rsaPssAnySalt(h);
            });
        }
        assertThat(n).isGreaterThan(400);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPkcs1v15GenerationGivesWycheproofsSignatures(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int n = 0;
        for (String file : new String[] {"rsa_pkcs1_2048_sig_gen_test.json", "rsa_pkcs1_3072_sig_gen_test.json"}) {
            for (JsonNode group : Wycheproof.load(file).get("testGroups")) {
                Algorithm alg = Algorithm.rsaPkcs1v15Sign(hash(group));
                byte[] pkcs1 = PrivateKeyInfo.getInstance(Wycheproof.hex(group, "privateKeyPkcs8"))
                        .parsePrivateKey().toASN1Primitive().getEncoded("DER");
                int key = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, alg, KeyUsage.SIGN_MESSAGE), pkcs1);
                try {
                    for (JsonNode t : group.get("tests")) {
                        byte[][] sig = new byte[1][];
                        boolean ok = Wycheproof.check(t, file, PsaStatus.NOT_SUPPORTED,
                                () -> sig[0] = c.signMessage(key, alg, Wycheproof.hex(t, "msg")));
                        if (ok) {
                            assertThat(sig[0]).as(file + " tcId " + t.get("tcId")).isEqualTo(Wycheproof.hex(t, "sig"));
                        }
                        n++;
                    }
                } finally {
                    c.destroyKey(key);
                }
            }
        }
        assertThat(n).isGreaterThan(40);
    }
}
