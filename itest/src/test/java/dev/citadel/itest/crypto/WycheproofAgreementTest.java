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
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wycheproof key-agreement vectors through {@code psa_raw_key_agreement} over both doors. "valid" cases must give
 * the shared secret; "invalid" ones must fail with {@code PSA_ERROR_INVALID_ARGUMENT} (invalid peer point);
 * "acceptable" ones may do either (for X25519 these are mostly low-order peers whose all-zero result Mbed TLS and
 * this SPE refuse, and non-canonical encodings).
 *
 * <ul>
 *   <li>{@code ecdh_*_ecpoint_test.json}: the peer key is a raw point, PSA's format, passed as is.
 *   <li>{@code ecdh_*_test.json}: the peer key is a DER SubjectPublicKeyInfo. The test decodes it with the JDK and
 *       passes the uncompressed point; a key the JDK cannot decode, or on another curve, is not sent and counts as
 *       refused, so the case must not be "valid".
 * </ul>
 * A private key is imported once and reused by the cases that share it (at most 16 held at once), then destroyed.
 */
class WycheproofAgreementTest {
    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    /** The key for {@code privateHex}, imported on first use. */
    private static int key(PsaCrypto c, Map<String, Integer> keys, KeyType type, int bits, byte[] priv)
            throws Exception {
        String id = new BigInteger(1, priv).toString(16);
        Integer key = keys.get(id);
        if (key == null) {
            if (keys.size() == 16) { // the SPE has 32 slots: start over rather than fill them
                for (int k : keys.values()) {
                    c.destroyKey(k);
                }
                keys.clear();
            }
            byte[] material = type.eccFamily().orElseThrow() == EccFamily.MONTGOMERY ? priv
                    : AsymKeys.fixed(new BigInteger(1, priv), (bits + 7) / 8);
            key = c.importKey(attrs(type, bits, Algorithm.ECDH, KeyUsage.DERIVE), material);
            keys.put(id, key);
        }
        return key;
    }

    private static int run(PsaCrypto c, String file, KeyType type, int bits, boolean spki) throws Exception {
        int n = 0;
        Map<String, Integer> keys = new HashMap<>();
        try {
            for (JsonNode group : Wycheproof.load(file).get("testGroups")) {
                for (JsonNode t : group.get("tests")) {
                    byte[] priv = Wycheproof.hex(t, "private");
                    byte[] peer = Wycheproof.hex(t, "public");
                    n++;
                    if (spki) {
                        peer = pointOf(peer, bits);
                        if (peer == null) {
                            assertThat(t.get("result").asText()).as(file + " tcId " + t.get("tcId"))
                                    .isNotEqualTo("valid");
                            continue;
                        }
                    }
                    int key = key(c, keys, type, bits, priv);
                    byte[] peerKey = peer;
                    byte[][] out = new byte[1][];
                    if (Wycheproof.check(t, file, PsaStatus.INVALID_ARGUMENT,
                            () -> out[0] = c.rawKeyAgreement(Algorithm.ECDH, key, peerKey))) {
                        assertThat(out[0]).as(file + " tcId " + t.get("tcId")).isEqualTo(Wycheproof.hex(t, "shared"));
                    }
                }
            }
        } finally {
            for (int key : keys.values()) {
                c.destroyKey(key);
            }
        }
        return n;
    }

    /** The uncompressed point of a DER SubjectPublicKeyInfo on the {@code bits}-bit SECP_R1 curve, or null. */
    private static byte[] pointOf(byte[] spki, int bits) {
        try {
            ECPublicKey k = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            ECPublicKey reference = (ECPublicKey) AsymKeys.ecPair(bits).getPublic();
            if (!k.getParams().getOrder().equals(reference.getParams().getOrder())
                    || !k.getParams().getCurve().equals(reference.getParams().getCurve())) {
                return null;
            }
            return AsymKeys.ecPublic(k, bits);
        } catch (Exception undecodable) {
            return null;
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhRawPoints(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        KeyType type = KeyType.eccKeyPair(EccFamily.SECP_R1);
        int n = run(c, "ecdh_secp256r1_ecpoint_test.json", type, 256, false)
                + run(c, "ecdh_secp384r1_ecpoint_test.json", type, 384, false);
        assertThat(n).isEqualTo(355 + 790);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhSubjectPublicKeyInfo(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        KeyType type = KeyType.eccKeyPair(EccFamily.SECP_R1);
        int n = run(c, "ecdh_secp256r1_test.json", type, 256, true)
                + run(c, "ecdh_secp384r1_test.json", type, 384, true);
        assertThat(n).isEqualTo(612 + 1047);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void x25519(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertThat(run(c, "x25519_test.json", KeyType.eccKeyPair(EccFamily.MONTGOMERY), 255, false)).isEqualTo(518);
    }
}
