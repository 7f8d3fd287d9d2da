package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.math.BigInteger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof RSA decryption vectors (OAEP with SHA-256 and MGF1-SHA-256, the label as PSA's salt; PKCS#1 v1.5)
 * through {@code psa_asymmetric_decrypt} over both doors, one key per group. "valid" cases must give the message;
 * "invalid" ones must fail with {@code PSA_ERROR_INVALID_PADDING}, except a ciphertext that is not exactly the modulus
 * length or not below the modulus, which Mbed TLS refuses earlier with {@code PSA_ERROR_INVALID_ARGUMENT} (the test
 * computes which applies). These files have no "acceptable" cases.
 */
class WycheproofRsaEncryptTest {
    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static int run(PsaCrypto c, String file, Algorithm alg) throws Exception {
        int n = 0;
        for (JsonNode group : Wycheproof.load(file).get("testGroups")) {
            RSAPrivateKey k = RSAPrivateKey.getInstance(PrivateKeyInfo.getInstance(
                    Wycheproof.hex(group, "privateKeyPkcs8")).parsePrivateKey());
            BigInteger modulus = k.getModulus();
            int size = (modulus.bitLength() + 7) / 8;
            int key = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, alg, KeyUsage.DECRYPT), k.getEncoded("DER"));
            try {
                for (JsonNode t : group.get("tests")) {
                    byte[] ct = Wycheproof.hex(t, "ct");
                    boolean earlyRefusal = ct.length != size || new BigInteger(1, ct).compareTo(modulus) >= 0;
                    PsaStatus invalid = earlyRefusal ? PsaStatus.INVALID_ARGUMENT : PsaStatus.INVALID_PADDING;
                    byte[] label = t.has("label") ? Wycheproof.hex(t, "label") : null;
                    byte[][] out = new byte[1][];
                    if (Wycheproof.check(t, file, invalid, () -> out[0] = c.asymmetricDecrypt(key, alg, ct, label))) {
                        assertThat(out[0]).as(file + " tcId " + t.get("tcId")).isEqualTo(Wycheproof.hex(t, "msg"));
                    }
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
    void oaepSha256(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertThat(run(c, "rsa_oaep_2048_sha256_mgf1sha256_test.json", Algorithm.rsaOaep(Algorithm.SHA_256)))
                .isGreaterThan(30);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pkcs1v15(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertThat(run(c, "rsa_pkcs1_2048_test.json", Algorithm.RSA_PKCS1V15_CRYPT)).isGreaterThan(30);
    }
}
