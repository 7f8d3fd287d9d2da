package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelKey;
import dev.citadel.jca.CitadelKeyGenParameterSpec;
import dev.citadel.jca.CitadelKeyGenParameterSpec.Purpose;
import dev.citadel.jca.CitadelKeys;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.jca.CitadelSecretKey;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Citadel service through both doors, checked independently: the JDK verifies Citadel's signatures, agrees on
 * the same secrets, decrypts Citadel's ciphertexts and computes the same MACs with the same key bytes.
 */
class CitadelProviderTest {
    private static final byte[] MSG = "a message signed in the SPE".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();
    private JcaDoors doors;

    @BeforeEach
    void start() {
        doors = new JcaDoors();
    }

    @AfterEach
    void stop() {
        doors.close();
    }

    private static byte[] sign(String alg, CitadelProvider p, java.security.PrivateKey key,
            java.security.spec.AlgorithmParameterSpec params) throws Exception {
        Signature s = Signature.getInstance(alg, p);
        if (params != null) {
            s.setParameter(params);
        }
        s.initSign(key);
        s.update(MSG, 0, 5);
        s.update(MSG, 5, MSG.length - 5);
        return s.sign();
    }

    private static boolean jdkVerify(String alg, String provider, java.security.PublicKey pub, byte[] sig,
            java.security.spec.AlgorithmParameterSpec params) throws Exception {
        Signature v = Signature.getInstance(alg, provider);
        if (params != null) {
            v.setParameter(params);
        }
        v.initVerify(pub);
        v.update(MSG);
        return v.verify(sig);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdsaSignaturesOnEveryCurveAreDerThatSunEcVerifies(Door door) throws Exception {
        String[][] cases = {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"},
            {"secp521r1", "SHA512withECDSA"}};
        for (String[] c : cases) {
            KeyPair kp = doors.generate(door, "EC", new ECGenParameterSpec(c[0]));
            assertThat(kp.getPrivate()).isInstanceOf(CitadelPrivateKey.class);
            for (int i = 0; i < 4; i++) { // different lengths of r and s over several signatures
                byte[] sig = sign(c[1], doors.provider(door), kp.getPrivate(), null);
                assertThat(jdkVerify(c[1], "SunEC", kp.getPublic(), sig, null)).as(c[0]).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPkcs1AndPssSignaturesVerifyWithSunRsaSign(Door door) throws Exception {
        KeyPair kp = doors.generate(door, "RSA", 2048);
        for (String alg : new String[] {"SHA256withRSA", "SHA384withRSA", "SHA512withRSA"}) {
            byte[] sig = sign(alg, doors.provider(door), kp.getPrivate(), null);
            assertThat(jdkVerify(alg, "SunRsaSign", kp.getPublic(), sig, null)).as(alg).isTrue();
        }
        for (String h : new String[] {"SHA-256", "SHA-384", "SHA-512"}) {
            int len = h.equals("SHA-256") ? 32 : h.equals("SHA-384") ? 48 : 64;
            PSSParameterSpec pss = new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), len, 1);
            byte[] sig = sign("RSASSA-PSS", doors.provider(door), kp.getPrivate(), pss);
            assertThat(jdkVerify("RSASSA-PSS", "SunRsaSign", kp.getPublic(), sig, pss)).as(h).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pssParametersPsaCannotExpressAreRefused(Door door) throws Exception {
        KeyPair kp = doors.generate(door, "RSA", 2048);
        Signature s = Signature.getInstance("RSASSA-PSS", doors.provider(door));
        PSSParameterSpec otherSalt = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1);
        PSSParameterSpec otherMgf = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1);
        PSSParameterSpec sha1 = new PSSParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, 20, 1);
        for (PSSParameterSpec bad : new PSSParameterSpec[] {otherSalt, otherMgf, sha1}) {
            assertThatThrownBy(() -> s.setParameter(bad)).isInstanceOf(InvalidAlgorithmParameterException.class);
        }
        s.initSign(kp.getPrivate());
        assertThatThrownBy(s::sign).isInstanceOf(java.security.SignatureException.class)
                .hasMessageContaining("PSSParameterSpec");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ed25519SignaturesVerifyWithSunEc(Door door) throws Exception {
        KeyPair kp = doors.generate(door, "Ed25519", (java.security.spec.AlgorithmParameterSpec) null);
        byte[] sig = sign("Ed25519", doors.provider(door), kp.getPrivate(), null);
        assertThat(sig).hasSize(64);
        assertThat(jdkVerify("Ed25519", "SunEC", kp.getPublic(), sig, null)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aKeyWhosePolicyLacksTheAlgorithmIsAnInvalidKey(Door door) throws Exception {
        CitadelPrivateKey pkcs1Only = doors.rsaPkcs1Only(door, 2048);
        Signature s = Signature.getInstance("RSASSA-PSS", doors.provider(door));
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        assertThatThrownBy(() -> s.initSign(pkcs1Only)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("does not permit");
        KeyPair agreeOnly = doors.generate(door, "EC", CitadelKeyGenParameterSpec
                .builder(new ECGenParameterSpec("secp256r1")).purposes(Purpose.AGREE).build());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA", doors.provider(door));
        assertThatThrownBy(() -> ecdsa.initSign(agreeOnly.getPrivate())).isInstanceOf(InvalidKeyException.class);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhAndX25519AgreeWithTheJdk(Door door) throws Exception {
        KeyPair mine = doors.generate(door, "EC", CitadelKeyGenParameterSpec
                .builder(new ECGenParameterSpec("secp384r1")).purposes(Purpose.AGREE).build());
        KeyPair peer = TestPki.jdkEcKeys("secp384r1");
        KeyAgreement citadel = KeyAgreement.getInstance("ECDH", doors.provider(door));
        citadel.init(mine.getPrivate());
        citadel.doPhase(peer.getPublic(), true);
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH", "SunEC");
        jdk.init(peer.getPrivate());
        jdk.doPhase(mine.getPublic(), true);
        assertThat(citadel.generateSecret()).isEqualTo(jdk.generateSecret());

        KeyPair x = doors.generate(door, "X25519", new NamedParameterSpec("X25519"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("X25519", "SunEC");
        KeyPair xPeer = g.generateKeyPair();
        KeyAgreement cx = KeyAgreement.getInstance("X25519", doors.provider(door));
        cx.init(x.getPrivate());
        cx.doPhase(xPeer.getPublic(), true);
        KeyAgreement jx = KeyAgreement.getInstance("X25519", "SunEC");
        jx.init(xPeer.getPrivate());
        jx.doPhase(x.getPublic(), true);
        assertThat(cx.generateSecret()).isEqualTo(jx.generateSecret());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhWithAPeerOnAnotherCurveIsAnInvalidKey(Door door) throws Exception {
        KeyPair mine = doors.generate(door, "EC", CitadelKeyGenParameterSpec
                .builder(new ECGenParameterSpec("secp256r1")).purposes(Purpose.AGREE).build());
        KeyAgreement citadel = KeyAgreement.getInstance("ECDH", doors.provider(door));
        citadel.init(mine.getPrivate());
        KeyPair other = TestPki.jdkEcKeys("secp384r1");
        assertThatThrownBy(() -> citadel.doPhase(other.getPublic(), true)).isInstanceOf(InvalidKeyException.class);
    }

    private CitadelSecretKey importSecret(Door door, KeyType type, Algorithm alg, byte[] bytes,
            KeyUsage... usage) throws Exception {
        PsaCrypto c = doors.crypto(door);
        int id = c.importKey(KeyAttributes.builder().type(type).usage(KeyUsage.of(usage)).algorithm(alg).build(),
                bytes);
        return CitadelKeys.secretKey(c, id);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesGcmMatchesTheJdkAndRefusesATamperedTag(Door door) throws Exception {
        byte[] keyBytes = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        CitadelSecretKey key = importSecret(door, KeyType.AES, Algorithm.GCM, keyBytes, KeyUsage.ENCRYPT,
                KeyUsage.DECRYPT);
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", doors.provider(door));
        enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        enc.updateAAD(aad);
        byte[] part = enc.update(MSG, 0, 7);
        byte[] ct = concat(part, enc.doFinal(MSG, 7, MSG.length - 7));

        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, iv));
        jdk.updateAAD(aad);
        assertThat(ct).isEqualTo(jdk.doFinal(MSG));

        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", doors.provider(door));
        dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        dec.updateAAD(aad);
        assertThat(dec.doFinal(ct)).isEqualTo(MSG);

        ct[ct.length - 1] ^= 1;
        dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        dec.updateAAD(aad);
        assertThatThrownBy(() -> dec.doFinal(ct)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> enc.doFinal(MSG)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("new GCM nonce");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aesGcmWithoutParametersDrawsANonceFromTheSpe(Door door) throws Exception {
        CitadelSecretKey key = importSecret(door, KeyType.AES, Algorithm.GCM, new byte[16], KeyUsage.ENCRYPT,
                KeyUsage.DECRYPT);
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", doors.provider(door));
        enc.init(Cipher.ENCRYPT_MODE, key);
        byte[] ct = enc.doFinal(MSG);
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), enc.getParameters());
        assertThat(enc.getIV()).hasSize(12);
        assertThat(dec.doFinal(ct)).isEqualTo(MSG);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaOaepDecryptsWhatTheJdkEncryptedWithMgf1Sha256AndALabel(Door door) throws Exception {
        KeyPair kp = doors.generate(door, "RSA", CitadelKeyGenParameterSpec.builder(2048)
                .purposes(Purpose.DECRYPT).build());
        OAEPParameterSpec spec = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified("label".getBytes(StandardCharsets.UTF_8)));
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, kp.getPublic(), spec);
        byte[] ct = jdk.doFinal(MSG);
        Cipher citadel = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", doors.provider(door));
        citadel.init(Cipher.DECRYPT_MODE, kp.getPrivate(), spec);
        assertThat(citadel.doFinal(ct)).isEqualTo(MSG);

        OAEPParameterSpec sha1Mgf = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT);
        assertThatThrownBy(() -> citadel.init(Cipher.DECRYPT_MODE, kp.getPrivate(), sha1Mgf))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
        ct[10] ^= 1;
        citadel.init(Cipher.DECRYPT_MODE, kp.getPrivate(), spec);
        assertThatThrownBy(() -> citadel.doFinal(ct)).isInstanceOf(javax.crypto.BadPaddingException.class);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hmacMatchesTheJdkWithTheSameKeyBytes(Door door) throws Exception {
        byte[] keyBytes = "an HMAC key of some length".getBytes(StandardCharsets.UTF_8);
        for (String[] c : new String[][] {{"HmacSHA256", "256"}, {"HmacSHA384", "384"}, {"HmacSHA512", "512"}}) {
            Algorithm hash = c[1].equals("256") ? Algorithm.SHA_256
                    : c[1].equals("384") ? Algorithm.SHA_384 : Algorithm.SHA_512;
            CitadelSecretKey key = importSecret(door, KeyType.HMAC, Algorithm.hmac(hash), keyBytes,
                    KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE);
            Mac citadel = Mac.getInstance(c[0], doors.provider(door));
            citadel.init(key);
            citadel.update(MSG, 0, 3);
            citadel.update(MSG, 3, MSG.length - 3);
            Mac jdk = Mac.getInstance(c[0], "SunJCE");
            jdk.init(new SecretKeySpec(keyBytes, c[0]));
            assertThat(citadel.doFinal()).as(c[0]).isEqualTo(jdk.doFinal(MSG));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void secureRandomDrawsFromTheSpe(Door door) throws Exception {
        SecureRandom r = SecureRandom.getInstance("PSA", doors.provider(door));
        byte[] a = new byte[70_000];
        byte[] b = new byte[32];
        r.nextBytes(a);
        r.nextBytes(b);
        assertThat(Arrays.copyOfRange(a, a.length - 32, a.length)).isNotEqualTo(new byte[32]).isNotEqualTo(b);
        assertThat(r.getProvider().getName()).isEqualTo("Citadel");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void persistentKeysGetTheirIdAndVolatileKeysAVendorId(Door door) throws Exception {
        KeyPair persistent = doors.generate(door, "EC", CitadelKeyGenParameterSpec
                .builder(new ECGenParameterSpec("secp256r1")).persistentId(0x1000 + door.ordinal()).build());
        CitadelKey key = (CitadelKey) persistent.getPrivate();
        assertThat(key.keyId()).isEqualTo(0x1000 + door.ordinal());
        assertThat(key.attributes().lifetime()).isEqualTo(KeyLifetime.PERSISTENT);
        CitadelKey volatileKey = (CitadelKey) doors.generate(door, "EC", 256).getPrivate();
        assertThat(volatileKey.attributes().lifetime().isVolatile()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void keyGenerationParametersOutsideTheTableAreRefused(Door door) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", doors.provider(door));
        assertThatThrownBy(() -> ec.initialize(new ECGenParameterSpec("secp256k1")))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", doors.provider(door));
        assertThatThrownBy(() -> rsa.initialize(1024)).isInstanceOf(java.security.InvalidParameterException.class);
        assertThatThrownBy(() -> rsa.initialize(CitadelKeyGenParameterSpec.builder(2048)
                .purposes(Purpose.SIGN, Purpose.DECRYPT).build()))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a == null ? new byte[0] : a, (a == null ? 0 : a.length) + b.length);
        System.arraycopy(b, 0, out, out.length - b.length, b.length);
        return out;
    }
}
