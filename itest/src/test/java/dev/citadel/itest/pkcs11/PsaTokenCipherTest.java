package dev.citadel.itest.pkcs11;

import static dev.citadel.itest.pkcs11.TokenDevice.provision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.MechanismParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Digests, HMAC, secret key generation and AES through the token, both doors, checked by the JDK. */
class PsaTokenCipherTest {
    private static final byte[] MESSAGE = "a message of forty-one bytes, or so it is".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AES_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] IV = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");

    @TempDir
    Path dir;

    static long rv(PsaTokenChecks.Call c) {
        return PsaTokenChecks.rv(c);
    }

    private static long secretKey(Cryptoki p, long s, long keyType, byte[] value, CkAttribute... more)
            throws CkException {
        List<CkAttribute> t = new ArrayList<>(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.SECRET_KEY),
                CkAttribute.ofLong(Cka.KEY_TYPE, keyType), CkAttribute.ofBytes(Cka.VALUE, value)));
        t.addAll(List.of(more));
        return p.createObject(s, t);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void digestsMatchTheJdkSingleAndMultiPart(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            for (Object[] m : new Object[][] {{Ckm.SHA256, "SHA-256"}, {Ckm.SHA384, "SHA-384"},
                    {Ckm.SHA512, "SHA-512"}}) {
                byte[] expected = MessageDigest.getInstance((String) m[1]).digest(MESSAGE);
                p.digestInit(s, CkMechanism.of((Long) m[0]));
                assertThat(p.digest(s, MESSAGE, null)).isEqualTo(expected.length);
                PsaTokenChecks.assertTooSmall(() -> p.digest(s, MESSAGE, new byte[expected.length - 1]),
                        expected.length);
                byte[] out = new byte[expected.length + 3];
                assertThat(p.digest(s, MESSAGE, out)).isEqualTo(expected.length);
                assertThat(Arrays.copyOf(out, expected.length)).isEqualTo(expected);
                assertThat(rv(() -> p.digest(s, MESSAGE, out))).isEqualTo(Ckr.OPERATION_NOT_INITIALIZED);

                p.digestInit(s, CkMechanism.of((Long) m[0]));
                p.digestUpdate(s, Arrays.copyOf(MESSAGE, 7));
                p.digestUpdate(s, new byte[0]);
                p.digestUpdate(s, Arrays.copyOfRange(MESSAGE, 7, MESSAGE.length));
                assertThat(rv(() -> p.digest(s, MESSAGE, out))).isEqualTo(Ckr.OPERATION_ACTIVE);
                assertThat(rv(() -> p.digestKey(s, 1))).isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
                assertThat(rv(() -> p.digestInit(s, CkMechanism.of((Long) m[0]))))
                        .isEqualTo(Ckr.OPERATION_ACTIVE);
                assertThat(p.digestFinal(s, null)).isEqualTo(expected.length);
                PsaTokenChecks.assertTooSmall(() -> p.digestFinal(s, new byte[1]), expected.length);
                byte[] fin = new byte[expected.length];
                p.digestFinal(s, fin);
                assertThat(fin).isEqualTo(expected);
            }
            p.digestInit(s, CkMechanism.of(Ckm.SHA256));
            byte[] empty = new byte[32];
            p.digestFinal(s, empty);
            assertThat(empty).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
            assertThat(rv(() -> p.digestInit(s, CkMechanism.of(Ckm.ECDSA)))).isEqualTo(Ckr.MECHANISM_INVALID);
            assertThat(rv(() -> p.digestInit(s, new CkMechanism(Ckm.SHA256, new MechanismParams.Bytes(IV)))))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hmacWithGeneratedAndImportedSecretsMatchesTheJdk(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long gen = p.generateKey(s, CkMechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
                    List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 32), CkAttribute.ofBool(Cka.SENSITIVE, false),
                            CkAttribute.ofBool(Cka.EXTRACTABLE, true), CkAttribute.ofString(Cka.LABEL, "mac")));
            byte[] value = PsaTokenChecks.attr(p, s, gen, Cka.VALUE);
            assertThat(value).hasSize(32);
            assertThat(PsaTokenChecks.attr(p, s, gen, Cka.LOCAL)).containsExactly(1);
            assertThat(CkAttribute.ofBytes(Cka.KEY_GEN_MECHANISM,
                    PsaTokenChecks.attr(p, s, gen, Cka.KEY_GEN_MECHANISM)).asLong())
                    .isEqualTo(Ckm.GENERIC_SECRET_KEY_GEN);
            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(value, "HmacSHA256"));
            byte[] expected = jdk.doFinal(MESSAGE);

            p.signInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            assertThat(p.sign(s, MESSAGE, null)).isEqualTo(32);
            byte[] mac = new byte[32];
            p.sign(s, MESSAGE, mac);
            assertThat(mac).isEqualTo(expected);

            p.signInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            p.signUpdate(s, Arrays.copyOf(MESSAGE, 10));
            p.signUpdate(s, Arrays.copyOfRange(MESSAGE, 10, MESSAGE.length));
            PsaTokenChecks.assertTooSmall(() -> p.signFinal(s, new byte[31]), 32);
            byte[] multi = new byte[32];
            p.signFinal(s, multi);
            assertThat(multi).isEqualTo(expected);

            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            p.verify(s, MESSAGE, expected);
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            p.verifyUpdate(s, Arrays.copyOf(MESSAGE, 3));
            p.verifyUpdate(s, Arrays.copyOfRange(MESSAGE, 3, MESSAGE.length));
            p.verifyFinal(s, expected);
            byte[] wrong = expected.clone();
            wrong[0] ^= 1;
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            assertThat(rv(() -> p.verify(s, MESSAGE, wrong))).isEqualTo(Ckr.SIGNATURE_INVALID);
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            p.verifyUpdate(s, MESSAGE);
            assertThat(rv(() -> p.verifyFinal(s, wrong))).isEqualTo(Ckr.SIGNATURE_INVALID);
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_HMAC), gen);
            assertThat(rv(() -> p.verify(s, MESSAGE, Arrays.copyOf(expected, 20))))
                    .isEqualTo(Ckr.SIGNATURE_LEN_RANGE);

            // an imported secret: HMAC-SHA-384 by default, HMAC-SHA-512 when its allowed mechanisms say so
            byte[] secret = "an imported generic secret".getBytes(StandardCharsets.US_ASCII);
            long imported = secretKey(p, s, Cko.KEY_GENERIC_SECRET, secret);
            Mac jdk384 = Mac.getInstance("HmacSHA384");
            jdk384.init(new SecretKeySpec(secret, "HmacSHA384"));
            assertThat(PsaTokenChecks.sign(p, s, CkMechanism.of(Ckm.SHA384_HMAC), imported, MESSAGE))
                    .isEqualTo(jdk384.doFinal(MESSAGE));
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.SHA512_HMAC), imported)))
                    .isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
            long only512 = secretKey(p, s, Cko.KEY_GENERIC_SECRET, secret,
                    CkAttribute.ofBytes(Cka.ALLOWED_MECHANISMS, PsaTokenChecks.mechanisms(Ckm.SHA512_HMAC)));
            Mac jdk512 = Mac.getInstance("HmacSHA512");
            jdk512.init(new SecretKeySpec(secret, "HmacSHA512"));
            assertThat(PsaTokenChecks.sign(p, s, CkMechanism.of(Ckm.SHA512_HMAC), only512, MESSAGE))
                    .isEqualTo(jdk512.doFinal(MESSAGE));
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.SHA256_HMAC), only512)))
                    .isEqualTo(Ckr.MECHANISM_INVALID);
            assertThat(PsaTokenChecks.attr(p, s, imported, Cka.VALUE_LEN)).isEqualTo(
                    CkAttribute.ofLong(Cka.VALUE_LEN, secret.length).value());
            assertThat(rv(() -> PsaTokenChecks.attr(p, s, imported, Cka.VALUE)))
                    .isEqualTo(Ckr.ATTRIBUTE_SENSITIVE);

            long aes = secretKey(p, s, Cko.KEY_AES, AES_KEY);
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.SHA256_HMAC), aes)))
                    .isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            long noSign = secretKey(p, s, Cko.KEY_GENERIC_SECRET, secret, CkAttribute.ofBool(Cka.SIGN, false));
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.SHA256_HMAC), noSign)))
                    .isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void secretKeyGenerationChecksItsTemplate(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            CkMechanism aesGen = CkMechanism.of(Ckm.AES_KEY_GEN);
            for (int len : new int[] {16, 24, 32}) {
                long k = p.generateKey(s, aesGen, List.of(CkAttribute.ofLong(Cka.VALUE_LEN, len)));
                assertThat(CkAttribute.ofBytes(Cka.KEY_TYPE, PsaTokenChecks.attr(p, s, k, Cka.KEY_TYPE)).asLong())
                        .isEqualTo(Cko.KEY_AES);
                assertThat(PsaTokenChecks.attr(p, s, k, Cka.ALWAYS_SENSITIVE)).containsExactly(1);
                p.destroyObject(s, k);
            }
            assertThat(rv(() -> p.generateKey(s, aesGen, List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 20)))))
                    .isEqualTo(Ckr.ATTRIBUTE_VALUE_INVALID);
            assertThat(rv(() -> p.generateKey(s, aesGen, List.of()))).isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.generateKey(s, CkMechanism.of(Ckm.GENERIC_SECRET_KEY_GEN), List.of())))
                    .isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.generateKey(s, aesGen, List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 16),
                    CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_GENERIC_SECRET))))).isEqualTo(Ckr.TEMPLATE_INCONSISTENT);
            assertThat(rv(() -> p.generateKey(s, aesGen, List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 16),
                    CkAttribute.ofBytes(Cka.VALUE, AES_KEY))))).isEqualTo(Ckr.ATTRIBUTE_READ_ONLY);
            assertThat(rv(() -> p.generateKey(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 16))))).isEqualTo(Ckr.MECHANISM_INVALID);
            long ro = p.openSession(dev.citadel.pkcs11.token.PsaToken.SLOT_ID, dev.citadel.pkcs11.Ckf.SERIAL_SESSION);
            assertThat(rv(() -> p.generateKey(ro, aesGen, List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 16),
                    CkAttribute.ofBool(Cka.TOKEN, true))))).isEqualTo(Ckr.SESSION_READ_ONLY);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesGcmInteroperatesWithTheJdk(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long key = p.generateKey(s, CkMechanism.of(Ckm.AES_KEY_GEN), List.of(CkAttribute.ofLong(Cka.VALUE_LEN,
                    32), CkAttribute.ofBool(Cka.SENSITIVE, false), CkAttribute.ofBool(Cka.EXTRACTABLE, true)));
            SecretKeySpec jdkKey = new SecretKeySpec(PsaTokenChecks.attr(p, s, key, Cka.VALUE), "AES");
            byte[] nonce = Arrays.copyOf(IV, 12);
            byte[] aad = "header".getBytes(StandardCharsets.US_ASCII);
            for (int tagBits : new int[] {128, 96, 112}) {
                CkMechanism gcm = new CkMechanism(Ckm.AES_GCM, new MechanismParams.Gcm(nonce, 96, aad, tagBits));
                p.encryptInit(s, gcm, key);
                int n = p.encrypt(s, MESSAGE, null);
                assertThat(n).isEqualTo(MESSAGE.length + tagBits / 8);
                PsaTokenChecks.assertTooSmall(() -> p.encrypt(s, MESSAGE, new byte[n - 1]), n);
                byte[] ct = new byte[n];
                p.encrypt(s, MESSAGE, ct);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, jdkKey, new GCMParameterSpec(tagBits, nonce));
                c.updateAAD(aad);
                assertThat(c.doFinal(ct)).isEqualTo(MESSAGE);

                c.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(tagBits, nonce));
                c.updateAAD(aad);
                byte[] jdkCt = c.doFinal(MESSAGE);
                p.decryptInit(s, gcm, key);
                byte[] pt = new byte[p.decrypt(s, jdkCt, null)];
                assertThat(p.decrypt(s, jdkCt, pt)).isEqualTo(MESSAGE.length);
                assertThat(pt).isEqualTo(MESSAGE);

                // multi-part: input gathered, everything at the end
                p.decryptInit(s, gcm, key);
                assertThat(p.decryptUpdate(s, Arrays.copyOf(jdkCt, 5), new byte[64])).isZero();
                assertThat(p.decryptUpdate(s, Arrays.copyOfRange(jdkCt, 5, jdkCt.length), new byte[64])).isZero();
                PsaTokenChecks.assertTooSmall(() -> p.decryptFinal(s, new byte[3]), MESSAGE.length);
                byte[] fin = new byte[MESSAGE.length];
                p.decryptFinal(s, fin);
                assertThat(fin).isEqualTo(MESSAGE);

                byte[] bad = jdkCt.clone();
                bad[bad.length - 1] ^= 1;
                p.decryptInit(s, gcm, key);
                assertThat(rv(() -> p.decrypt(s, bad, new byte[bad.length]))).isEqualTo(Ckr.ENCRYPTED_DATA_INVALID);
                assertThat(rv(() -> p.decrypt(s, jdkCt, new byte[jdkCt.length])))
                        .as("a failed decryption ends the operation").isEqualTo(Ckr.OPERATION_NOT_INITIALIZED);
            }
            for (MechanismParams bad : List.of(new MechanismParams.Gcm(nonce, 96, aad, 64),
                    new MechanismParams.Gcm(nonce, 96, aad, 100), new MechanismParams.Gcm(new byte[0], 0, aad, 128),
                    new MechanismParams.Gcm(new byte[17], 136, aad, 128), new MechanismParams.Bytes(IV))) {
                assertThat(rv(() -> p.encryptInit(s, new CkMechanism(Ckm.AES_GCM, bad), key)))
                        .as(bad.toString()).isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            }
            CkMechanism gcm = new CkMechanism(Ckm.AES_GCM, new MechanismParams.Gcm(nonce, 96, aad, 128));
            p.decryptInit(s, gcm, key);
            assertThat(rv(() -> p.decrypt(s, new byte[15], new byte[16]))).isEqualTo(Ckr.ENCRYPTED_DATA_LEN_RANGE);
            long mac = secretKey(p, s, Cko.KEY_GENERIC_SECRET, AES_KEY);
            assertThat(rv(() -> p.encryptInit(s, gcm, mac))).isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            long noEncrypt = secretKey(p, s, Cko.KEY_AES, AES_KEY, CkAttribute.ofBool(Cka.ENCRYPT, false));
            assertThat(rv(() -> p.encryptInit(s, gcm, noEncrypt))).isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesCbcPadSingleAndMultiPartInteroperatesWithTheJdk(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long key = secretKey(p, s, Cko.KEY_AES, AES_KEY, CkAttribute.ofString(Cka.LABEL, "imported aes"));
            SecretKeySpec jdkKey = new SecretKeySpec(AES_KEY, "AES");
            Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding");
            CkMechanism cbc = new CkMechanism(Ckm.AES_CBC_PAD, new MechanismParams.Bytes(IV));

            for (int len : new int[] {0, 15, 16, 41}) {
                byte[] msg = Arrays.copyOf(MESSAGE, len);
                p.encryptInit(s, cbc, key);
                int n = p.encrypt(s, msg, null);
                assertThat(n).isEqualTo((len / 16 + 1) * 16);
                byte[] ct = new byte[n];
                p.encrypt(s, msg, ct);
                jdk.init(Cipher.DECRYPT_MODE, jdkKey, new IvParameterSpec(IV));
                assertThat(jdk.doFinal(ct)).isEqualTo(msg);

                p.decryptInit(s, cbc, key);
                int bound = p.decrypt(s, ct, null);
                assertThat(bound).isGreaterThanOrEqualTo(len);
                if (len > 0) {
                    PsaTokenChecks.assertTooSmall(() -> p.decrypt(s, ct, new byte[len - 1]), len);
                }
                byte[] pt = new byte[bound];
                assertThat(p.decrypt(s, ct, pt)).isEqualTo(len);
                assertThat(Arrays.copyOf(pt, len)).isEqualTo(msg);
            }

            // multi-part encryption: whole blocks per update, the padded block at the end
            byte[] big = new byte[100];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(IV));
            byte[] expected = jdk.doFinal(big);
            p.encryptInit(s, cbc, key);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            int[] cuts = {0, 5, 21, 21, 60, 100};
            int[] outSizes = {0, 16, 0, 32, 48};
            for (int i = 0; i + 1 < cuts.length; i++) {
                byte[] part = Arrays.copyOfRange(big, cuts[i], cuts[i + 1]);
                assertThat(p.encryptUpdate(s, part, null)).isEqualTo(outSizes[i]);
                int size = outSizes[i];
                if (size > 0) {
                    PsaTokenChecks.assertTooSmall(() -> p.encryptUpdate(s, part, new byte[size - 1]), size);
                }
                byte[] out = new byte[outSizes[i]];
                assertThat(p.encryptUpdate(s, part, out)).isEqualTo(outSizes[i]);
                got.writeBytes(out);
            }
            assertThat(p.encryptFinal(s, null)).isEqualTo(16);
            PsaTokenChecks.assertTooSmall(() -> p.encryptFinal(s, new byte[15]), 16);
            byte[] last = new byte[16];
            assertThat(p.encryptFinal(s, last)).isEqualTo(16);
            got.writeBytes(last);
            assertThat(got.toByteArray()).isEqualTo(expected);

            // multi-part decryption of the JDK's ciphertext: the last whole block is held back for the padding
            p.decryptInit(s, cbc, key);
            got.reset();
            int[] dcuts = {0, 16, 20, 64, 112};
            int[] dsizes = {0, 16, 32, 48};
            for (int i = 0; i + 1 < dcuts.length; i++) {
                byte[] part = Arrays.copyOfRange(expected, dcuts[i], dcuts[i + 1]);
                assertThat(p.decryptUpdate(s, part, null)).isEqualTo(dsizes[i]);
                byte[] out = new byte[dsizes[i]];
                assertThat(p.decryptUpdate(s, part, out)).isEqualTo(dsizes[i]);
                got.writeBytes(out);
            }
            int finBound = p.decryptFinal(s, null);
            assertThat(finBound).isEqualTo(16);
            PsaTokenChecks.assertTooSmall(() -> p.decryptFinal(s, new byte[2]), 4);
            byte[] fin = new byte[4];
            assertThat(p.decryptFinal(s, fin)).isEqualTo(4);
            got.writeBytes(fin);
            assertThat(got.toByteArray()).isEqualTo(big);

            p.decryptInit(s, cbc, key);
            assertThat(rv(() -> p.decrypt(s, new byte[20], new byte[32]))).isEqualTo(Ckr.ENCRYPTED_DATA_LEN_RANGE);
            p.decryptInit(s, cbc, key);
            p.decryptUpdate(s, new byte[20], new byte[32]);
            assertThat(rv(() -> p.decryptFinal(s, new byte[32]))).isEqualTo(Ckr.ENCRYPTED_DATA_LEN_RANGE);
            byte[] wrongPad = expected.clone();
            wrongPad[wrongPad.length - 17] ^= 0x7f;
            p.decryptInit(s, cbc, key);
            assertThat(rv(() -> p.decrypt(s, wrongPad, new byte[112]))).isEqualTo(Ckr.ENCRYPTED_DATA_INVALID);
            assertThat(rv(() -> p.encryptInit(s, new CkMechanism(Ckm.AES_CBC_PAD, new MechanismParams.Bytes(
                    new byte[8])), key))).isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.encryptInit(s, CkMechanism.of(Ckm.AES_CBC_PAD), key)))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.encryptUpdate(s, big, new byte[128]))).isEqualTo(Ckr.OPERATION_NOT_INITIALIZED);
            p.encryptInit(s, cbc, key);
            p.encryptUpdate(s, big, new byte[128]);
            assertThat(rv(() -> p.encryptInit(s, cbc, key))).isEqualTo(Ckr.OPERATION_ACTIVE);
            assertThat(rv(() -> p.encrypt(s, big, new byte[128]))).isEqualTo(Ckr.OPERATION_ACTIVE);
            assertThat(rv(() -> p.encryptFinal(s, new byte[16]))).as("the failed call ended the operation")
                    .isEqualTo(Ckr.OPERATION_NOT_INITIALIZED);
        }
    }
}
