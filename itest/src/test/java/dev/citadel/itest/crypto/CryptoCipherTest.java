package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.CipherOperation;
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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Cipher group of the Crypto service through {@link PsaCrypto} and raw calls, through both doors: NIST SP 800-38A
 * (AES ECB, CBC, CFB-128, OFB, CTR) and RFC 8439 §2.4.2 (ChaCha20) known answers, PKCS#7 padding, Mbed TLS's output
 * sizes per update, the operation state machine and the key policy.
 */
class CryptoCipherTest {
    private static final KeyUsage BOTH = KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
    private static final byte[] NIST_KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] NIST_IV = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] NIST_CTR_IV = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final byte[] NIST_PLAIN = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    private static int key(PsaCrypto c, KeyType type, KeyUsage usage, Algorithm alg, byte[] material)
            throws PsaException {
        return c.importKey(KeyAttributes.builder().type(type).usage(usage).algorithm(alg).build(), material);
    }

    private static int aes(PsaCrypto c, Algorithm alg) throws PsaException {
        return key(c, KeyType.AES, BOTH, alg, NIST_KEY);
    }

    /** NIST SP 800-38A appendix F, AES-128: F.1.1, F.2.1, F.3.13, F.4.1, F.5.1. */
    static Stream<Arguments> nist() {
        Object[][] v = {
            {Algorithm.ECB_NO_PADDING, null, "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
                    + "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"},
            {Algorithm.CBC_NO_PADDING, NIST_IV, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                    + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
            {Algorithm.CFB, NIST_IV, "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b"
                    + "26751f67a3cbb140b1808cf187a4f4dfc04b05357c5d1c0eeac4c66f9ff7f2e6"},
            {Algorithm.OFB, NIST_IV, "3b3fd92eb72dad20333449f8e83cfb4a7789508d16918f03f53c52dac54ed825"
                    + "9740051e9c5fecf64344f7a82260edcc304c6528f659c77866a510d9c1d6ae5e"},
            {Algorithm.CTR, NIST_CTR_IV, "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                    + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"},
        };
        List<Arguments> args = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Object[] row : v) {
                args.add(Arguments.of(door, row[0], row[1], hex((String) row[2])));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nist")
    void multiPartEncryptAndDecryptGiveTheNistAnswer(Door door, Algorithm alg, byte[] iv, byte[] cipherText)
            throws Exception {
        PsaCrypto c = crypto(door);
        int id = aes(c, alg);
        try (CipherOperation op = c.cipherEncryptSetup(id, alg)) {
            if (iv != null) {
                op.setIv(iv);
            }
            byte[] out = concat(op.update(NIST_PLAIN, 0, 7), op.update(NIST_PLAIN, 7, 30),
                    op.update(NIST_PLAIN, 37, NIST_PLAIN.length - 37), op.finish());
            assertThat(out).isEqualTo(cipherText);
        }
        try (CipherOperation op = c.cipherDecryptSetup(id, alg)) {
            if (iv != null) {
                op.setIv(iv);
            }
            assertThat(concat(op.update(cipherText), op.finish())).isEqualTo(NIST_PLAIN);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nist")
    void oneShotDecryptTakesTheIvFirstAndEncryptRoundTrips(Door door, Algorithm alg, byte[] iv, byte[] cipherText)
            throws Exception {
        PsaCrypto c = crypto(door);
        int id = aes(c, alg);
        byte[] input = iv == null ? cipherText : concat(iv, cipherText);
        assertThat(c.cipherDecrypt(id, alg, input)).isEqualTo(NIST_PLAIN);

        byte[] encrypted = c.cipherEncrypt(id, alg, NIST_PLAIN);
        int ivLength = iv == null ? 0 : 16;
        assertThat(encrypted).hasSize(ivLength + NIST_PLAIN.length);
        assertThat(c.cipherDecrypt(id, alg, encrypted)).isEqualTo(NIST_PLAIN);
        if (iv != null) {
            assertThat(Arrays.copyOf(encrypted, 16)).isNotEqualTo(c.cipherEncrypt(id, alg, NIST_PLAIN));
        }
    }

    /** RFC 8439 §2.4.2 starts at block counter 1; PSA's ChaCha20 starts at 0, so a leading zero block is skipped. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void chacha20GivesTheRfc8439Answer(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = hex("000000000000004a00000000");
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        String expected = "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd"
                + "62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7"
                + "7937365af90bbf74a35be6b40b8eedf2785e42874d";
        int id = key(c, KeyType.CHACHA20, BOTH, Algorithm.STREAM_CIPHER, key);
        byte[] skipped = concat(new byte[64], plain);
        try (CipherOperation op = c.cipherEncryptSetup(id, Algorithm.STREAM_CIPHER)) {
            op.setIv(nonce);
            byte[] first = op.update(skipped, 0, 70);
            assertThat(first).hasSize(70); // a stream cipher outputs every byte at once
            byte[] out = concat(first, op.update(skipped, 70, skipped.length - 70), op.finish());
            assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(out, 64, out.length))).isEqualTo(expected);
        }
        byte[] oneShot = c.cipherEncrypt(id, Algorithm.STREAM_CIPHER, plain);
        assertThat(oneShot).hasSize(12 + plain.length);
        assertThat(c.cipherDecrypt(id, Algorithm.STREAM_CIPHER, oneShot)).isEqualTo(plain);
        try (CipherOperation op = c.cipherEncryptSetup(id, Algorithm.STREAM_CIPHER)) {
            assertStatus(() -> op.setIv(new byte[16]), PsaStatus.INVALID_ARGUMENT); // only the 12-byte nonce
        }
        try (CipherOperation op = c.cipherEncryptSetup(id, Algorithm.STREAM_CIPHER)) {
            assertThat(op.generateIv()).hasSize(12);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void cbcPkcs7PadsLikeTheJdkAndUnpads(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = aes(c, Algorithm.CBC_PKCS7);
        Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding");
        for (int length : new int[] {0, 1, 15, 16, 17, 64}) {
            byte[] plain = Arrays.copyOf(NIST_PLAIN, length);
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(NIST_KEY, "AES"), new IvParameterSpec(NIST_IV));
            byte[] expected = jdk.doFinal(plain);
            try (CipherOperation op = c.cipherEncryptSetup(id, Algorithm.CBC_PKCS7)) {
                op.setIv(NIST_IV);
                assertThat(concat(op.update(plain), op.finish())).as("%d bytes", length).isEqualTo(expected);
            }
            assertThat(c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, expected))).isEqualTo(plain);
            byte[] oneShot = c.cipherEncrypt(id, Algorithm.CBC_PKCS7, plain);
            assertThat(oneShot).hasSize(16 + expected.length);
            assertThat(c.cipherDecrypt(id, Algorithm.CBC_PKCS7, oneShot)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void badPaddingIsInvalidPaddingAndNoWholeBlockIsInvalidArgument(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = aes(c, Algorithm.CBC_PKCS7);
        Cipher raw = Cipher.getInstance("AES/CBC/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(NIST_KEY, "AES"), new IvParameterSpec(NIST_IV));
        byte[] block = new byte[16];
        block[15] = 17; // a padding longer than the block
        byte[] ct17 = raw.doFinal(block);
        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, ct17)), PsaStatus.INVALID_PADDING);
        block[15] = 0;
        byte[] ct0 = raw.doFinal(block);
        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, ct0)), PsaStatus.INVALID_PADDING);
        block[15] = 3;
        block[14] = 3;
        block[13] = 2; // one padding byte wrong
        byte[] ct3 = raw.doFinal(block);
        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, ct3)), PsaStatus.INVALID_PADDING);
        block[13] = 3;
        assertThat(c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, raw.doFinal(block)))).hasSize(13);

        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, concat(NIST_IV, new byte[17])),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, NIST_IV), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherDecrypt(id, Algorithm.CBC_PKCS7, new byte[15]), PsaStatus.INVALID_ARGUMENT);
    }

    /**
     * Mbed TLS's output per update: whole blocks only for ECB and CBC (PKCS#7 decryption also keeps the last whole
     * block back), every byte for the stream modes.
     */
    @ParameterizedTest
    @EnumSource(Door.class)
    void updateOutputSizesFollowMbedTls(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int[] splits = {5, 11, 1, 16, 0, 20, 11};
        Object[][] cases = {
            {Algorithm.CBC_NO_PADDING, true, new int[] {0, 16, 0, 16, 0, 16, 16}},
            {Algorithm.CBC_PKCS7, true, new int[] {0, 16, 0, 16, 0, 16, 16}},
            {Algorithm.CBC_PKCS7, false, new int[] {0, 0, 16, 16, 0, 16, 0}},
            {Algorithm.ECB_NO_PADDING, false, new int[] {0, 16, 0, 16, 0, 16, 16}},
            {Algorithm.CTR, true, splits},
            {Algorithm.CFB, false, splits},
            {Algorithm.OFB, true, splits},
        };
        byte[] data = new byte[64];
        for (Object[] k : cases) {
            Algorithm alg = (Algorithm) k[0];
            boolean encrypt = (Boolean) k[1];
            int[] expected = (int[]) k[2];
            int id = aes(c, alg);
            try (CipherOperation op = encrypt ? c.cipherEncryptSetup(id, alg) : c.cipherDecryptSetup(id, alg)) {
                if (!alg.equals(Algorithm.ECB_NO_PADDING)) {
                    op.setIv(NIST_IV);
                }
                int off = 0;
                for (int i = 0; i < splits.length; i++) {
                    assertThat(op.update(data, off, splits[i])).as("%s update %d", alg, i).hasSize(expected[i]);
                    off += splits[i];
                }
                if (encrypt || !alg.equals(Algorithm.CBC_PKCS7)) { // zeros do not decrypt to a valid padding
                    assertThat(op.finish()).as("%s finish", alg).hasSize(alg.equals(Algorithm.CBC_PKCS7) ? 16 : 0);
                }
            }
            c.destroyKey(id);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartAtOddSplitsEqualsOneShot(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        for (Algorithm alg : new Algorithm[] {Algorithm.CBC_PKCS7, Algorithm.CTR, Algorithm.CFB, Algorithm.OFB}) {
            int id = aes(c, alg);
            byte[] oneShot = c.cipherEncrypt(id, alg, data);
            byte[] iv = Arrays.copyOf(oneShot, 16);
            try (CipherOperation op = c.cipherEncryptSetup(id, alg)) {
                op.setIv(iv);
                byte[] multi = concat(iv, op.update(data, 0, 1), op.update(data, 1, 333), op.update(data, 334, 0),
                        op.update(data, 334, 666), op.finish());
                assertThat(multi).as("%s", alg).isEqualTo(oneShot);
            }
            try (CipherOperation op = c.cipherDecryptSetup(id, alg)) {
                op.setIv(iv);
                byte[] ct = Arrays.copyOfRange(oneShot, 16, oneShot.length);
                byte[] plain = concat(op.update(ct, 0, 17), op.update(ct, 17, ct.length - 17), op.finish());
                assertThat(plain).as("%s", alg).isEqualTo(data);
            }
            c.destroyKey(id);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ivRules(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int cbc = aes(c, Algorithm.CBC_NO_PADDING);
        int ecb = aes(c, Algorithm.ECB_NO_PADDING);
        // update or finish before the IV: BAD_STATE, and the operation is over
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            assertStatus(() -> op.update(new byte[16]), PsaStatus.BAD_STATE);
            assertStatus(() -> op.setIv(NIST_IV), PsaStatus.BAD_STATE);
        }
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            assertStatus(op::finish, PsaStatus.BAD_STATE);
            assertThat(op.isActive()).isTrue();
        }
        // an IV twice
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            op.setIv(NIST_IV);
            assertStatus(() -> op.setIv(NIST_IV), PsaStatus.BAD_STATE);
            assertStatus(() -> op.update(new byte[16]), PsaStatus.BAD_STATE);
        }
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            assertThat(op.generateIv()).hasSize(16);
            assertStatus(op::generateIv, PsaStatus.BAD_STATE);
        }
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            op.generateIv();
            assertStatus(() -> op.setIv(NIST_IV), PsaStatus.BAD_STATE);
        }
        // ECB takes no IV
        try (CipherOperation op = c.cipherEncryptSetup(ecb, Algorithm.ECB_NO_PADDING)) {
            assertStatus(() -> op.setIv(NIST_IV), PsaStatus.BAD_STATE);
        }
        try (CipherOperation op = c.cipherEncryptSetup(ecb, Algorithm.ECB_NO_PADDING)) {
            assertStatus(op::generateIv, PsaStatus.BAD_STATE);
        }
        // the wrong length
        for (int length : new int[] {0, 8, 15, 17, 32}) {
            try (CipherOperation op = c.cipherDecryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
                assertStatus(() -> op.setIv(new byte[length]), PsaStatus.INVALID_ARGUMENT);
                assertStatus(() -> op.update(new byte[16]), PsaStatus.BAD_STATE);
            }
        }
        // too small a buffer for the IV
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            assertStatus(() -> op.generateIv(new byte[15]), PsaStatus.BUFFER_TOO_SMALL);
            assertStatus(op::generateIv, PsaStatus.BAD_STATE);
        }
        // Mbed TLS's psa_cipher_generate_iv does not look at the direction: a decryption may draw its IV too.
        try (CipherOperation op = c.cipherDecryptSetup(cbc, Algorithm.CBC_NO_PADDING)) {
            assertThat(op.generateIv()).hasSize(16);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void partialBlocksWithoutPaddingAreInvalidArgument(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int cbc = aes(c, Algorithm.CBC_NO_PADDING);
        int ecb = aes(c, Algorithm.ECB_NO_PADDING);
        assertStatus(() -> c.cipherEncrypt(ecb, Algorithm.ECB_NO_PADDING, new byte[17]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherEncrypt(cbc, Algorithm.CBC_NO_PADDING, new byte[15]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherDecrypt(cbc, Algorithm.CBC_NO_PADDING, new byte[16 + 20]),
                PsaStatus.INVALID_ARGUMENT);
        try (CipherOperation op = c.cipherEncryptSetup(ecb, Algorithm.ECB_NO_PADDING)) {
            assertThat(op.update(new byte[20])).hasSize(16);
            assertStatus(op::finish, PsaStatus.INVALID_ARGUMENT);
            assertThat(op.isActive()).isTrue(); // the slot stays until abort
            assertStatus(op::finish, PsaStatus.BAD_STATE);
        }
        assertThat(c.cipherEncrypt(ecb, Algorithm.ECB_NO_PADDING, new byte[0])).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tooSmallBuffersAreBufferTooSmall(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int cbc = aes(c, Algorithm.CBC_PKCS7);
        int ctr = aes(c, Algorithm.CTR);
        assertStatus(() -> c.cipherEncrypt(cbc, Algorithm.CBC_PKCS7, new byte[5], new byte[15]),
                PsaStatus.BUFFER_TOO_SMALL);
        assertStatus(() -> c.cipherEncrypt(cbc, Algorithm.CBC_PKCS7, new byte[5], new byte[31]),
                PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.cipherEncrypt(cbc, Algorithm.CBC_PKCS7, new byte[5], new byte[32])).isEqualTo(32);
        assertStatus(() -> c.cipherEncrypt(ctr, Algorithm.CTR, new byte[5], new byte[20]),
                PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.cipherEncrypt(ctr, Algorithm.CTR, new byte[5], new byte[21])).isEqualTo(21);
        try (CipherOperation op = c.cipherEncryptSetup(ctr, Algorithm.CTR)) {
            op.generateIv();
            assertStatus(() -> op.update(new byte[10], 0, 10, new byte[9]), PsaStatus.BUFFER_TOO_SMALL);
            assertStatus(() -> op.update(new byte[1]), PsaStatus.BAD_STATE); // aborted by the failure
        }
        try (CipherOperation op = c.cipherEncryptSetup(cbc, Algorithm.CBC_PKCS7)) {
            op.generateIv();
            assertThat(op.update(new byte[10], 0, 10, new byte[0])).isZero(); // no whole block yet: no space needed
            assertStatus(() -> op.finish(new byte[15]), PsaStatus.BUFFER_TOO_SMALL);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void stateAfterFinishAndAbort(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int id = aes(c, Algorithm.CTR);
        CipherOperation op = c.cipherEncryptSetup(id, Algorithm.CTR);
        op.generateIv();
        op.update(new byte[3]);
        assertThat(op.finish()).isEmpty();
        assertThat(op.isActive()).isFalse();
        assertStatus(() -> op.update(new byte[1]), PsaStatus.BAD_STATE);
        assertStatus(op::generateIv, PsaStatus.BAD_STATE);
        assertStatus(op::finish, PsaStatus.BAD_STATE);
        op.abort();
        CipherOperation other = c.cipherEncryptSetup(id, Algorithm.CTR);
        other.abort();
        other.abort();
        assertStatus(() -> other.setIv(NIST_IV), PsaStatus.BAD_STATE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupWithAHandleAlreadySetIsBadStateAndAFullTableNotPermitted(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d);
        int id = aes(c, Algorithm.CTR);
        OutVec h = OutVec.allocate(4);
        int status = RawCrypto.call(d, PackIovec.builder(CryptoFunction.CIPHER_ENCRYPT_SETUP).opHandle(2).keyId(id)
                .alg(Algorithm.CTR).build(), RawCrypto.none(), h);
        assertThat(status).isEqualTo(PsaStatus.BAD_STATE.value());
        assertThat(RawCrypto.u32(h)).isEqualTo(2);
        List<CipherOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ops.add(c.cipherDecryptSetup(id, Algorithm.CTR));
        }
        assertStatus(() -> c.cipherEncryptSetup(id, Algorithm.CTR), PsaStatus.NOT_PERMITTED);
        for (CipherOperation op : ops) {
            op.close();
        }
        c.cipherEncryptSetup(id, Algorithm.CTR).close();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void policyRefusals(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int encryptOnly = key(c, KeyType.AES, KeyUsage.ENCRYPT, Algorithm.CTR, NIST_KEY);
        int decryptOnly = key(c, KeyType.AES, KeyUsage.DECRYPT, Algorithm.CTR, NIST_KEY);
        assertStatus(() -> c.cipherDecrypt(encryptOnly, Algorithm.CTR, new byte[16]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherDecryptSetup(encryptOnly, Algorithm.CTR), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherEncrypt(decryptOnly, Algorithm.CTR, new byte[1]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherEncryptSetup(decryptOnly, Algorithm.CTR), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherEncrypt(encryptOnly, Algorithm.CBC_PKCS7, new byte[1]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherEncryptSetup(encryptOnly, Algorithm.OFB), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.cipherEncrypt(0x4000_0077, Algorithm.CTR, new byte[1]), PsaStatus.INVALID_HANDLE);
        // not a cipher: INVALID_ARGUMENT before the key is even looked up
        assertStatus(() -> c.cipherEncrypt(0x4000_0077, Algorithm.CMAC, new byte[1]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherDecryptSetup(encryptOnly, Algorithm.GCM), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.cipherEncrypt(encryptOnly, Algorithm.NONE, new byte[1]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void wrongKeyTypeForTheAlgorithmIsNotSupported(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        // Mbed TLS's mbedtls_cipher_info_from_psa finds no cipher for these combinations.
        int hmac = key(c, KeyType.HMAC, BOTH, Algorithm.CBC_NO_PADDING, new byte[16]);
        assertStatus(() -> c.cipherEncrypt(hmac, Algorithm.CBC_NO_PADDING, new byte[16]), PsaStatus.NOT_SUPPORTED);
        int aesStream = key(c, KeyType.AES, BOTH, Algorithm.STREAM_CIPHER, NIST_KEY);
        assertStatus(() -> c.cipherEncryptSetup(aesStream, Algorithm.STREAM_CIPHER), PsaStatus.NOT_SUPPORTED);
        int chachaCtr = key(c, KeyType.CHACHA20, BOTH, Algorithm.CTR, new byte[32]);
        assertStatus(() -> c.cipherDecrypt(chachaCtr, Algorithm.CTR, new byte[32]), PsaStatus.NOT_SUPPORTED);
        int xts = key(c, KeyType.AES, BOTH, Algorithm.XTS, new byte[32]);
        assertStatus(() -> c.cipherEncryptSetup(xts, Algorithm.XTS), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientsKeyIsInvalidHandleAndItsOperationBadState(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto owner = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int id = aes(owner, Algorithm.CTR);
        assertStatus(() -> other.cipherEncrypt(id, Algorithm.CTR, new byte[1]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.cipherDecrypt(id, Algorithm.CTR, new byte[16]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.cipherEncryptSetup(id, Algorithm.CTR), PsaStatus.INVALID_HANDLE);
        try (CipherOperation op = owner.cipherEncryptSetup(id, Algorithm.CTR)) {
            int handle = 1; // the only operation in a fresh SPE: slot 0
            int setIv = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.CIPHER_SET_IV)
                    .opHandle(handle).build(), new InVec[] {InVec.of(NIST_CTR_IV)});
            assertThat(setIv).isEqualTo(PsaStatus.BAD_STATE.value());
            int generate = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.CIPHER_GENERATE_IV)
                    .opHandle(handle).build(), RawCrypto.none(), OutVec.allocate(16));
            assertThat(generate).isEqualTo(PsaStatus.BAD_STATE.value());
            OutVec h = OutVec.allocate(4);
            int finish = RawCrypto.call(d.asClient(-2), PackIovec.builder(CryptoFunction.CIPHER_FINISH)
                    .opHandle(handle).build(), RawCrypto.none(), h, OutVec.allocate(16));
            assertThat(finish).isEqualTo(PsaStatus.BAD_STATE.value());
            assertThat(RawCrypto.u32(h)).isEqualTo(handle);
            op.setIv(NIST_CTR_IV);
            assertThat(concat(op.update(NIST_PLAIN), op.finish()))
                    .isEqualTo(hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                            + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void canDoCipher(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        for (Algorithm alg : new Algorithm[] {Algorithm.ECB_NO_PADDING, Algorithm.CBC_NO_PADDING,
            Algorithm.CBC_PKCS7, Algorithm.CTR, Algorithm.CFB, Algorithm.OFB, Algorithm.CMAC}) {
            assertThat(c.canDoCipher(KeyType.AES, alg)).as("%s", alg).isTrue();
            assertThat(c.canDoCipher(KeyType.CHACHA20, alg)).as("%s", alg).isFalse();
        }
        assertThat(c.canDoCipher(KeyType.CHACHA20, Algorithm.STREAM_CIPHER)).isTrue();
        assertThat(c.canDoCipher(KeyType.AES, Algorithm.STREAM_CIPHER)).isFalse();
        assertThat(c.canDoCipher(KeyType.AES, Algorithm.XTS)).isFalse();
        assertThat(c.canDoCipher(KeyType.DES, Algorithm.CBC_NO_PADDING)).isFalse();
        Dispatcher d = spe.open(door);
        int noKeyType = RawCrypto.call(d, PackIovec.builder(CryptoFunction.CAN_DO_CIPHER).alg(Algorithm.CTR).build(),
                RawCrypto.none(), OutVec.allocate(4));
        assertThat(noKeyType).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
    }
}
