package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.ED_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.P_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.P_PUBLIC;
import static dev.citadel.itest.crypto.AsymKeys.assertStatus;
import static dev.citadel.itest.crypto.AsymKeys.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsymSign group: ECDSA, deterministic ECDSA, RSA PKCS#1 v1.5 and PSS, Ed25519, and their statuses. */
class CryptoSignTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MSG = "a message to sign".getBytes();
    private static KeyPair rsa;

    private TestSpe spe;

    @BeforeAll
    static void rsaKey() throws Exception {
        rsa = AsymKeys.rsaPair(2048);
    }

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private PsaCrypto crypto(Door door) {
        return new PsaCrypto(spe.open(door));
    }

    private static byte[] sha(String alg, byte[] m) throws Exception {
        return MessageDigest.getInstance(alg).digest(m);
    }

    private static boolean jdkVerify(String alg, java.security.PublicKey key, byte[] msg, byte[] sig)
            throws Exception {
        Signature v = Signature.getInstance(alg);
        v.initVerify(key);
        v.update(msg);
        return v.verify(sig);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdsaSignaturesOnEveryCurveVerifyWithTheJdk(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int[] bits = {256, 384, 521};
        Algorithm[] hashes = {Algorithm.SHA_256, Algorithm.SHA_384, Algorithm.SHA_512};
        String[] jdk = {"SHA256withECDSAinP1363Format", "SHA384withECDSAinP1363Format",
            "SHA512withECDSAinP1363Format"};
        for (int i = 0; i < 3; i++) {
            for (Algorithm alg : new Algorithm[] {Algorithm.ecdsa(hashes[i]), Algorithm.deterministicEcdsa(hashes[i])}) {
                int key = c.generateKey(attrs(P_PAIR, bits[i], alg, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH));
                byte[] sig = c.signMessage(key, alg, MSG);
                assertThat(sig).hasSize(2 * ((bits[i] + 7) / 8));
                assertThat(jdkVerify(jdk[i], AsymKeys.jdkEcPublic(c.exportPublicKey(key), bits[i]), MSG, sig))
                        .isTrue();
                c.verifyMessage(key, alg, MSG, sig);
                c.destroyKey(key);
            }
        }
    }

    /** RFC 6979 A.2.5, P-256 with SHA-256, message "sample". */
    @ParameterizedTest
    @EnumSource(Door.class)
    void deterministicEcdsaGivesRfc6979sAnswer(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.deterministicEcdsa(Algorithm.SHA_256);
        int key = c.importKey(attrs(P_PAIR, 256, alg, KeyUsage.SIGN_HASH),
                HEX.parseHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
        assertThat(HEX.formatHex(c.signMessage(key, alg, "sample".getBytes()))).isEqualTo(
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
                + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
        assertThat(c.signHash(key, alg, sha("SHA-256", "sample".getBytes())))
                .isEqualTo(c.signMessage(key, alg, "sample".getBytes()));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdsaAnySignsAHashOfAnyLength(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int key = c.generateKey(attrs(P_PAIR, 256, Algorithm.ECDSA_ANY, KeyUsage.SIGN_HASH));
        byte[] hash = sha("SHA-256", MSG);
        byte[] sig = c.signHash(key, Algorithm.ECDSA_ANY, hash);
        assertThat(jdkVerify("SHA256withECDSAinP1363Format", AsymKeys.jdkEcPublic(c.exportPublicKey(key), 256), MSG,
                sig)).isTrue();
        assertStatus(() -> c.signMessage(key, Algorithm.ECDSA_ANY, MSG), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPkcs1v15MatchesTheJdkByteForByte(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.rsaPkcs1v15Sign(Algorithm.ANY_HASH);
        int key = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 2048, alg, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH),
                AsymKeys.rsaPrivate(rsa));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa.getPrivate());
        s.update(MSG);
        assertThat(c.signMessage(key, Algorithm.rsaPkcs1v15Sign(Algorithm.SHA_256), MSG)).isEqualTo(s.sign());
        Signature raw = Signature.getInstance("NONEwithRSA");
        raw.initSign(rsa.getPrivate());
        raw.update(MSG);
        assertThat(c.signHash(key, Algorithm.RSA_PKCS1V15_SIGN_RAW, MSG)).isEqualTo(raw.sign());
        c.verifyHash(key, Algorithm.rsaPkcs1v15Sign(Algorithm.SHA_256), sha("SHA-256", MSG),
                c.signHash(key, Algorithm.rsaPkcs1v15Sign(Algorithm.SHA_256), sha("SHA-256", MSG)));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPssInteroperatesWithTheJdk(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm pss = Algorithm.rsaPss(Algorithm.SHA_256);
        int key = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 2048, pss, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH),
                AsymKeys.rsaPrivate(rsa));
        byte[] sig = c.signMessage(key, pss, MSG);
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(rsa.getPublic());
        v.update(MSG);
        assertThat(v.verify(sig)).isTrue();

        // a JDK signature with a 20-byte salt: only the any-salt variant accepts it
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1));
        s.initSign(rsa.getPrivate());
        s.update(MSG);
        byte[] salt20 = s.sign();
        Algorithm any = Algorithm.rsaPssAnySalt(Algorithm.SHA_256);
        int pub = c.importKey(attrs(KeyType.RSA_PUBLIC_KEY, 0, any, KeyUsage.VERIFY_MESSAGE),
                AsymKeys.rsaPublic(rsa.getPublic()));
        c.verifyMessage(pub, any, MSG, salt20);
        assertStatus(() -> c.verifyMessage(key, pss, MSG, salt20), PsaStatus.INVALID_SIGNATURE);
    }

    /** RFC 8032 §7.1, TEST 1 (empty message). */
    @ParameterizedTest
    @EnumSource(Door.class)
    void ed25519GivesRfc8032sAnswer(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int key = c.importKey(attrs(ED_PAIR, 255, Algorithm.PURE_EDDSA, KeyUsage.SIGN_MESSAGE,
                KeyUsage.VERIFY_MESSAGE),
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(HEX.formatHex(c.exportPublicKey(key)))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = c.signMessage(key, Algorithm.PURE_EDDSA, new byte[0]);
        assertThat(HEX.formatHex(sig)).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        c.verifyMessage(key, Algorithm.PURE_EDDSA, new byte[0], sig);
        assertStatus(() -> c.signHash(key, Algorithm.PURE_EDDSA, new byte[32]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void everyBitFlipOfASignatureIsRejected(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.ecdsa(Algorithm.SHA_256);
        int key = c.generateKey(attrs(P_PAIR, 256, alg, KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE));
        byte[] sig = c.signMessage(key, alg, MSG);
        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] bad = sig.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertStatus(() -> c.verifyMessage(key, alg, MSG, bad), PsaStatus.INVALID_SIGNATURE);
        }
        assertStatus(() -> c.verifyMessage(key, alg, "another".getBytes(), sig), PsaStatus.INVALID_SIGNATURE);
        assertStatus(() -> c.verifyMessage(key, alg, MSG, java.util.Arrays.copyOf(sig, 63)),
                PsaStatus.INVALID_SIGNATURE);
        assertStatus(() -> c.verifyMessage(key, alg, MSG, java.util.Arrays.copyOf(sig, 65)),
                PsaStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aHashOfTheWrongLengthIsInvalid(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.ecdsa(Algorithm.SHA_256);
        int key = c.generateKey(attrs(P_PAIR, 256, alg, KeyUsage.SIGN_HASH));
        assertStatus(() -> c.signHash(key, alg, new byte[31]), PsaStatus.INVALID_ARGUMENT);
        Algorithm pkcs = Algorithm.rsaPkcs1v15Sign(Algorithm.SHA_256);
        int rsaKey = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, pkcs, KeyUsage.SIGN_HASH), AsymKeys.rsaPrivate(rsa));
        assertStatus(() -> c.signHash(rsaKey, pkcs, new byte[48]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void policyAndKeyChecks(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        Algorithm alg = Algorithm.ecdsa(Algorithm.SHA_256);
        int verifyOnly = c.generateKey(attrs(P_PAIR, 256, alg, KeyUsage.VERIFY_HASH));
        assertStatus(() -> c.signMessage(verifyOnly, alg, MSG), PsaStatus.NOT_PERMITTED);
        int key = c.generateKey(attrs(P_PAIR, 256, alg, KeyUsage.SIGN_HASH));
        assertStatus(() -> c.signMessage(key, Algorithm.ecdsa(Algorithm.SHA_384), MSG), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.signMessage(key, Algorithm.ecdsa(Algorithm.ANY_HASH), MSG), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> other.signMessage(key, alg, MSG), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.signHash(key, alg, new byte[32], new byte[63]), PsaStatus.BUFFER_TOO_SMALL);
        assertStatus(() -> c.signHash(key, Algorithm.CTR, new byte[32]), PsaStatus.INVALID_ARGUMENT);
        int pub = c.importKey(attrs(P_PUBLIC, 256, alg, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH),
                c.exportPublicKey(key));
        assertStatus(() -> c.signMessage(pub, alg, MSG), PsaStatus.INVALID_ARGUMENT);
        c.verifyMessage(pub, alg, MSG, c.signMessage(key, alg, MSG)); // SIGN_HASH implies SIGN_MESSAGE
        int rsaKey = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, alg, KeyUsage.SIGN_HASH), AsymKeys.rsaPrivate(rsa));
        assertStatus(() -> c.signMessage(rsaKey, alg, MSG), PsaStatus.INVALID_ARGUMENT); // ECDSA with an RSA key
    }
}
