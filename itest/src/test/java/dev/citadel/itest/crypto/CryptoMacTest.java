package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.MacOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.CryptoPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MAC group of the Crypto service through {@link PsaCrypto} and raw calls, through both doors: RFC 4231 (HMAC)
 * and RFC 4493 / NIST SP 800-38B (AES-CMAC) known answers, multi-part equals one-shot, truncation, the operation
 * state machine and the key policy.
 */
class CryptoMacTest {
    private static final Algorithm HMAC_SHA256 = Algorithm.hmac(Algorithm.SHA_256);
    private static final KeyUsage SIGN_VERIFY = KeyUsage.of(KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE);
    private static final String NIST_MESSAGE = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

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

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    private static int importKey(PsaCrypto c, KeyType type, KeyUsage usage, Algorithm alg, byte[] key)
            throws PsaException {
        return c.importKey(KeyAttributes.builder().type(type).usage(usage).algorithm(alg).build(), key);
    }

    private static int hmacKey(PsaCrypto c, Algorithm alg, byte[] key) throws PsaException {
        return importKey(c, KeyType.HMAC, SIGN_VERIFY, alg, key);
    }

    /** RFC 4231 test cases 1, 2, 5 (truncated to 128 bits) and 6 (a key longer than the block). */
    static Stream<Arguments> rfc4231() {
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        byte[] key5 = new byte[20];
        Arrays.fill(key5, (byte) 0x0c);
        byte[] key6 = new byte[131];
        Arrays.fill(key6, (byte) 0xaa);
        String hi = "Hi There";
        String jefe = "what do ya want for nothing?";
        String trunc = "Test With Truncation";
        String big = "Test Using Larger Than Block-Size Key - Hash Key First";
        byte[] jefeKey = "Jefe".getBytes(StandardCharsets.US_ASCII);
        Object[][] v = {
            {Algorithm.SHA_224, key1, hi, 0, "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22"},
            {Algorithm.SHA_256, key1, hi, 0, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
            {Algorithm.SHA_384, key1, hi, 0, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec6"
                    + "82aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
            {Algorithm.SHA_512, key1, hi, 0, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                    + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
            {Algorithm.SHA_224, jefeKey, jefe, 0, "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"},
            {Algorithm.SHA_256, jefeKey, jefe, 0, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
            {Algorithm.SHA_384, jefeKey, jefe, 0, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
                    + "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
            {Algorithm.SHA_512, jefeKey, jefe, 0, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                    + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
            {Algorithm.SHA_224, key5, trunc, 16, "0e2aea68a90c8d37c988bcdb9fca6fa8"},
            {Algorithm.SHA_256, key5, trunc, 16, "a3b6167473100ee06e0c796c2955552b"},
            {Algorithm.SHA_384, key5, trunc, 16, "3abf34c3503b2a23a46efc619baef897"},
            {Algorithm.SHA_512, key5, trunc, 16, "415fad6271580a531d4179bc891d87a6"},
            {Algorithm.SHA_256, key6, big, 0, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        };
        List<Arguments> args = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Object[] row : v) {
                Algorithm hmac = Algorithm.hmac((Algorithm) row[0]);
                int length = (Integer) row[3];
                Algorithm alg = length == 0 ? hmac : Algorithm.truncatedMac(hmac, length);
                args.add(Arguments.of(door, alg, row[1], row[2], row[4]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} \"{3}\"")
    @MethodSource("rfc4231")
    void hmacGivesTheRfc4231Answer(Door door, Algorithm alg, byte[] key, String message, String mac)
            throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, alg, key);
        byte[] msg = message.getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(c.macCompute(id, alg, msg))).isEqualTo(mac);
        c.macVerify(id, alg, msg, hex(mac));
        try (MacOperation op = c.macSignSetup(id, alg)) {
            op.update(msg, 0, 3);
            op.update(msg, 3, msg.length - 3);
            assertThat(hex(op.signFinish())).isEqualTo(mac);
            assertThat(op.isActive()).isFalse();
        }
        try (MacOperation op = c.macVerifySetup(id, alg)) {
            op.update(msg);
            op.verifyFinish(hex(mac));
            assertThat(op.isActive()).isFalse();
        }
        c.destroyKey(id);
    }

    /** RFC 4493 (AES-128) and NIST SP 800-38B appendix D (AES-192, AES-256): messages of 0, 16, 40 and 64 bytes. */
    static Stream<Arguments> cmacVectors() {
        Object[][] v = {
            {"2b7e151628aed2a6abf7158809cf4f3c", new String[] {"bb1d6929e95937287fa37d129b756746",
                "070a16b46b4d4144f79bdd9dd04a287c", "dfa66747de9ae63030ca32611497c827",
                "51f0bebf7e3b9d92fc49741779363cfe"}},
            {"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", new String[] {"d17ddf46adaacde531cac483de7a9367",
                "9e99a7bf31e710900662f65e617c5184", "8a1de5be2eb31aad089a82e6ee908b0e",
                "a1d5df0eed790f794d77589659f39a11"}},
            {"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", new String[] {
                "028962f61b7bf89efc6b551f4667d983", "28a7023f452e8f82bd4bf28d8c37c35c",
                "aaf3d8f1de5640c232f5b169b9c911e6", "e1992190549f6ed5696a2c056c315410"}},
        };
        int[] lengths = {0, 16, 40, 64};
        List<Arguments> args = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Object[] row : v) {
                for (int i = 0; i < lengths.length; i++) {
                    args.add(Arguments.of(door, row[0], lengths[i], ((String[]) row[1])[i]));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} key {1} {2} bytes")
    @MethodSource("cmacVectors")
    void cmacGivesTheNistAnswer(Door door, String key, int length, String mac) throws Exception {
        PsaCrypto c = crypto(door);
        int id = importKey(c, KeyType.AES, SIGN_VERIFY, Algorithm.CMAC, hex(key));
        byte[] msg = Arrays.copyOf(hex(NIST_MESSAGE), length);
        assertThat(hex(c.macCompute(id, Algorithm.CMAC, msg))).isEqualTo(mac);
        c.macVerify(id, Algorithm.CMAC, msg, hex(mac));
        try (MacOperation op = c.macSignSetup(id, Algorithm.CMAC)) {
            for (int off = 0; off < length; off += 7) {
                op.update(msg, off, Math.min(7, length - off));
            }
            assertThat(hex(op.signFinish())).isEqualTo(mac);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartAtOddSplitsEqualsOneShotAndTheJdk(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] data = new byte[3001];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 5);
        }
        byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        Object[][] algs = {{Algorithm.SHA_1, "HmacSHA1"}, {Algorithm.SHA_224, "HmacSHA224"},
            {Algorithm.SHA_256, "HmacSHA256"}, {Algorithm.SHA_384, "HmacSHA384"}, {Algorithm.SHA_512, "HmacSHA512"},
            {Algorithm.SHA3_256, "HmacSHA3-256"}, {Algorithm.SHA3_512, "HmacSHA3-512"}};
        for (Object[] a : algs) {
            Algorithm alg = Algorithm.hmac((Algorithm) a[0]);
            int id = hmacKey(c, alg, key);
            Mac jdk = Mac.getInstance((String) a[1]);
            jdk.init(new SecretKeySpec(key, (String) a[1]));
            byte[] expected = jdk.doFinal(data);
            try (MacOperation op = c.macSignSetup(id, alg)) {
                op.update(data, 0, 1);
                op.update(data, 1, 0);
                op.update(data, 1, 127);
                op.update(data, 128, 1000);
                op.update(data, 1128, data.length - 1128);
                assertThat(op.signFinish()).as("%s", alg).isEqualTo(expected);
            }
            assertThat(c.macCompute(id, alg, data)).as("%s", alg).isEqualTo(expected);
            c.destroyKey(id);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void truncatedMacIsThePrefixAndVerifiesOnlyAtItsLength(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, Algorithm.atLeastThisLengthMac(HMAC_SHA256, 4), new byte[32]);
        byte[] full = c.macCompute(id, HMAC_SHA256, new byte[5]);
        for (int length : new int[] {4, 10, 31, 32}) {
            Algorithm alg = Algorithm.truncatedMac(HMAC_SHA256, length);
            byte[] mac = c.macCompute(id, alg, new byte[5]);
            assertThat(mac).isEqualTo(Arrays.copyOf(full, length));
            c.macVerify(id, alg, new byte[5], mac);
        }
        Algorithm t16 = Algorithm.truncatedMac(HMAC_SHA256, 16);
        assertStatus(() -> c.macVerify(id, t16, new byte[5], full), PsaStatus.INVALID_SIGNATURE);
        assertStatus(() -> c.macVerify(id, HMAC_SHA256, new byte[5], Arrays.copyOf(full, 16)),
                PsaStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void truncationBelowFourBytesIsNotSupportedAndBeyondTheFullLengthIsInvalid(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        Algorithm t3 = Algorithm.of((HMAC_SHA256.value() & ~0x003F0000) | (3 << 16));
        Algorithm t33 = Algorithm.of((HMAC_SHA256.value() & ~0x003F0000) | (33 << 16));
        int k3 = hmacKey(c, t3, new byte[32]);
        int k33 = hmacKey(c, t33, new byte[32]);
        assertStatus(() -> c.macCompute(k3, t3, new byte[1]), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.macCompute(k33, t33, new byte[1]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.macSignSetup(k33, t33), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void wrongMacIsInvalidSignature(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, HMAC_SHA256, new byte[16]);
        byte[] mac = c.macCompute(id, HMAC_SHA256, new byte[3]);
        for (int bit = 0; bit < mac.length * 8; bit += 13) {
            byte[] bad = mac.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertStatus(() -> c.macVerify(id, HMAC_SHA256, new byte[3], bad), PsaStatus.INVALID_SIGNATURE);
        }
        assertStatus(() -> c.macVerify(id, HMAC_SHA256, new byte[3], new byte[0]), PsaStatus.INVALID_SIGNATURE);
        MacOperation op = c.macVerifySetup(id, HMAC_SHA256);
        op.update(new byte[3]);
        byte[] bad = mac.clone();
        bad[0] ^= 1;
        assertStatus(() -> op.verifyFinish(bad), PsaStatus.INVALID_SIGNATURE);
        assertThat(op.isActive()).isTrue(); // a failed finish keeps the slot...
        assertStatus(() -> op.verifyFinish(mac), PsaStatus.BAD_STATE); // ...but the operation is over
        op.close();
        assertThat(op.isActive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void computeIntoTooSmallABufferIsBufferTooSmall(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, HMAC_SHA256, new byte[16]);
        assertStatus(() -> c.macCompute(id, HMAC_SHA256, new byte[1], new byte[31]), PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.macCompute(id, HMAC_SHA256, new byte[1], new byte[40])).isEqualTo(32);
        MacOperation op = c.macSignSetup(id, HMAC_SHA256);
        assertStatus(() -> op.signFinish(new byte[31]), PsaStatus.BUFFER_TOO_SMALL);
        assertThat(op.isActive()).isTrue();
        assertStatus(op::signFinish, PsaStatus.BAD_STATE);
        op.close();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void finishingInTheWrongDirectionIsBadState(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, HMAC_SHA256, new byte[16]);
        try (MacOperation sign = c.macSignSetup(id, HMAC_SHA256)) {
            assertStatus(() -> sign.verifyFinish(new byte[32]), PsaStatus.BAD_STATE);
            assertStatus(() -> sign.update(new byte[1]), PsaStatus.BAD_STATE); // aborted by the failure
        }
        try (MacOperation verify = c.macVerifySetup(id, HMAC_SHA256)) {
            assertStatus(verify::signFinish, PsaStatus.BAD_STATE);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void operationsAfterFinishOrAbortAreBadStateAndAbortingTwiceSucceeds(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, HMAC_SHA256, new byte[16]);
        MacOperation op = c.macSignSetup(id, HMAC_SHA256);
        op.signFinish();
        assertStatus(() -> op.update(new byte[1]), PsaStatus.BAD_STATE);
        assertStatus(op::signFinish, PsaStatus.BAD_STATE);
        op.abort();
        MacOperation other = c.macSignSetup(id, HMAC_SHA256);
        other.abort();
        other.abort();
        assertStatus(() -> other.update(new byte[1]), PsaStatus.BAD_STATE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupWithAHandleAlreadySetIsBadState(Door door) {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d);
        int status = RawCrypto.call(d, PackIovec.builder(CryptoFunction.MAC_SIGN_SETUP).opHandle(3)
                .alg(HMAC_SHA256).build(), RawCrypto.none(), OutVec.allocate(4));
        assertThat(status).isEqualTo(PsaStatus.BAD_STATE.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void policyRefusals(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int signOnly = importKey(c, KeyType.HMAC, KeyUsage.SIGN_MESSAGE, HMAC_SHA256, new byte[16]);
        assertStatus(() -> c.macVerify(signOnly, HMAC_SHA256, new byte[1], new byte[32]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.macVerifySetup(signOnly, HMAC_SHA256), PsaStatus.NOT_PERMITTED);
        int verifyOnly = importKey(c, KeyType.HMAC, KeyUsage.VERIFY_MESSAGE, HMAC_SHA256, new byte[16]);
        assertStatus(() -> c.macCompute(verifyOnly, HMAC_SHA256, new byte[1]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.macSignSetup(verifyOnly, HMAC_SHA256), PsaStatus.NOT_PERMITTED);
        // another algorithm than the policy's
        Algorithm sha512 = Algorithm.hmac(Algorithm.SHA_512);
        assertStatus(() -> c.macCompute(signOnly, sha512, new byte[1]), PsaStatus.NOT_PERMITTED);
        // a truncation shorter than an at-least-this-length policy allows
        int atLeast16 = hmacKey(c, Algorithm.atLeastThisLengthMac(HMAC_SHA256, 16), new byte[16]);
        assertStatus(() -> c.macCompute(atLeast16, Algorithm.truncatedMac(HMAC_SHA256, 8), new byte[1]),
                PsaStatus.NOT_PERMITTED);
        assertThat(c.macCompute(atLeast16, Algorithm.truncatedMac(HMAC_SHA256, 20), new byte[1])).hasSize(20);
        // a request cannot be a wildcard
        assertStatus(() -> c.macCompute(atLeast16, Algorithm.atLeastThisLengthMac(HMAC_SHA256, 16), new byte[1]),
                PsaStatus.INVALID_ARGUMENT);
        // an unknown key
        assertStatus(() -> c.macCompute(0x4000_0123, HMAC_SHA256, new byte[1]), PsaStatus.INVALID_HANDLE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void wrongKeyTypeForTheAlgorithmIsInvalidArgument(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        // Mbed TLS's psa_mac_key_can_do: HMAC needs an HMAC key, CMAC a block cipher key.
        int aesForHmac = importKey(c, KeyType.AES, SIGN_VERIFY, HMAC_SHA256, new byte[16]);
        assertStatus(() -> c.macCompute(aesForHmac, HMAC_SHA256, new byte[1]), PsaStatus.INVALID_ARGUMENT);
        int hmacForCmac = importKey(c, KeyType.HMAC, SIGN_VERIFY, Algorithm.CMAC, new byte[16]);
        assertStatus(() -> c.macCompute(hmacForCmac, Algorithm.CMAC, new byte[1]), PsaStatus.INVALID_ARGUMENT);
        int chachaForCmac = importKey(c, KeyType.CHACHA20, SIGN_VERIFY, Algorithm.CMAC, new byte[32]);
        assertStatus(() -> c.macSignSetup(chachaForCmac, Algorithm.CMAC), PsaStatus.INVALID_ARGUMENT);
        // CBC-MAC is a valid MAC on AES, but this SPE, like Mbed TLS, does not offer it.
        int cbcMac = importKey(c, KeyType.AES, SIGN_VERIFY, Algorithm.CBC_MAC, new byte[16]);
        assertStatus(() -> c.macCompute(cbcMac, Algorithm.CBC_MAC, new byte[16]), PsaStatus.NOT_SUPPORTED);
        // not a MAC at all, with a policy naming it
        int notMac = importKey(c, KeyType.HMAC, SIGN_VERIFY, Algorithm.SHA_256, new byte[16]);
        assertStatus(() -> c.macCompute(notMac, Algorithm.SHA_256, new byte[1]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientsKeyIsInvalidHandleAndItsOperationBadState(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto owner = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int id = hmacKey(owner, HMAC_SHA256, new byte[16]);
        assertStatus(() -> other.macCompute(id, HMAC_SHA256, new byte[1]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.macVerify(id, HMAC_SHA256, new byte[1], new byte[32]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.macSignSetup(id, HMAC_SHA256), PsaStatus.INVALID_HANDLE);

        try (MacOperation op = owner.macSignSetup(id, HMAC_SHA256)) {
            int handle = 1; // the only operation in a fresh SPE: slot 0
            int update = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.MAC_UPDATE)
                    .opHandle(handle).build(), new InVec[] {InVec.of(new byte[1])});
            assertThat(update).isEqualTo(PsaStatus.BAD_STATE.value());
            OutVec h = OutVec.allocate(4);
            int finish = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.MAC_SIGN_FINISH)
                    .opHandle(handle).build(), RawCrypto.none(), h, OutVec.allocate(64));
            assertThat(finish).isEqualTo(PsaStatus.BAD_STATE.value());
            assertThat(RawCrypto.u32(h)).isEqualTo(handle);
            // another client's abort of it "succeeds" without touching it
            int abort = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.MAC_ABORT)
                    .opHandle(handle).build(), RawCrypto.none(), OutVec.allocate(4));
            assertThat(abort).isEqualTo(PsaStatus.SUCCESS.value());
            op.update(new byte[1]);
            assertThat(op.signFinish()).hasSize(32);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aFullOperationTableIsNotPermitted(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = hmacKey(c, HMAC_SHA256, new byte[16]);
        List<MacOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ops.add(c.macSignSetup(id, HMAC_SHA256));
        }
        assertStatus(() -> c.macSignSetup(id, HMAC_SHA256), PsaStatus.NOT_PERMITTED);
        for (MacOperation op : ops) {
            op.close();
        }
        c.macSignSetup(id, HMAC_SHA256).close();
    }
}
