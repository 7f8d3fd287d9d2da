package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.KeyDerivationOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.CryptoPartition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Key Derivation group through {@link PsaCrypto}, through both doors: known answers (RFC 5869, RFC 5246's PRF
 * with the SHA-256 vector published on the IETF TLS list, RFC 6070, RFC 7914 §11, RFC 4615), Mbed TLS's state machine
 * and capacity rules, derived keys, and the key policy.
 *
 * <p>Expected values that no RFC lists (PSK-to-MS, longer HKDF streams, derived keys) are computed here with the
 * JDK's {@code Mac} or Bouncy Castle's {@code CMac}, never with the code under test.
 */
class CryptoKeyDerivationTest {
    private static final Algorithm HKDF_SHA256 = Algorithm.hkdf(Algorithm.SHA_256);
    private static final KeyDerivationStep SECRET = KeyDerivationStep.SECRET;
    private static final KeyDerivationStep SALT = KeyDerivationStep.SALT;
    private static final KeyDerivationStep INFO = KeyDerivationStep.INFO;
    private static final KeyDerivationStep SEED = KeyDerivationStep.SEED;
    private static final KeyDerivationStep LABEL = KeyDerivationStep.LABEL;
    private static final KeyDerivationStep PASSWORD = KeyDerivationStep.PASSWORD;
    private static final KeyDerivationStep COST = KeyDerivationStep.COST;
    private static final KeyDerivationStep OTHER_SECRET = KeyDerivationStep.OTHER_SECRET;

    // RFC 5869 test case 1
    private static final byte[] IKM = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] SALT_1 = hex("000102030405060708090a0b0c");
    private static final byte[] INFO_1 = hex("f0f1f2f3f4f5f6f7f8f9");
    private static final byte[] PRK_1 = hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    private static final byte[] OKM_1 = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            + "34007208d5b887185865");

    private TestSpe spe;

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

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Independent references

    private static byte[] hmac(String jca, byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance(jca);
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jca));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    /** RFC 5869 with the JDK's HMAC. */
    static byte[] hkdfReference(String jca, byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
        byte[] prk = hmac(jca, salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            t = hmac(jca, prk, t, info, new byte[] {(byte) i});
            okm.writeBytes(t);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    /** RFC 5246 §5 P_hash with the JDK's HMAC. */
    private static byte[] pHash(String jca, byte[] secret, byte[] seed, int length) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = seed;
        while (out.size() < length) {
            a = hmac(jca, secret, a);
            out.writeBytes(hmac(jca, secret, a, seed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** AES-CMAC-PRF-128 (RFC 4615) with Bouncy Castle's CMAC. */
    private static byte[] aesCmacPrf128(byte[] key, byte[] message) {
        byte[] k = key.length == 16 ? key : cmac(new byte[16], key);
        return cmac(k, message);
    }

    private static byte[] cmac(byte[] key, byte[] message) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    private static KeyAttributes derive(KeyType type, KeyUsage usage, Algorithm alg) {
        return KeyAttributes.builder().type(type).usage(usage).algorithm(alg).build();
    }

    private static KeyAttributes output(KeyType type, int bits) {
        return KeyAttributes.builder().type(type).bits(bits).usage(KeyUsage.EXPORT).build();
    }

    private static KeyDerivationOperation hkdf(PsaCrypto c, byte[] salt, byte[] ikm, byte[] info) throws Exception {
        KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256);
        op.inputBytes(SALT, salt);
        op.inputBytes(SECRET, ikm);
        op.inputBytes(INFO, info);
        return op;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Known answers

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfGivesRfc5869TestCases1And3And4(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        try (KeyDerivationOperation op = hkdf(c, SALT_1, IKM, INFO_1)) {
            // in pieces across block boundaries: the stream is one
            byte[] okm = concat(op.outputBytes(5), op.outputBytes(30), op.outputBytes(7));
            assertThat(okm).isEqualTo(OKM_1);
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputBytes(SECRET, IKM); // test case 3: no salt, empty info
            op.inputBytes(INFO, new byte[0]);
            assertThat(op.outputBytes(42)).isEqualTo(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f"
                    + "3c738d2d9d201395faa4b61a96c8"));
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdf(Algorithm.SHA_1))) {
            op.inputBytes(INFO, INFO_1); // info may come first
            op.inputBytes(SALT, SALT_1);
            op.inputBytes(SECRET, Arrays.copyOf(IKM, 11));
            assertThat(op.outputBytes(42)).isEqualTo(hex("085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f"
                    + "155fda2c22e422478d305f3f896"));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfExtractAndExpandGiveRfc5869TestCase1Separately(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdfExtract(Algorithm.SHA_256))) {
            assertThat(op.getCapacity()).isEqualTo(32);
            op.inputBytes(SALT, SALT_1);
            op.inputBytes(SECRET, IKM);
            assertThat(op.outputBytes(32)).isEqualTo(PRK_1);
            assertStatus(() -> op.outputBytes(1), PsaStatus.INSUFFICIENT_DATA);
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdfExpand(Algorithm.SHA_256))) {
            op.inputBytes(SECRET, PRK_1);
            op.inputBytes(INFO, INFO_1);
            assertThat(op.outputBytes(42)).isEqualTo(OKM_1);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfOverEveryHashMatchesTheJdkToItsFullCapacity(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Object[][] hashes = {
            {Algorithm.SHA_1, "HmacSHA1", 20}, {Algorithm.SHA_224, "HmacSHA224", 28},
            {Algorithm.SHA_256, "HmacSHA256", 32}, {Algorithm.SHA_384, "HmacSHA384", 48},
            {Algorithm.SHA_512, "HmacSHA512", 64},
        };
        for (Object[] h : hashes) {
            int full = 255 * (int) h[2];
            try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdf((Algorithm) h[0]))) {
                assertThat(op.getCapacity()).isEqualTo(full);
                op.inputBytes(SALT, SALT_1);
                op.inputBytes(SECRET, IKM);
                op.inputBytes(INFO, INFO_1);
                assertThat(op.outputBytes(full)).isEqualTo(hkdfReference((String) h[1], IKM, SALT_1, INFO_1, full));
                assertThat(op.getCapacity()).isZero();
            }
        }
    }

    /** The SHA-256 PRF vector posted to the IETF TLS list (secret, seed, label "test label", 100 bytes). */
    @ParameterizedTest
    @EnumSource(Door.class)
    void tls12PrfGivesTheSha256TestVector(Door door) throws Exception {
        try (KeyDerivationOperation op = crypto(door).keyDerivationSetup(Algorithm.tls12Prf(Algorithm.SHA_256))) {
            assertThat(op.getCapacity()).isEqualTo(0xFFFFFFFFL);
            op.inputBytes(SEED, hex("a0ba9f936cda311827a6f796ffd5198c"));
            op.inputBytes(SECRET, hex("9bbe436ba940f017b17652849a71db35"));
            op.inputBytes(LABEL, ascii("test label"));
            assertThat(op.outputBytes(100)).isEqualTo(hex("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4"
                    + "e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce3"
                    + "4f796789baa48082d122ee42c5a72e5a5110fff70187347b66"));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tls12PrfSha384MatchesTheJdk(Door door) throws Exception {
        byte[] secret = ascii("a premaster secret of some length");
        byte[] seed = ascii("client random | server random");
        try (KeyDerivationOperation op = crypto(door).keyDerivationSetup(Algorithm.tls12Prf(Algorithm.SHA_384))) {
            op.inputBytes(SEED, seed);
            op.inputBytes(SECRET, secret);
            op.inputBytes(LABEL, ascii("master secret"));
            assertThat(op.outputBytes(200))
                    .isEqualTo(pHash("HmacSHA384", secret, concat(ascii("master secret"), seed), 200));
        }
    }

    /** Mbed TLS counts PRF blocks in a byte: past block 255 it fails, whatever the capacity says. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void tls12PrfStopsAfter255Blocks(Door door) throws Exception {
        try (KeyDerivationOperation op = crypto(door).keyDerivationSetup(Algorithm.tls12Prf(Algorithm.SHA_256))) {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(SECRET, IKM);
            op.inputBytes(LABEL, INFO_1);
            assertThat(op.outputBytes(255 * 32))
                    .isEqualTo(pHash("HmacSHA256", IKM, concat(INFO_1, SALT_1), 255 * 32));
            assertStatus(() -> op.outputBytes(1), PsaStatus.CORRUPTION_DETECTED);
            assertThat(op.getCapacity()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tls12PskToMsBuildsRfc4279PremasterSecretsAndCapsAt48Bytes(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] psk = ascii("0123456789abcdef");
        byte[] seed = ascii("randoms");
        byte[] label = ascii("master secret");
        Algorithm alg = Algorithm.tls12PskToMs(Algorithm.SHA_256);
        byte[] plainPms = concat(new byte[] {0, 16}, new byte[16], new byte[] {0, 16}, psk); // RFC 4279 §2
        try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
            assertThat(op.getCapacity()).isEqualTo(48);
            op.inputBytes(SEED, seed);
            op.inputBytes(SECRET, psk);
            op.inputBytes(LABEL, label);
            assertThat(op.outputBytes(48)).isEqualTo(pHash("HmacSHA256", plainPms, concat(label, seed), 48));
            assertStatus(() -> op.outputBytes(1), PsaStatus.INSUFFICIENT_DATA);
        }
        byte[] other = ascii("ECDHE shared secret");
        byte[] mixedPms = concat(new byte[] {0, (byte) other.length}, other, new byte[] {0, 16}, psk); // RFC 5489
        try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
            op.inputBytes(SEED, seed);
            op.inputBytes(OTHER_SECRET, other);
            op.inputBytes(SECRET, psk);
            op.inputBytes(LABEL, label);
            assertThat(op.outputBytes(48)).isEqualTo(pHash("HmacSHA256", mixedPms, concat(label, seed), 48));
        }
    }

    private static byte[] pbkdf2(PsaCrypto c, Algorithm alg, byte[] password, byte[] salt, long cost, int length)
            throws Exception {
        try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
            op.inputInteger(COST, cost);
            op.inputBytes(SALT, salt);
            op.inputBytes(PASSWORD, password);
            return op.outputBytes(length);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pbkdf2HmacGivesRfc6070AndRfc7914Vectors(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm sha1 = Algorithm.pbkdf2Hmac(Algorithm.SHA_1);
        Algorithm sha256 = Algorithm.pbkdf2Hmac(Algorithm.SHA_256);
        // RFC 6070 (SHA-1)
        assertThat(pbkdf2(c, sha1, ascii("password"), ascii("salt"), 1, 20))
                .isEqualTo(hex("0c60c80f961f0e71f3a9b524af6012062fe037a6"));
        assertThat(pbkdf2(c, sha1, ascii("password"), ascii("salt"), 2, 20))
                .isEqualTo(hex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"));
        assertThat(pbkdf2(c, sha1, ascii("password"), ascii("salt"), 4096, 20))
                .isEqualTo(hex("4b007901b765489abead49d926f721d065a429c1"));
        assertThat(pbkdf2(c, sha1, ascii("passwordPASSWORDpassword"), ascii("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
                4096, 25)).isEqualTo(hex("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"));
        assertThat(pbkdf2(c, sha1, ascii("pass\0word"), ascii("sa\0lt"), 4096, 16))
                .isEqualTo(hex("56fa6aa75548099dcc37d7f03425e0c3"));
        // RFC 7914 §11 (SHA-256)
        assertThat(pbkdf2(c, sha256, ascii("passwd"), ascii("salt"), 1, 64)).isEqualTo(hex(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
        assertThat(pbkdf2(c, sha256, ascii("Password"), ascii("NaCl"), 80000, 64)).isEqualTo(hex(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pbkdf2SaltMayComeInPiecesAndCapacityIsSizeMax(Door door) throws Exception {
        try (KeyDerivationOperation op = crypto(door).keyDerivationSetup(Algorithm.pbkdf2Hmac(Algorithm.SHA_256))) {
            assertThat(op.getCapacity()).isEqualTo(0xFFFFFFFFL);
            op.inputInteger(COST, 1);
            op.inputBytes(SALT, ascii("sa"));
            op.inputBytes(SALT, ascii("lt"));
            op.inputBytes(PASSWORD, ascii("passwd"));
            assertThat(op.outputBytes(16)).isEqualTo(hex("55ac046e56e3089fec1691c22544b605"));
        }
    }

    /**
     * RFC 4615 §4's three AES-CMAC-PRF-128 vectors (keys of 18, 16 and 10 bytes) check the reference PRF; with one
     * iteration, PBKDF2's first block is that PRF of {@code salt | INT(1)}. Multi-iteration values were computed with
     * an independent AES-CMAC (pyca/cryptography) and the RFC 8018 definition.
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void pbkdf2AesCmacPrf128FollowsRfc4615(Door door) throws Exception {
        byte[] message = hex("000102030405060708090a0b0c0d0e0f10111213");
        byte[][] keys = {hex("000102030405060708090a0b0c0d0e0fedcb"), hex("000102030405060708090a0b0c0d0e0f"),
            hex("00010203040506070809")};
        String[] prfs = {"84a348a4a45d235babfffc0d2b4da09a", "980ae87b5f4c9c5214f5b6a8455e4c2d",
            "290d9e112edb09ee141fcf64c0b72f3d"};
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.PBKDF2_AES_CMAC_PRF_128;
        for (int i = 0; i < keys.length; i++) {
            assertThat(aesCmacPrf128(keys[i], message)).isEqualTo(hex(prfs[i]));
            assertThat(pbkdf2(c, alg, keys[i], ascii("salt"), 1, 16))
                    .isEqualTo(aesCmacPrf128(keys[i], concat(ascii("salt"), new byte[] {0, 0, 0, 1})));
        }
        assertThat(pbkdf2(c, alg, keys[1], ascii("salt"), 2, 20)).isEqualTo(hex("d724ea6ce8e397987bc5600fc9638928ecdf2b28"));
        assertThat(pbkdf2(c, alg, ascii("password"), ascii("saltSALT"), 1000, 40)).isEqualTo(hex(
                "efdffc28bbfc1ae969702091f7e8606ae1783f631c991b2cfc4bb90db91e6115ac10d6e1e89da044"));
        assertThat(pbkdf2(c, alg, new byte[0], ascii("salt"), 3, 16)).isEqualTo(hex("d1d18b9c0a73bf402cdf85bcf3718324"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Setup and the state machine

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupRefusesWhatIsNotAKeyDerivation(Door door) {
        PsaCrypto c = crypto(door);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.SHA_256), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.NONE), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.ECDH), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.keyAgreement(Algorithm.ECDH,
                Algorithm.hkdf(Algorithm.SHA3_256))), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.hkdf(Algorithm.SHA3_256)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.hkdf(Algorithm.MD5)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.tls12Prf(Algorithm.SHA_512)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.tls12PskToMs(Algorithm.SHA_1)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.SP800_108_COUNTER_CMAC), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.TLS12_ECJPAKE_TO_PMS), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupWithAFullOperationTableIsNotPermitted(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        List<KeyDerivationOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ops.add(c.keyDerivationSetup(HKDF_SHA256));
        }
        assertStatus(() -> c.keyDerivationSetup(HKDF_SHA256), PsaStatus.NOT_PERMITTED);
        ops.get(0).close();
        assertThat(ops.get(0).isActive()).isFalse();
        c.keyDerivationSetup(HKDF_SHA256).close();
        for (KeyDerivationOperation op : ops) {
            op.close();
        }
    }

    /** Sets up {@code alg}, runs {@code steps}, and expects the last one to fail with {@code status}. */
    private interface Steps {
        void run(KeyDerivationOperation op) throws Exception;
    }

    private static void assertLastStepFails(PsaCrypto c, Algorithm alg, Steps steps, PsaStatus status)
            throws Exception {
        try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
            assertStatus(() -> steps.run(op), status);
            // Mbed TLS aborts the operation on a failed input: it is blank until the client aborts it.
            if (status != PsaStatus.INSUFFICIENT_DATA) {
                assertStatus(op::getCapacity, PsaStatus.BAD_STATE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hkdfStepsOutOfOrderOrTwiceAreBadState(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        assertLastStepFails(c, HKDF_SHA256, op -> {
            op.inputBytes(SECRET, IKM);
            op.inputBytes(SALT, SALT_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, HKDF_SHA256, op -> {
            op.inputBytes(SALT, SALT_1);
            op.inputBytes(SALT, SALT_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, HKDF_SHA256, op -> {
            op.inputBytes(SECRET, IKM);
            op.inputBytes(SECRET, IKM);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, HKDF_SHA256, op -> {
            op.inputBytes(INFO, INFO_1);
            op.inputBytes(INFO, INFO_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, HKDF_SHA256, op -> {
            op.inputBytes(SECRET, IKM);
            op.inputBytes(INFO, INFO_1);
            op.outputBytes(1);
            op.inputBytes(INFO, INFO_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, Algorithm.hkdfExtract(Algorithm.SHA_256), op -> op.inputBytes(SECRET, IKM),
                PsaStatus.BAD_STATE);
        assertLastStepFails(c, Algorithm.hkdfExpand(Algorithm.SHA_256), op -> op.inputBytes(INFO, INFO_1),
                PsaStatus.BAD_STATE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void outputBeforeTheInputsIsBadStateAndSpendsTheOperation(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            assertStatus(() -> op.outputBytes(16), PsaStatus.BAD_STATE);
            assertThat(op.getCapacity()).isZero(); // the algorithm stays, the capacity is gone
            assertStatus(() -> op.outputBytes(1), PsaStatus.INSUFFICIENT_DATA);
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputBytes(SECRET, IKM); // HKDF needs info too
            assertStatus(() -> op.outputBytes(16), PsaStatus.BAD_STATE);
        }
        for (Algorithm alg : List.of(Algorithm.tls12Prf(Algorithm.SHA_256), Algorithm.pbkdf2Hmac(Algorithm.SHA_256),
                Algorithm.PBKDF2_AES_CMAC_PRF_128, Algorithm.hkdfExpand(Algorithm.SHA_256))) {
            try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
                assertStatus(() -> op.outputBytes(16), PsaStatus.BAD_STATE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void stepsAnAlgorithmDoesNotTakeAreInvalidArgument(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputBytes(LABEL, ascii("x")), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputBytes(PASSWORD, ascii("x")), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputInteger(COST, 1), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.hkdfExtract(Algorithm.SHA_256), op -> op.inputBytes(INFO, INFO_1),
                PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.hkdfExpand(Algorithm.SHA_256), op -> op.inputBytes(SALT, SALT_1),
                PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.hkdfExpand(Algorithm.SHA_256), op -> op.inputBytes(SECRET, new byte[31]),
                PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.tls12Prf(Algorithm.SHA_256), op -> op.inputBytes(SALT, SALT_1),
                PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.tls12Prf(Algorithm.SHA_256), op -> {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(OTHER_SECRET, IKM);
        }, PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, Algorithm.tls12PskToMs(Algorithm.SHA_256), op -> {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(SECRET, new byte[129]);
        }, PsaStatus.INVALID_ARGUMENT);
        Algorithm pbkdf2 = Algorithm.pbkdf2Hmac(Algorithm.SHA_256);
        assertLastStepFails(c, pbkdf2, op -> op.inputBytes(COST, new byte[4]), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, pbkdf2, op -> op.inputInteger(SALT, 1), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, pbkdf2, op -> op.inputInteger(COST, 0), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, pbkdf2, op -> op.inputBytes(SECRET, IKM), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, pbkdf2, op -> op.inputInteger(COST, (1L << 22) + 1), PsaStatus.NOT_SUPPORTED);
        assertLastStepFails(c, pbkdf2, op -> op.inputInteger(COST, 0x1_0000_0000L), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tlsAndPbkdf2StepsOutOfOrderAreBadState(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm prf = Algorithm.tls12Prf(Algorithm.SHA_256);
        assertLastStepFails(c, prf, op -> op.inputBytes(SECRET, IKM), PsaStatus.BAD_STATE);
        assertLastStepFails(c, prf, op -> {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(LABEL, INFO_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, prf, op -> {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(SEED, SALT_1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, Algorithm.tls12PskToMs(Algorithm.SHA_256), op -> {
            op.inputBytes(SEED, SALT_1);
            op.inputBytes(SECRET, IKM);
            op.inputBytes(OTHER_SECRET, IKM);
        }, PsaStatus.BAD_STATE);
        Algorithm pbkdf2 = Algorithm.pbkdf2Hmac(Algorithm.SHA_256);
        assertLastStepFails(c, pbkdf2, op -> op.inputBytes(SALT, SALT_1), PsaStatus.BAD_STATE);
        assertLastStepFails(c, pbkdf2, op -> {
            op.inputInteger(COST, 1);
            op.inputBytes(PASSWORD, IKM);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, pbkdf2, op -> {
            op.inputInteger(COST, 1);
            op.inputInteger(COST, 1);
        }, PsaStatus.BAD_STATE);
        assertLastStepFails(c, pbkdf2, op -> {
            op.inputInteger(COST, 1);
            op.inputBytes(SALT, SALT_1);
            op.inputBytes(PASSWORD, IKM);
            op.inputBytes(PASSWORD, IKM);
        }, PsaStatus.BAD_STATE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anAbortedOperationAnswersBadStateUntilClosed(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256);
        assertStatus(() -> op.inputBytes(LABEL, IKM), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> op.inputBytes(SECRET, IKM), PsaStatus.BAD_STATE);
        assertStatus(() -> op.setCapacity(1), PsaStatus.BAD_STATE);
        assertStatus(() -> op.outputBytes(1), PsaStatus.BAD_STATE);
        assertStatus(() -> op.inputInteger(COST, 1), PsaStatus.BAD_STATE);
        assertThat(op.isActive()).isTrue();
        op.abort();
        assertThat(op.isActive()).isFalse();
        op.abort(); // aborting again succeeds
        assertStatus(op::getCapacity, PsaStatus.BAD_STATE);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Capacity

    @ParameterizedTest
    @EnumSource(Door.class)
    void capacityMayOnlyGoDownAndOutputBeyondItEmptiesIt(Door door) throws Exception {
        try (KeyDerivationOperation op = hkdf(crypto(door), SALT_1, IKM, INFO_1)) {
            assertThat(op.getCapacity()).isEqualTo(255 * 32);
            assertStatus(() -> op.setCapacity(255 * 32 + 1), PsaStatus.INVALID_ARGUMENT);
            op.setCapacity(255 * 32); // equal is fine
            op.setCapacity(42);
            assertThat(op.getCapacity()).isEqualTo(42);
            assertThat(op.outputBytes(10)).isEqualTo(Arrays.copyOf(OKM_1, 10));
            assertThat(op.getCapacity()).isEqualTo(32);
            assertThat(op.outputBytes(0)).isEmpty();
            assertStatus(() -> op.outputBytes(33), PsaStatus.INSUFFICIENT_DATA);
            assertThat(op.getCapacity()).isZero();
            assertStatus(() -> op.outputBytes(0), PsaStatus.INSUFFICIENT_DATA);
            assertStatus(() -> op.outputBytes(1), PsaStatus.INSUFFICIENT_DATA);
            op.setCapacity(0);
        }
        try (KeyDerivationOperation op = hkdf(crypto(door), SALT_1, IKM, INFO_1)) {
            op.setCapacity(42);
            assertThat(op.outputBytes(42)).isEqualTo(OKM_1); // exactly the capacity
            assertStatus(() -> op.outputBytes(0), PsaStatus.INSUFFICIENT_DATA);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void capacityTravelsAsAU32(Door door) throws Exception {
        PsaClient client = spe.open(door);
        try (KeyDerivationOperation op = new PsaCrypto(client).keyDerivationSetup(Algorithm.pbkdf2Hmac(
                Algorithm.SHA_256))) {
            assertThat(op.getCapacity()).isEqualTo(0xFFFFFFFFL);
            op.setCapacity(0xFFFFFFFEL);
            assertThat(op.getCapacity()).isEqualTo(0xFFFFFFFEL);
        }
        // TF-M checks get_capacity's output is exactly sizeof(size_t) = 4 bytes
        OutVec h = OutVec.allocate(4);
        RawCrypto.call(client, PackIovec.builder(CryptoFunction.KEY_DERIVATION_SETUP).alg(HKDF_SHA256).build(),
                RawCrypto.none(), h);
        int handle = RawCrypto.u32(h);
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.KD_GET_CAPACITY).opHandle(handle).build(),
                RawCrypto.none(), OutVec.allocate(8))).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.KD_ABORT).opHandle(handle).build(),
                RawCrypto.none(), OutVec.allocate(4))).isEqualTo(PsaStatus.SUCCESS.value());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Keys in and out

    @ParameterizedTest
    @EnumSource(Door.class)
    void outputKeyGivesEverySymmetricTypeTheNextBytes(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int secret = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        Object[][] types = {
            {KeyType.AES, 128}, {KeyType.AES, 192}, {KeyType.AES, 256}, {KeyType.CHACHA20, 256},
            {KeyType.HMAC, 160}, {KeyType.DERIVE, 8}, {KeyType.RAW_DATA, 400}, {KeyType.PASSWORD, 96},
            {KeyType.PASSWORD_HASH, 256},
        };
        int total = 0;
        for (Object[] t : types) {
            total += (int) t[1] / 8;
        }
        byte[] stream = hkdfReference("HmacSHA256", IKM, SALT_1, INFO_1, total);
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputBytes(SALT, SALT_1);
            op.inputKey(SECRET, secret);
            op.inputBytes(INFO, INFO_1);
            int offset = 0;
            for (Object[] t : types) {
                int bytes = (int) t[1] / 8;
                int key = op.outputKey(output((KeyType) t[0], (int) t[1]));
                KeyAttributes a = c.getKeyAttributes(key);
                assertThat(a.type()).isEqualTo(t[0]);
                assertThat(a.bits()).isEqualTo(t[1]);
                assertThat(c.exportKey(key)).isEqualTo(Arrays.copyOfRange(stream, offset, offset + bytes));
                offset += bytes;
                c.destroyKey(key);
            }
            assertThat(op.getCapacity()).isEqualTo(255 * 32 - total);
        }
    }

    /**
     * No cipher service is in this branch yet, so the derived AES key is exported and used by the JDK, which must
     * agree with an AES key made from the reference HKDF stream.
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void derivedKeysAreUsable(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int secret = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        int aes;
        int next;
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SECRET, secret);
            op.inputBytes(INFO, INFO_1);
            aes = op.outputKey(KeyAttributes.builder().type(KeyType.AES).bits(128)
                    .usage(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.ENCRYPT)).algorithm(Algorithm.CTR).build());
            next = op.outputKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256).toBuilder().bits(256).build());
        }
        byte[] stream = hkdfReference("HmacSHA256", IKM, new byte[0], INFO_1, 48);
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(c.exportKey(aes), "AES"));
        javax.crypto.Cipher reference = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
        reference.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(stream, 16), "AES"));
        assertThat(jdk.doFinal(new byte[16])).isEqualTo(reference.doFinal(new byte[16]));
        assertThat(c.getKeyAttributes(aes).usage().contains(KeyUsage.ENCRYPT)).isTrue();

        // the derived DERIVE key (not exportable) feeds a second derivation
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SECRET, next);
            op.inputBytes(INFO, new byte[0]);
            assertThat(op.outputBytes(32)).isEqualTo(hkdfReference("HmacSHA256",
                    Arrays.copyOfRange(stream, 16, 48), new byte[0], new byte[0], 32));
        }
        assertStatus(() -> c.exportKey(next), PsaStatus.NOT_PERMITTED);
    }

    /**
     * ECC key pairs from a derivation, by the PSA Crypto API 1.2 rule, recomputed here from the HKDF stream: P-256 and
     * P-521 (whose top 7 bits are cleared) take k + 1 for the first drawn k ≤ n - 2; X25519 is the drawn bytes clamped;
     * Ed25519 is the drawn seed.
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void eccKeyPairsFromADerivation(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int secret = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        byte[] stream = hkdfReference("HmacSHA256", IKM, new byte[0], INFO_1, 32 + 66 + 32 + 32);
        int[] offset = {0};
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SECRET, secret);
            op.inputBytes(INFO, INFO_1);
            for (Object[] curve : new Object[][] {{256, "secp256r1", 32}, {521, "secp521r1", 66}}) {
                int bits = (Integer) curve[0];
                int bytes = (Integer) curve[2];
                byte[] drawn = Arrays.copyOfRange(stream, offset[0], offset[0] + bytes);
                offset[0] += bytes;
                drawn[0] &= (byte) (0xFF >>> (8 * bytes - bits));
                java.math.BigInteger n = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName((String) curve[1]).getN();
                java.math.BigInteger k = new java.math.BigInteger(1, drawn);
                assertThat(k).as("this stream's first draw is in range").isLessThanOrEqualTo(n.subtract(
                        java.math.BigInteger.TWO));
                int key = op.outputKey(output(KeyType.eccKeyPair(EccFamily.SECP_R1), bits));
                assertThat(new java.math.BigInteger(1, c.exportKey(key))).isEqualTo(k.add(java.math.BigInteger.ONE));
                assertThat(c.getKeyAttributes(key).bits()).isEqualTo(bits);
            }
            byte[] x25519 = Arrays.copyOfRange(stream, offset[0], offset[0] + 32);
            offset[0] += 32;
            x25519[0] &= (byte) 0xF8;
            x25519[31] &= 0x7F;
            x25519[31] |= 0x40;
            int x = op.outputKey(output(KeyType.eccKeyPair(EccFamily.MONTGOMERY), 255));
            assertThat(c.exportKey(x)).isEqualTo(x25519);
            int ed = op.outputKey(output(KeyType.eccKeyPair(EccFamily.TWISTED_EDWARDS), 255));
            assertThat(c.exportKey(ed)).isEqualTo(Arrays.copyOfRange(stream, offset[0], offset[0] + 32));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void outputKeyStatuses(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int secret = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SECRET, secret);
            op.inputBytes(INFO, INFO_1);
            assertStatus(() -> op.outputKey(output(KeyType.AES, 0)), PsaStatus.INVALID_ARGUMENT);
            assertStatus(() -> op.outputKey(output(KeyType.RAW_DATA, 100)), PsaStatus.INVALID_ARGUMENT);
            assertStatus(() -> op.outputKey(output(KeyType.eccPublicKey(EccFamily.SECP_R1), 256)),
                    PsaStatus.INVALID_ARGUMENT);
            assertStatus(() -> op.outputKey(output(KeyType.eccKeyPair(EccFamily.SECP_R1), 224)),
                    PsaStatus.NOT_SUPPORTED);
            assertStatus(() -> op.outputKey(output(KeyType.RSA_KEY_PAIR, 2048)), PsaStatus.NOT_SUPPORTED);
            assertStatus(() -> op.outputKey(output(KeyType.RAW_DATA, 8 * 1025)), PsaStatus.NOT_SUPPORTED);
            long before = op.getCapacity();
            assertThat(before).isEqualTo(255 * 32); // nothing was taken so far
            // as in Mbed TLS, a size the type lacks or an unsupported raw type is found after the bytes are taken
            assertStatus(() -> op.outputKey(output(KeyType.AES, 64)), PsaStatus.INVALID_ARGUMENT);
            assertStatus(() -> op.outputKey(output(KeyType.PEPPER, 128)), PsaStatus.NOT_SUPPORTED);
            assertThat(op.getCapacity()).isEqualTo(before - 8 - 16);
            op.setCapacity(8);
            assertStatus(() -> op.outputKey(output(KeyType.AES, 128)), PsaStatus.INSUFFICIENT_DATA);
        }
        try (KeyDerivationOperation op = hkdf(c, SALT_1, IKM, INFO_1)) {
            // the secret came as bytes: the output may not become a key
            assertStatus(() -> op.outputKey(output(KeyType.AES, 128)), PsaStatus.NOT_PERMITTED);
            assertThat(op.outputBytes(42)).isEqualTo(OKM_1);
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputBytes(SALT, SALT_1);
            // a raw-data key as salt does not unlock output_key
            int salt = c.importKey(derive(KeyType.RAW_DATA, KeyUsage.DERIVE, HKDF_SHA256), SALT_1);
            op.inputBytes(SECRET, IKM);
            op.inputKey(INFO, salt);
            assertStatus(() -> op.outputKey(output(KeyType.AES, 128)), PsaStatus.NOT_PERMITTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pbkdf2TakesAPasswordKeyAndOutputsKeys(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm alg = Algorithm.pbkdf2Hmac(Algorithm.SHA_256);
        int password = c.importKey(derive(KeyType.PASSWORD, KeyUsage.DERIVE, alg), ascii("passwd"));
        try (KeyDerivationOperation op = c.keyDerivationSetup(alg)) {
            op.inputInteger(COST, 1);
            op.inputBytes(SALT, ascii("salt"));
            op.inputKey(PASSWORD, password);
            int key = op.outputKey(output(KeyType.AES, 256));
            assertThat(c.exportKey(key)).isEqualTo(hex(
                    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void inputKeyTypeMustFitTheStep(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int raw = c.importKey(derive(KeyType.RAW_DATA, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        int derive = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        int hmac = c.importKey(derive(KeyType.HMAC, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        int password = c.importKey(derive(KeyType.PASSWORD, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, raw), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, hmac), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, password), PsaStatus.INVALID_ARGUMENT);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SALT, derive), PsaStatus.INVALID_ARGUMENT);
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SALT, raw);
            op.inputKey(SECRET, derive);
            op.inputKey(INFO, raw);
            assertThat(op.outputBytes(32)).isEqualTo(hkdfReference("HmacSHA256", IKM, IKM, IKM, 32));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void inputKeyFollowsThePolicy(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int noDerive = c.importKey(derive(KeyType.DERIVE, KeyUsage.EXPORT, HKDF_SHA256), IKM);
        int otherAlg = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, Algorithm.hkdf(Algorithm.SHA_512)), IKM);
        int good = c.importKey(derive(KeyType.DERIVE, KeyUsage.DERIVE, HKDF_SHA256), IKM);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, noDerive), PsaStatus.NOT_PERMITTED);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, otherAlg), PsaStatus.NOT_PERMITTED);
        assertLastStepFails(other, HKDF_SHA256, op -> op.inputKey(SECRET, good), PsaStatus.INVALID_HANDLE);
        assertLastStepFails(c, HKDF_SHA256, op -> op.inputKey(SECRET, 0x4000_0000 + 31), PsaStatus.INVALID_HANDLE);

        // another client's operation is not there for this one
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            op.inputKey(SECRET, good);
            PackIovec stolen = PackIovec.builder(CryptoFunction.KD_INPUT_BYTES).opHandle(1)
                    .step(INFO.value()).build();
            assertThat(RawCrypto.call(d.asClient(-2), stolen, RawCrypto.none()))
                    .isEqualTo(PsaStatus.BAD_STATE.value());
            assertThat(RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.KD_GET_CAPACITY).opHandle(1)
                    .build(), RawCrypto.none(), OutVec.allocate(4))).isEqualTo(PsaStatus.BAD_STATE.value());
            // the owner's operation is untouched
            op.inputBytes(INFO, INFO_1);
            assertThat(op.outputBytes(42)).isEqualTo(hkdfReference("HmacSHA256", IKM, new byte[0], INFO_1, 42));
        }
    }

    /**
     * {@code psa_key_derivation_key_agreement}: X25519 with RFC 7748 §6.1's keys feeds HKDF, whose output equals HKDF
     * over RFC 7748's shared secret; the derived key may be output as a key.
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void keyAgreementFeedsTheSharedSecret(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm ecdhHkdf = Algorithm.keyAgreement(Algorithm.ECDH, HKDF_SHA256);
        int alice = c.importKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.MONTGOMERY))
                .usage(KeyUsage.DERIVE).algorithm(ecdhHkdf).build(),
                hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        byte[] bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        try (KeyDerivationOperation op = c.keyDerivationSetup(ecdhHkdf)) {
            op.inputBytes(KeyDerivationStep.SALT, SALT_1);
            op.keyAgreement(SECRET, alice, bobPublic);
            op.inputBytes(INFO, INFO_1);
            assertThat(op.outputBytes(42)).isEqualTo(hkdfReference("HmacSHA256", shared, SALT_1, INFO_1, 42));
            int derived = op.outputKey(KeyAttributes.builder().type(KeyType.RAW_DATA).bits(128)
                    .usage(KeyUsage.EXPORT).build());
            assertThat(c.exportKey(derived))
                    .isEqualTo(Arrays.copyOfRange(hkdfReference("HmacSHA256", shared, SALT_1, INFO_1, 58), 42, 58));
        }
        // A bad peer key aborts the operation; a plain key derivation takes no key agreement.
        try (KeyDerivationOperation op = c.keyDerivationSetup(ecdhHkdf)) {
            assertStatus(() -> op.keyAgreement(SECRET, alice, new byte[32]), PsaStatus.INVALID_ARGUMENT);
            assertStatus(() -> op.inputBytes(INFO, INFO_1), PsaStatus.BAD_STATE);
        }
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            assertStatus(() -> op.keyAgreement(SECRET, alice, bobPublic), PsaStatus.INVALID_ARGUMENT);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void keyAgreementChecksThePrivateKeysPolicy(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm ecdhHkdf = Algorithm.keyAgreement(Algorithm.ECDH, HKDF_SHA256);
        KeyAttributes.Builder p256 = KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256);
        int noDerive = c.generateKey(p256.usage(KeyUsage.EXPORT).algorithm(ecdhHkdf).build());
        int otherKdf = c.generateKey(p256.usage(KeyUsage.DERIVE)
                .algorithm(Algorithm.keyAgreement(Algorithm.ECDH, Algorithm.hkdf(Algorithm.SHA_384))).build());
        int good = c.generateKey(p256.usage(KeyUsage.DERIVE).algorithm(ecdhHkdf).build());
        byte[] peer = c.exportPublicKey(c.generateKey(p256.usage(KeyUsage.DERIVE).algorithm(ecdhHkdf).build()));
        try (KeyDerivationOperation op = c.keyDerivationSetup(ecdhHkdf)) {
            assertStatus(() -> op.keyAgreement(SECRET, noDerive, peer), PsaStatus.NOT_PERMITTED);
            assertStatus(() -> op.keyAgreement(SECRET, otherKdf, peer), PsaStatus.NOT_PERMITTED);
            assertStatus(() -> op.keyAgreement(SECRET, 0x3FFF_0000, peer), PsaStatus.INVALID_HANDLE);
            // a refused key leaves the operation usable, as in Mbed TLS
            op.keyAgreement(SECRET, good, peer);
            op.inputBytes(INFO, INFO_1);
            assertThat(op.outputBytes(32)).hasSize(32);
        }
        assertStatus(() -> c.keyDerivationSetup(Algorithm.keyAgreement(Algorithm.FFDH, HKDF_SHA256)),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.keyDerivationSetup(Algorithm.ECDH), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void verifyIsNotSupportedByTheClient(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        try (KeyDerivationOperation op = c.keyDerivationSetup(HKDF_SHA256)) {
            assertStatus(() -> op.verifyBytes(new byte[16]), PsaStatus.NOT_SUPPORTED);
            assertStatus(() -> op.verifyKey(0x4000_0000), PsaStatus.NOT_SUPPORTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupNeedsAZeroHandleAndAbortOfAnUnknownHandleSucceeds(Door door) {
        PsaClient client = spe.open(door);
        OutVec h = OutVec.allocate(4);
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.KEY_DERIVATION_SETUP).alg(HKDF_SHA256)
                .opHandle(3).build(), RawCrypto.none(), h)).isEqualTo(PsaStatus.BAD_STATE.value());
        assertThat(RawCrypto.u32(h)).isEqualTo(3);
        OutVec a = OutVec.allocate(4);
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.KD_ABORT).opHandle(5).build(),
                RawCrypto.none(), a)).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(RawCrypto.u32(a)).isEqualTo(5);
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.KD_OUTPUT_BYTES).opHandle(5).build(),
                RawCrypto.none(), OutVec.allocate(4))).isEqualTo(PsaStatus.BAD_STATE.value());
    }
}
