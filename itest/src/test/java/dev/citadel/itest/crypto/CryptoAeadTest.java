package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.AeadOperation;
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
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AEAD group of the Crypto service through {@link PsaCrypto}, through both doors: known answers (McGrew–Viega
 * GCM test cases, RFC 3610 CCM packet vector #1, RFC 8439 §2.8.2), multi-part against one-shot, the state machine,
 * tampering, key policy and the statuses Mbed TLS 3.6 gives.
 */
class CryptoAeadTest {
    private static final Algorithm GCM = Algorithm.GCM;
    private static final Algorithm CCM = Algorithm.CCM;
    private static final Algorithm CHACHA = Algorithm.CHACHA20_POLY1305;

    // McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 3, 4 and 5 (AES-128).
    private static final byte[] GCM_KEY = hex("feffe9928665731c6d6a8f9467308308");
    private static final byte[] GCM_IV = hex("cafebabefacedbaddecaf888");
    private static final byte[] GCM_P = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    private static final byte[] GCM_C3 = hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985");
    private static final byte[] GCM_T3 = hex("4d5c2af327cd64a62cf35abd2ba6fab4");
    private static final byte[] GCM_A = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static final byte[] GCM_T4 = hex("5bc94fbc3221a5db94fae95ae7121a47");
    private static final byte[] GCM_IV5 = hex("cafebabefacedbad");
    private static final byte[] GCM_C5 = hex("61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423"
            + "73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598");
    private static final byte[] GCM_T5 = hex("3612d2e79e3b0785561be14aaca2fccb");

    // RFC 3610 packet vector #1: 13-byte nonce, 8 bytes of AD, 23 bytes of text, 8-byte tag.
    private static final byte[] CCM_KEY = hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    private static final byte[] CCM_NONCE = hex("00000003020100a0a1a2a3a4a5");
    private static final byte[] CCM_AD = hex("0001020304050607");
    private static final byte[] CCM_P = hex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
    private static final byte[] CCM_CT = hex("588c979a61c663d2f066d0c2c0f989806d5f6b61dac384"
            + "17e8d12cfdf926e0");
    private static final Algorithm CCM_8 = Algorithm.aeadWithShortenedTag(CCM, 8);

    // RFC 8439 §2.8.2.
    private static final byte[] CHACHA_KEY = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] CHACHA_NONCE = hex("070000004041424344454647");
    private static final byte[] CHACHA_AD = hex("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] CHACHA_P = ("Ladies and Gentlemen of the class of '99: If I could offer you only one "
            + "tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHACHA_C = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58"
            + "fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116");
    private static final byte[] CHACHA_T = hex("1ae10b594f09e26a7e902ecbd0600691");

    private static final KeyUsage BOTH = KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT);

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

    private static int key(PsaCrypto c, KeyType type, byte[] material, KeyUsage usage, Algorithm alg)
            throws PsaException {
        return c.importKey(KeyAttributes.builder().type(type).usage(usage).algorithm(alg).build(), material);
    }

    private static int gcmKey(PsaCrypto c) throws PsaException {
        return key(c, KeyType.AES, GCM_KEY, BOTH, GCM);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Known answers

    @ParameterizedTest
    @EnumSource(Door.class)
    void gcmGivesMcGrewViegaTestCases(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = gcmKey(c);
        assertThat(c.aeadEncrypt(k, GCM, GCM_IV, null, GCM_P)).isEqualTo(concat(GCM_C3, GCM_T3));
        byte[] p4 = Arrays.copyOf(GCM_P, 60);
        assertThat(c.aeadEncrypt(k, GCM, GCM_IV, GCM_A, p4)).isEqualTo(concat(Arrays.copyOf(GCM_C3, 60), GCM_T4));
        assertThat(c.aeadEncrypt(k, GCM, GCM_IV5, GCM_A, p4)).isEqualTo(concat(GCM_C5, GCM_T5));

        assertThat(c.aeadDecrypt(k, GCM, GCM_IV, null, concat(GCM_C3, GCM_T3))).isEqualTo(GCM_P);
        assertThat(c.aeadDecrypt(k, GCM, GCM_IV5, GCM_A, concat(GCM_C5, GCM_T5))).isEqualTo(p4);
        c.destroyKey(k);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ccmGivesRfc3610PacketVector1(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = key(c, KeyType.AES, CCM_KEY, BOTH, CCM_8);
        assertThat(c.aeadEncrypt(k, CCM_8, CCM_NONCE, CCM_AD, CCM_P)).isEqualTo(CCM_CT);
        assertThat(c.aeadDecrypt(k, CCM_8, CCM_NONCE, CCM_AD, CCM_CT)).isEqualTo(CCM_P);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void chachaPolyGivesRfc8439Example(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, CHACHA);
        assertThat(c.aeadEncrypt(k, CHACHA, CHACHA_NONCE, CHACHA_AD, CHACHA_P))
                .isEqualTo(concat(CHACHA_C, CHACHA_T));
        assertThat(c.aeadDecrypt(k, CHACHA, CHACHA_NONCE, CHACHA_AD, concat(CHACHA_C, CHACHA_T)))
                .isEqualTo(CHACHA_P);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartGivesTheKnownAnswers(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = gcmKey(c);
        try (AeadOperation op = c.aeadEncryptSetup(gcm, GCM)) {
            op.setNonce(GCM_IV5);
            op.updateAd(GCM_A, 0, 7);
            op.updateAd(GCM_A, 7, 13);
            byte[] out = concat(op.update(Arrays.copyOf(GCM_P, 17)), op.update(Arrays.copyOfRange(GCM_P, 17, 60)));
            AeadOperation.Finish f = op.finish();
            assertThat(concat(out, f.ciphertext())).isEqualTo(GCM_C5);
            assertThat(f.tag()).isEqualTo(GCM_T5);
            assertThat(op.isActive()).isFalse();
        }
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM_8);
        try (AeadOperation op = c.aeadDecryptSetup(ccm, CCM_8)) {
            op.setLengths(CCM_AD.length, CCM_P.length);
            op.setNonce(CCM_NONCE);
            op.updateAd(CCM_AD);
            byte[] out = concat(op.update(Arrays.copyOf(CCM_CT, 5)), op.update(Arrays.copyOfRange(CCM_CT, 5, 23)));
            assertThat(concat(out, op.verify(Arrays.copyOfRange(CCM_CT, 23, 31)))).isEqualTo(CCM_P);
        }
        int chacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, CHACHA);
        try (AeadOperation op = c.aeadEncryptSetup(chacha, CHACHA)) {
            op.setNonce(CHACHA_NONCE);
            op.updateAd(CHACHA_AD);
            byte[] out = new byte[0];
            for (int i = 0; i < CHACHA_P.length; i += 13) {
                out = concat(out, op.update(Arrays.copyOfRange(CHACHA_P, i, Math.min(CHACHA_P.length, i + 13))));
            }
            assertThat(out).isEqualTo(CHACHA_C);
            assertThat(op.finish().tag()).isEqualTo(CHACHA_T);
        }
    }

    /** GCM with a 60-byte IV (McGrew–Viega test case 6's shape) can only travel through set_nonce; the JDK checks. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartGcmTakesLongNoncesOneShotCannot(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = gcmKey(c);
        byte[] iv = new byte[60];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) (i * 7 + 1);
        }
        byte[] expected = jdkGcm(GCM_KEY, iv, GCM_A, GCM_P);
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(iv);
            op.updateAd(GCM_A);
            byte[] ct = op.update(GCM_P);
            assertThat(concat(ct, op.finish().tag())).isEqualTo(expected);
        }
        assertStatus(() -> c.aeadEncrypt(k, GCM, iv, GCM_A, GCM_P), PsaStatus.INVALID_ARGUMENT);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Multi-part equals one-shot

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartAtOddSplitsEqualsOneShot(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] text = new byte[1000];
        byte[] ad = new byte[77];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (i * 13 + 5);
        }
        for (int i = 0; i < ad.length; i++) {
            ad[i] = (byte) (i * 3 + 1);
        }
        byte[] aes = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        Object[][] cases = {
            {KeyType.AES, Arrays.copyOf(aes, 16), GCM, new byte[12]},
            {KeyType.AES, aes, Algorithm.aeadWithShortenedTag(GCM, 4), hex("0102030405060708090a0b0c0d")},
            {KeyType.AES, Arrays.copyOf(aes, 24), Algorithm.aeadWithShortenedTag(GCM, 13), hex("01")},
            {KeyType.AES, Arrays.copyOf(aes, 16), CCM, hex("0102030405060708090a0b0c0d")},
            {KeyType.AES, aes, Algorithm.aeadWithShortenedTag(CCM, 4), hex("01020304050607")},
            {KeyType.CHACHA20, aes, CHACHA, hex("000000000102030405060708")},
        };
        int[] splits = {1, 15, 16, 17, 31, 100, 255};
        for (Object[] t : cases) {
            Algorithm alg = (Algorithm) t[2];
            byte[] nonce = (byte[]) t[3];
            int k = key(c, (KeyType) t[0], (byte[]) t[1], BOTH, alg);
            byte[] oneShot = c.aeadEncrypt(k, alg, nonce, ad, text);
            int tagLength = alg.aeadTagLength();
            for (int split : splits) {
                try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                    op.setLengths(ad.length, text.length);
                    op.setNonce(nonce);
                    feedAd(op, ad, split);
                    byte[] ct = feed(op, text, split);
                    AeadOperation.Finish f = op.finish();
                    assertThat(concat(ct, f.ciphertext(), f.tag())).as("%s split %d", alg, split).isEqualTo(oneShot);
                }
                try (AeadOperation op = c.aeadDecryptSetup(k, alg)) {
                    op.setNonce(nonce);
                    op.setLengths(ad.length, text.length);
                    feedAd(op, ad, split);
                    byte[] pt = feed(op, Arrays.copyOf(oneShot, text.length), split);
                    pt = concat(pt, op.verify(Arrays.copyOfRange(oneShot, text.length, text.length + tagLength)));
                    assertThat(pt).as("%s split %d", alg, split).isEqualTo(text);
                }
            }
            assertThat(c.aeadDecrypt(k, alg, nonce, ad, oneShot)).isEqualTo(text);
            c.destroyKey(k);
        }
    }

    private static void feedAd(AeadOperation op, byte[] ad, int split) throws PsaException {
        for (int i = 0; i < ad.length; i += split) {
            op.updateAd(ad, i, Math.min(split, ad.length - i));
        }
    }

    private static byte[] feed(AeadOperation op, byte[] data, int split) throws PsaException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i += split) {
            byte[] piece = Arrays.copyOfRange(data, i, Math.min(data.length, i + split));
            byte[] o = op.update(piece);
            assertThat(o).hasSize(piece.length); // streamed as Mbed TLS does: nothing held back
            out.writeBytes(o);
        }
        return out.toByteArray();
    }

    /** One-shot results agree with independent JDK and Bouncy Castle computations, empty inputs included. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void oneShotAgreesWithIndependentImplementations(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] k256 = hex("2b7e151628aed2a6abf7158809cf4f3c2b7e151628aed2a6abf7158809cf4f3c");
        int gcm = key(c, KeyType.AES, k256, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(GCM, 4));
        int ccm = key(c, KeyType.AES, k256, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(CCM, 4));
        int chacha = key(c, KeyType.CHACHA20, k256, BOTH, CHACHA);
        byte[] nonce12 = hex("000102030405060708090a0b");
        for (int len : new int[] {0, 1, 16, 33}) {
            byte[] text = Arrays.copyOf(k256, len);
            for (byte[] ad : new byte[][] {null, new byte[0], hex("aabbcc")}) {
                byte[] adBytes = ad == null ? new byte[0] : ad;
                assertThat(c.aeadEncrypt(gcm, GCM, nonce12, ad, text)).isEqualTo(jdkGcm(k256, nonce12, adBytes, text));
                for (int tag : new int[] {4, 5, 8, 11, 12}) {
                    Algorithm alg = Algorithm.aeadWithShortenedTag(GCM, tag);
                    assertThat(c.aeadEncrypt(gcm, alg, nonce12, ad, text))
                            .isEqualTo(bc(GCMBlockCipher.newInstance(AESEngine.newInstance()), k256, tag, nonce12,
                                    adBytes, text));
                }
                Algorithm ccm10 = Algorithm.aeadWithShortenedTag(CCM, 10);
                assertThat(c.aeadEncrypt(ccm, ccm10, Arrays.copyOf(nonce12, 11), ad, text))
                        .isEqualTo(bc(CCMBlockCipher.newInstance(AESEngine.newInstance()), k256, 10,
                                Arrays.copyOf(nonce12, 11), adBytes, text));
                assertThat(c.aeadEncrypt(chacha, CHACHA, nonce12, ad, text))
                        .isEqualTo(bc(new ChaCha20Poly1305(), k256, 16, nonce12, adBytes, text));
            }
        }
    }

    private static byte[] jdkGcm(byte[] key, byte[] iv, byte[] ad, byte[] text) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(ad);
        return cipher.doFinal(text);
    }

    private static byte[] bc(AEADCipher cipher, byte[] key, int tag, byte[] nonce, byte[] ad, byte[] text)
            throws Exception {
        cipher.init(true, new AEADParameters(new KeyParameter(key), tag * 8, nonce, ad));
        byte[] out = new byte[cipher.getOutputSize(text.length)];
        int n = cipher.processBytes(text, 0, text.length, out, 0);
        cipher.doFinal(out, n);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tampering

    @ParameterizedTest
    @EnumSource(Door.class)
    void everyBitFlipOfTagCiphertextOrAdIsRejected(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = gcmKey(c);
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM_8);
        int chacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, CHACHA);
        Object[][] cases = {
            {gcm, GCM, GCM_IV5, GCM_A, concat(GCM_C5, GCM_T5)},
            {ccm, CCM_8, CCM_NONCE, CCM_AD, CCM_CT},
            {chacha, CHACHA, CHACHA_NONCE, CHACHA_AD, concat(CHACHA_C, CHACHA_T)},
        };
        for (Object[] t : cases) {
            int k = (int) t[0];
            Algorithm alg = (Algorithm) t[1];
            byte[] nonce = (byte[]) t[2];
            byte[] ad = (byte[]) t[3];
            byte[] ct = (byte[]) t[4];
            for (int bit = 0; bit < ct.length * 8; bit += 7) {
                byte[] bad = ct.clone();
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
                assertStatus(() -> c.aeadDecrypt(k, alg, nonce, ad, bad), PsaStatus.INVALID_SIGNATURE);
            }
            for (int bit = 0; bit < ad.length * 8; bit++) {
                byte[] bad = ad.clone();
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
                assertStatus(() -> c.aeadDecrypt(k, alg, nonce, bad, ct), PsaStatus.INVALID_SIGNATURE);
            }
            assertStatus(() -> c.aeadDecrypt(k, alg, nonce, null, ct), PsaStatus.INVALID_SIGNATURE);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartVerifyRejectsAWrongTagAndKeepsTheSlotUntilClosed(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = gcmKey(c);
        AeadOperation op = c.aeadDecryptSetup(k, GCM);
        op.setNonce(GCM_IV);
        op.update(GCM_C3);
        byte[] badTag = GCM_T3.clone();
        badTag[15] ^= 1;
        assertStatus(() -> op.verify(badTag), PsaStatus.INVALID_SIGNATURE);
        assertThat(op.isActive()).isTrue();
        assertStatus(() -> op.verify(GCM_T3), PsaStatus.BAD_STATE); // Mbed TLS aborted it
        assertStatus(() -> op.verify(Arrays.copyOf(GCM_T3, 12)), PsaStatus.BAD_STATE);
        op.close();
        assertThat(op.isActive()).isFalse();

        try (AeadOperation shortTag = c.aeadDecryptSetup(k, GCM)) {
            shortTag.setNonce(GCM_IV);
            shortTag.update(GCM_C3);
            assertStatus(() -> shortTag.verify(Arrays.copyOf(GCM_T3, 15)), PsaStatus.INVALID_SIGNATURE);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State machine

    @ParameterizedTest
    @EnumSource(Door.class)
    void stepsOutOfOrderAreBadState(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = gcmKey(c);
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM);
        // each case: a fresh operation driven to the failing step, which then leaves it inactive
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            assertStatus(() -> op.update(new byte[1]), PsaStatus.BAD_STATE); // no nonce
            assertStatus(() -> op.setNonce(GCM_IV), PsaStatus.BAD_STATE); // aborted by the failure
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            assertStatus(() -> op.updateAd(new byte[1]), PsaStatus.BAD_STATE);
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            assertStatus(op::finish, PsaStatus.BAD_STATE);
            assertThat(op.isActive()).isTrue();
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            assertStatus(() -> op.setNonce(GCM_IV), PsaStatus.BAD_STATE);
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.generateNonce();
            assertStatus(op::generateNonce, PsaStatus.BAD_STATE);
        }
        try (AeadOperation op = c.aeadDecryptSetup(k, GCM)) {
            assertStatus(op::generateNonce, PsaStatus.BAD_STATE); // decryption takes the sender's nonce
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            op.update(new byte[3]);
            assertStatus(() -> op.updateAd(new byte[1]), PsaStatus.BAD_STATE); // AD after text
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            op.updateAd(new byte[0]);
            assertStatus(() -> op.setLengths(0, 0), PsaStatus.BAD_STATE); // lengths after data
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setLengths(1, 1);
            assertStatus(() -> op.setLengths(1, 1), PsaStatus.BAD_STATE);
        }
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            assertStatus(() -> op.verify(GCM_T3), PsaStatus.BAD_STATE); // verify ends decryptions only
        }
        try (AeadOperation op = c.aeadDecryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            assertStatus(op::finish, PsaStatus.BAD_STATE); // finish ends encryptions only
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            op.setNonce(CCM_NONCE);
            assertStatus(() -> op.updateAd(new byte[1]), PsaStatus.BAD_STATE); // CCM needs the lengths first
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            op.setNonce(CCM_NONCE);
            assertStatus(() -> op.update(new byte[1]), PsaStatus.BAD_STATE);
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            op.setNonce(CCM_NONCE);
            assertStatus(op::finish, PsaStatus.BAD_STATE);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void lengthsThatDisagreeWithTheDataAreInvalidArgument(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = gcmKey(c);
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM);
        for (int k : new int[] {gcm, ccm}) {
            Algorithm alg = k == gcm ? GCM : CCM;
            byte[] nonce = k == gcm ? GCM_IV : CCM_NONCE;
            try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                op.setLengths(4, 8);
                op.setNonce(nonce);
                assertStatus(() -> op.updateAd(new byte[5]), PsaStatus.INVALID_ARGUMENT); // more AD than declared
            }
            try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                op.setLengths(4, 8);
                op.setNonce(nonce);
                op.updateAd(new byte[3]);
                assertStatus(() -> op.update(new byte[1]), PsaStatus.INVALID_ARGUMENT); // AD still missing
            }
            try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                op.setLengths(4, 8);
                op.setNonce(nonce);
                op.updateAd(new byte[4]);
                op.update(new byte[8]);
                assertStatus(() -> op.update(new byte[1]), PsaStatus.INVALID_ARGUMENT); // more text than declared
            }
            try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                op.setLengths(4, 8);
                op.setNonce(nonce);
                op.updateAd(new byte[4]);
                op.update(new byte[7]);
                assertStatus(op::finish, PsaStatus.INVALID_ARGUMENT); // less text than declared
                assertStatus(op::finish, PsaStatus.BAD_STATE);
            }
            try (AeadOperation op = c.aeadDecryptSetup(k, alg)) {
                op.setLengths(4, 0);
                op.setNonce(nonce);
                assertStatus(() -> op.verify(new byte[16]), PsaStatus.INVALID_ARGUMENT); // AD missing
            }
        }
        // CCM: AD below 0xFF00 bytes, and a 13-byte nonce leaves two length bytes
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            assertStatus(() -> op.setLengths(0xFF00, 0), PsaStatus.INVALID_ARGUMENT);
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            op.setLengths(0, 0x10000);
            assertStatus(() -> op.setNonce(CCM_NONCE), PsaStatus.INVALID_ARGUMENT);
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            op.setNonce(Arrays.copyOf(CCM_NONCE, 12));
            op.setLengths(0xFEFF, 0x10000); // three length bytes: fits
            assertStatus(() -> op.update(new byte[1]), PsaStatus.INVALID_ARGUMENT); // AD still missing
        }
        assertStatus(() -> c.aeadEncrypt(ccm, CCM, CCM_NONCE, new byte[0xFF00], new byte[1]),
                PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generatedNoncesHaveTheDefaultLengthAndWork(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = gcmKey(c);
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM);
        int chacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, CHACHA);
        int[][] cases = {{gcm, 12}, {ccm, 13}, {chacha, 12}};
        Algorithm[] algs = {GCM, CCM, CHACHA};
        for (int i = 0; i < cases.length; i++) {
            int k = cases[i][0];
            Algorithm alg = algs[i];
            byte[] nonce;
            byte[] sealed;
            try (AeadOperation op = c.aeadEncryptSetup(k, alg)) {
                nonce = op.generateNonce();
                assertThat(nonce).hasSize(cases[i][1]);
                op.setLengths(2, 5);
                op.updateAd(hex("abcd"));
                byte[] ct = op.update(hex("0102030405"));
                sealed = concat(ct, op.finish().tag());
            }
            assertThat(c.aeadDecrypt(k, alg, nonce, hex("abcd"), sealed)).isEqualTo(hex("0102030405"));
        }
        try (AeadOperation a = c.aeadEncryptSetup(gcm, GCM); AeadOperation b = c.aeadEncryptSetup(gcm, GCM)) {
            assertThat(a.generateNonce()).isNotEqualTo(b.generateNonce());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Nonce, tag and buffer sizes

    @ParameterizedTest
    @EnumSource(Door.class)
    void nonceLengthsGetMbedTlsStatuses(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = gcmKey(c);
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, CCM);
        int chacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, CHACHA);
        byte[] p = new byte[4];
        assertStatus(() -> c.aeadEncrypt(gcm, GCM, new byte[17], null, p), PsaStatus.INVALID_ARGUMENT); // client
        assertStatus(() -> c.aeadEncrypt(gcm, GCM, new byte[0], null, p), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncrypt(gcm, GCM, null, null, p), PsaStatus.INVALID_ARGUMENT);
        assertThat(c.aeadEncrypt(gcm, GCM, new byte[1], null, p)).hasSize(20);
        assertThat(c.aeadEncrypt(gcm, GCM, new byte[16], null, p)).hasSize(20);
        assertStatus(() -> c.aeadEncrypt(ccm, CCM, new byte[6], null, p), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncrypt(ccm, CCM, new byte[14], null, p), PsaStatus.INVALID_ARGUMENT);
        assertThat(c.aeadEncrypt(ccm, CCM, new byte[7], null, p)).hasSize(20);
        assertStatus(() -> c.aeadEncrypt(chacha, CHACHA, new byte[8], null, p), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadEncrypt(chacha, CHACHA, new byte[11], null, p), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadDecrypt(chacha, CHACHA, new byte[13], null, new byte[16]),
                PsaStatus.INVALID_ARGUMENT);
        try (AeadOperation op = c.aeadEncryptSetup(chacha, CHACHA)) {
            assertStatus(() -> op.setNonce(new byte[8]), PsaStatus.INVALID_ARGUMENT); // multi-part: always this
        }
        try (AeadOperation op = c.aeadEncryptSetup(ccm, CCM)) {
            assertStatus(() -> op.setNonce(new byte[14]), PsaStatus.INVALID_ARGUMENT);
        }
        try (AeadOperation op = c.aeadEncryptSetup(gcm, GCM)) {
            assertStatus(() -> op.setNonce(new byte[0]), PsaStatus.INVALID_ARGUMENT);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tagLengthsGetMbedTlsStatuses(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int gcm = key(c, KeyType.AES, GCM_KEY, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(GCM, 1));
        int ccm = key(c, KeyType.AES, CCM_KEY, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(CCM, 1));
        int chacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(CHACHA, 1));
        byte[] p = new byte[5];
        for (int tag = 1; tag <= 16; tag++) {
            Algorithm g = Algorithm.aeadWithShortenedTag(GCM, tag);
            Algorithm m = Algorithm.aeadWithShortenedTag(CCM, tag);
            Algorithm h = Algorithm.aeadWithShortenedTag(CHACHA, tag);
            // one-shot: the modes' own limits (GCM 4..16, CCM 4, 6, ..., 16); ChaCha20-Poly1305 16 only
            if (tag >= 4) {
                assertThat(c.aeadEncrypt(gcm, g, GCM_IV, null, p)).hasSize(5 + tag);
            } else {
                assertStatus(() -> c.aeadEncrypt(gcm, g, GCM_IV, null, p), PsaStatus.INVALID_ARGUMENT);
            }
            if (tag >= 4 && tag % 2 == 0) {
                assertThat(c.aeadEncrypt(ccm, m, CCM_NONCE, null, p)).hasSize(5 + tag);
            } else {
                assertStatus(() -> c.aeadEncrypt(ccm, m, CCM_NONCE, null, p), PsaStatus.INVALID_ARGUMENT);
            }
            if (tag != 16) {
                assertStatus(() -> c.aeadEncrypt(chacha, h, CHACHA_NONCE, null, p), PsaStatus.NOT_SUPPORTED);
                assertStatus(() -> c.aeadEncryptSetup(chacha, h), PsaStatus.INVALID_ARGUMENT);
            }
            // multi-part setup: psa_validate_tag_length (GCM 4, 8, 12..16)
            boolean gcmMultiPart = tag == 4 || tag == 8 || tag >= 12;
            if (gcmMultiPart) {
                c.aeadEncryptSetup(gcm, g).close();
            } else {
                assertStatus(() -> c.aeadEncryptSetup(gcm, g), PsaStatus.INVALID_ARGUMENT);
            }
            if (tag >= 4 && tag % 2 == 0) {
                c.aeadDecryptSetup(ccm, m).close();
            } else {
                assertStatus(() -> c.aeadDecryptSetup(ccm, m), PsaStatus.INVALID_ARGUMENT);
            }
        }
        // a ciphertext shorter than the tag
        assertStatus(() -> c.aeadDecrypt(gcm, GCM, GCM_IV, null, new byte[15]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void shortOutputBuffersAreBufferTooSmall(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int k = gcmKey(c);
        assertStatus(() -> c.aeadEncrypt(k, GCM, GCM_IV, null, GCM_P, new byte[GCM_P.length + 15]),
                PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.aeadEncrypt(k, GCM, GCM_IV, null, GCM_P, new byte[GCM_P.length + 16])).isEqualTo(80);
        byte[] sealed = concat(GCM_C3, GCM_T3);
        assertStatus(() -> c.aeadDecrypt(k, GCM, GCM_IV, null, sealed, new byte[63]), PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.aeadDecrypt(k, GCM, GCM_IV, null, sealed, new byte[64])).isEqualTo(64);
        try (AeadOperation op = c.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            assertStatus(() -> op.update(GCM_P, 0, 20, new byte[19]), PsaStatus.BUFFER_TOO_SMALL);
            assertStatus(() -> op.update(GCM_P), PsaStatus.BAD_STATE);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Key policy and isolation

    @ParameterizedTest
    @EnumSource(Door.class)
    void keyPolicyIsEnforced(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int encryptOnly = key(c, KeyType.AES, GCM_KEY, KeyUsage.ENCRYPT, GCM);
        byte[] sealed = c.aeadEncrypt(encryptOnly, GCM, GCM_IV, null, GCM_P);
        assertStatus(() -> c.aeadDecrypt(encryptOnly, GCM, GCM_IV, null, sealed), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.aeadDecryptSetup(encryptOnly, GCM), PsaStatus.NOT_PERMITTED);
        int decryptOnly = key(c, KeyType.AES, GCM_KEY, KeyUsage.DECRYPT, GCM);
        assertStatus(() -> c.aeadEncrypt(decryptOnly, GCM, GCM_IV, null, GCM_P), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.aeadEncryptSetup(decryptOnly, GCM), PsaStatus.NOT_PERMITTED);

        // the policy names GCM with a 16-byte tag: shorter tags and other AEADs are not permitted
        Algorithm gcm12 = Algorithm.aeadWithShortenedTag(GCM, 12);
        assertStatus(() -> c.aeadEncrypt(encryptOnly, gcm12, GCM_IV, null, GCM_P), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.aeadEncrypt(encryptOnly, CCM, CCM_NONCE, null, GCM_P), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.aeadEncryptSetup(encryptOnly, gcm12), PsaStatus.NOT_PERMITTED);

        // an at-least-12 wildcard permits 12..16 and nothing shorter
        int atLeast12 = key(c, KeyType.AES, GCM_KEY, BOTH, Algorithm.aeadWithAtLeastThisLengthTag(GCM, 12));
        assertThat(c.aeadEncrypt(atLeast12, gcm12, GCM_IV, null, GCM_P)).hasSize(76);
        assertThat(c.aeadEncrypt(atLeast12, GCM, GCM_IV, null, GCM_P)).isEqualTo(sealed);
        Algorithm gcm8 = Algorithm.aeadWithShortenedTag(GCM, 8);
        assertStatus(() -> c.aeadEncrypt(atLeast12, gcm8, GCM_IV, null, GCM_P), PsaStatus.NOT_PERMITTED);
        // a request can never be a wildcard, nor anything but an AEAD
        Algorithm wildcard = Algorithm.aeadWithAtLeastThisLengthTag(GCM, 12);
        assertStatus(() -> c.aeadEncrypt(atLeast12, wildcard, GCM_IV, null, GCM_P), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncryptSetup(atLeast12, wildcard), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncrypt(atLeast12, Algorithm.CTR, GCM_IV, null, GCM_P), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncrypt(atLeast12, Algorithm.NONE, GCM_IV, null, GCM_P),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.aeadEncrypt(0x4000_1234, GCM, GCM_IV, null, GCM_P), PsaStatus.INVALID_HANDLE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void wrongKeyTypeIsNotSupported(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int chachaKeyForGcm = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, GCM);
        int aesKeyForChacha = key(c, KeyType.AES, CHACHA_KEY, BOTH, CHACHA);
        int hmacKeyForCcm = key(c, KeyType.HMAC, CCM_KEY, BOTH, CCM);
        assertStatus(() -> c.aeadEncrypt(chachaKeyForGcm, GCM, GCM_IV, null, GCM_P), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadEncrypt(aesKeyForChacha, CHACHA, CHACHA_NONCE, null, GCM_P),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadEncrypt(hmacKeyForCcm, CCM, CCM_NONCE, null, GCM_P), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadEncryptSetup(chachaKeyForGcm, GCM), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadDecryptSetup(hmacKeyForCcm, CCM), PsaStatus.NOT_SUPPORTED);
        // an AEAD this SPE lacks
        int xchacha = key(c, KeyType.CHACHA20, CHACHA_KEY, BOTH, Algorithm.XCHACHA20_POLY1305);
        assertStatus(() -> c.aeadEncrypt(xchacha, Algorithm.XCHACHA20_POLY1305, new byte[12], null, GCM_P),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.aeadEncryptSetup(xchacha, Algorithm.XCHACHA20_POLY1305), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientCanUseNeitherTheKeyNorTheOperation(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto owner = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int k = gcmKey(owner);
        assertStatus(() -> other.aeadEncrypt(k, GCM, GCM_IV, null, GCM_P), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.aeadDecrypt(k, GCM, GCM_IV, null, concat(GCM_C3, GCM_T3)),
                PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.aeadEncryptSetup(k, GCM), PsaStatus.INVALID_HANDLE);

        try (AeadOperation op = owner.aeadEncryptSetup(k, GCM)) {
            op.setNonce(GCM_IV);
            // the other client sends the owner's handle in raw calls
            int handle = 1;
            PackIovec update = PackIovec.builder(CryptoFunction.AEAD_UPDATE).opHandle(handle).build();
            assertThat(RawCrypto.call(d.asClient(-2), update, new InVec[] {InVec.of(new byte[4])},
                    OutVec.allocate(4))).isEqualTo(PsaStatus.BAD_STATE.value());
            PackIovec finish = PackIovec.builder(CryptoFunction.AEAD_FINISH).opHandle(handle).build();
            OutVec h = OutVec.allocate(4);
            assertThat(RawCrypto.call(d.asClient(-2), finish, RawCrypto.none(), h, OutVec.allocate(16)))
                    .isEqualTo(PsaStatus.BAD_STATE.value());
            assertThat(RawCrypto.u32(h)).isEqualTo(handle);
            PackIovec abort = PackIovec.builder(CryptoFunction.AEAD_ABORT).opHandle(handle).build();
            assertThat(RawCrypto.call(d.asClient(-2), abort, RawCrypto.none(), OutVec.allocate(4)))
                    .isEqualTo(PsaStatus.SUCCESS.value()); // an unknown handle: nothing to abort
            // the owner's operation is untouched
            assertThat(concat(op.update(GCM_P), op.finish().tag())).isEqualTo(concat(GCM_C3, GCM_T3));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupNeedsAFreshHandleAndAFreeSlot(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d);
        int k = gcmKey(c);
        PackIovec setup = PackIovec.builder(CryptoFunction.AEAD_ENCRYPT_SETUP).keyId(k).alg(GCM).opHandle(3).build();
        OutVec h = OutVec.allocate(4);
        assertThat(RawCrypto.call(d, setup, RawCrypto.none(), h)).isEqualTo(PsaStatus.BAD_STATE.value());
        assertThat(RawCrypto.call(d, setup.withOpHandle(0), RawCrypto.none())).isEqualTo(
                PsaStatus.PROGRAMMER_ERROR.value());

        AeadOperation[] ops = new AeadOperation[8];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = c.aeadEncryptSetup(k, GCM);
        }
        assertStatus(() -> c.aeadEncryptSetup(k, GCM), PsaStatus.NOT_PERMITTED);
        for (AeadOperation op : ops) {
            op.close();
        }
        c.aeadDecryptSetup(k, GCM).close();
    }
}
