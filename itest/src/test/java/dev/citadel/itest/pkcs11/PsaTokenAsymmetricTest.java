package dev.citadel.itest.pkcs11;

import static dev.citadel.itest.pkcs11.PsaTokenChecks.attr;
import static dev.citadel.itest.pkcs11.PsaTokenChecks.decrypt;
import static dev.citadel.itest.pkcs11.PsaTokenChecks.encrypt;
import static dev.citadel.itest.pkcs11.PsaTokenChecks.mechanisms;
import static dev.citadel.itest.pkcs11.PsaTokenChecks.rv;
import static dev.citadel.itest.pkcs11.PsaTokenChecks.sign;
import static dev.citadel.itest.pkcs11.TokenDevice.P256;
import static dev.citadel.itest.pkcs11.TokenDevice.provision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.MechanismParams;
import dev.citadel.pkcs11.token.PsaToken;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RSA encryption, ECDH, key import, CKA_PUBLIC_KEY_INFO, object sizes and the larger curves, through both doors,
 * each result checked by the JDK.
 */
class PsaTokenAsymmetricTest {
    private static final byte[] MESSAGE = "secret for the token".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "oaep label".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] P384 = HexFormat.of().parseHex("06052b81040022");
    private static final byte[] P521 = HexFormat.of().parseHex("06052b81040023");
    private static KeyPair rsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
    }

    private static byte[] mag(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static long importRsaPrivate(Cryptoki p, long s, CkAttribute... more) throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) rsa.getPrivate();
        List<CkAttribute> t = new ArrayList<>(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY),
                CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_RSA), CkAttribute.ofBytes(Cka.MODULUS, mag(k.getModulus())),
                CkAttribute.ofBytes(Cka.PUBLIC_EXPONENT, mag(k.getPublicExponent())),
                CkAttribute.ofBytes(Cka.PRIVATE_EXPONENT, mag(k.getPrivateExponent())),
                CkAttribute.ofBytes(Cka.PRIME_1, mag(k.getPrimeP())), CkAttribute.ofBytes(Cka.PRIME_2,
                        mag(k.getPrimeQ())), CkAttribute.ofBytes(Cka.EXPONENT_1, mag(k.getPrimeExponentP())),
                CkAttribute.ofBytes(Cka.EXPONENT_2, mag(k.getPrimeExponentQ())),
                CkAttribute.ofBytes(Cka.COEFFICIENT, mag(k.getCrtCoefficient()))));
        t.addAll(List.of(more));
        return p.createObject(s, t);
    }

    private static long importRsaPublic(Cryptoki p, long s, CkAttribute... more) throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) rsa.getPrivate();
        List<CkAttribute> t = new ArrayList<>(List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PUBLIC_KEY),
                CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_RSA), CkAttribute.ofBytes(Cka.MODULUS, mag(k.getModulus())),
                CkAttribute.ofBytes(Cka.PUBLIC_EXPONENT, mag(k.getPublicExponent()))));
        t.addAll(List.of(more));
        return p.createObject(s, t);
    }

    private static PublicKey spki(Cryptoki p, long s, long o, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(
                attr(p, s, o, Cka.PUBLIC_KEY_INFO)));
    }

    private static Cipher jdkOaep(int mode, java.security.Key key, String hash, byte[] label) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        MGF1ParameterSpec mgf = hash.equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
        c.init(mode, key, new OAEPParameterSpec(hash, "MGF1", mgf, new PSource.PSpecified(label)));
        return c;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaOaepAndPkcs1EncryptionInteroperateWithTheJdk(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long dec = importRsaPrivate(p, s, CkAttribute.ofBool(Cka.DECRYPT, true), CkAttribute.ofBool(Cka.SIGN,
                    false));
            long enc = importRsaPublic(p, s, CkAttribute.ofBool(Cka.ENCRYPT, true), CkAttribute.ofBool(Cka.VERIFY,
                    false));
            CkMechanism oaep256 = new CkMechanism(Ckm.RSA_PKCS_OAEP, new MechanismParams.RsaOaep(Ckm.SHA256,
                    Ckm.MGF1_SHA256, Ckm.OAEP_SOURCE_DATA_SPECIFIED, LABEL));
            CkMechanism pkcs1 = CkMechanism.of(Ckm.RSA_PKCS);

            byte[] ct = encrypt(p, s, oaep256, enc, MESSAGE);
            assertThat(ct).hasSize(256);
            assertThat(jdkOaep(Cipher.DECRYPT_MODE, rsa.getPrivate(), "SHA-256", LABEL).doFinal(ct))
                    .isEqualTo(MESSAGE);
            byte[] jdkCt = jdkOaep(Cipher.ENCRYPT_MODE, rsa.getPublic(), "SHA-256", LABEL).doFinal(MESSAGE);
            assertThat(decrypt(p, s, oaep256, dec, jdkCt)).isEqualTo(MESSAGE);

            Cipher jdkPkcs1 = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            jdkPkcs1.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
            assertThat(jdkPkcs1.doFinal(encrypt(p, s, pkcs1, enc, MESSAGE))).isEqualTo(MESSAGE);
            jdkPkcs1.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
            byte[] jdkPkcs1Ct = jdkPkcs1.doFinal(MESSAGE);
            p.decryptInit(s, pkcs1, dec);
            assertThat(p.decrypt(s, jdkPkcs1Ct, null)).isEqualTo(256);
            PsaTokenChecks.assertTooSmall(() -> p.decrypt(s, jdkPkcs1Ct, new byte[5]), MESSAGE.length);
            byte[] out = new byte[MESSAGE.length];
            assertThat(p.decrypt(s, jdkPkcs1Ct, out)).isEqualTo(MESSAGE.length);
            assertThat(out).isEqualTo(MESSAGE);

            // OAEP with SHA-1 needs keys whose allowed mechanisms leave room for it in the PSA policy
            CkMechanism oaep1 = new CkMechanism(Ckm.RSA_PKCS_OAEP, new MechanismParams.RsaOaep(Ckm.SHA_1,
                    Ckm.MGF1_SHA1, Ckm.OAEP_SOURCE_DATA_SPECIFIED, new byte[0]));
            assertThat(rv(() -> p.decryptInit(s, oaep1, dec))).isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
            CkAttribute onlyOaep = CkAttribute.ofBytes(Cka.ALLOWED_MECHANISMS, mechanisms(Ckm.RSA_PKCS_OAEP));
            long dec1 = importRsaPrivate(p, s, CkAttribute.ofBool(Cka.DECRYPT, true), onlyOaep);
            long enc1 = importRsaPublic(p, s, CkAttribute.ofBool(Cka.ENCRYPT, true), onlyOaep);
            assertThat(jdkOaep(Cipher.DECRYPT_MODE, rsa.getPrivate(), "SHA-1", new byte[0])
                    .doFinal(encrypt(p, s, oaep1, enc1, MESSAGE))).isEqualTo(MESSAGE);
            assertThat(decrypt(p, s, oaep1, dec1, jdkOaep(Cipher.ENCRYPT_MODE, rsa.getPublic(), "SHA-1",
                    new byte[0]).doFinal(MESSAGE))).isEqualTo(MESSAGE);
            assertThat(decrypt(p, s, oaep256, dec1, jdkCt)).isEqualTo(MESSAGE);
            assertThat(rv(() -> p.decryptInit(s, pkcs1, dec1))).isEqualTo(Ckr.MECHANISM_INVALID);

            // errors
            for (MechanismParams bad : List.of(
                    new MechanismParams.RsaOaep(Ckm.SHA256, Ckm.MGF1_SHA1, Ckm.OAEP_SOURCE_DATA_SPECIFIED, LABEL),
                    new MechanismParams.RsaOaep(Ckm.SHA256, Ckm.MGF1_SHA256, 2, LABEL),
                    new MechanismParams.RsaOaep(Ckm.ECDSA, Ckm.MGF1_SHA256, Ckm.OAEP_SOURCE_DATA_SPECIFIED, LABEL),
                    MechanismParams.NONE)) {
                assertThat(rv(() -> p.encryptInit(s, new CkMechanism(Ckm.RSA_PKCS_OAEP, bad), enc)))
                        .as(bad.toString()).isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            }
            assertThat(rv(() -> p.encryptInit(s, pkcs1, dec))).isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            assertThat(rv(() -> p.decryptInit(s, pkcs1, enc))).isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.SHA256_RSA_PKCS), dec)))
                    .isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
            p.decryptInit(s, oaep256, dec);
            assertThat(rv(() -> p.decrypt(s, new byte[255], new byte[256]))).isEqualTo(Ckr.ENCRYPTED_DATA_LEN_RANGE);
            byte[] corrupt = jdkCt.clone();
            corrupt[100] ^= 1;
            p.decryptInit(s, oaep256, dec);
            assertThat(rv(() -> p.decrypt(s, corrupt, new byte[256]))).isEqualTo(Ckr.ENCRYPTED_DATA_INVALID);
            p.encryptInit(s, oaep256, enc);
            assertThat(rv(() -> p.encrypt(s, new byte[256 - 2 * 32 - 1], new byte[256])))
                    .isEqualTo(Ckr.DATA_LEN_RANGE);
            p.encryptInit(s, pkcs1, enc);
            assertThat(rv(() -> p.encryptUpdate(s, MESSAGE, new byte[256]))).isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void importedRsaKeysSignAndVerifyWithTheJdk(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long priv = importRsaPrivate(p, s);
            long pub = importRsaPublic(p, s);
            Signature jdk = Signature.getInstance("SHA256withRSA");
            jdk.initVerify(rsa.getPublic());
            jdk.update(MESSAGE);
            assertThat(jdk.verify(sign(p, s, CkMechanism.of(Ckm.SHA256_RSA_PKCS), priv, MESSAGE))).isTrue();
            assertThat(spki(p, s, priv, "RSA")).isEqualTo(rsa.getPublic());
            assertThat(spki(p, s, pub, "RSA")).isEqualTo(rsa.getPublic());

            jdk.initSign(rsa.getPrivate());
            jdk.update(MESSAGE);
            byte[] sig = jdk.sign();
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_RSA_PKCS), pub);
            p.verify(s, MESSAGE, sig);
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_RSA_PKCS), pub);
            p.verifyUpdate(s, Arrays.copyOf(MESSAGE, 6));
            p.verifyUpdate(s, Arrays.copyOfRange(MESSAGE, 6, MESSAGE.length));
            p.verifyFinal(s, sig);
            p.verifyInit(s, CkMechanism.of(Ckm.SHA256_RSA_PKCS), pub);
            p.verifyUpdate(s, MESSAGE);
            p.verifyUpdate(s, MESSAGE);
            assertThat(rv(() -> p.verifyFinal(s, sig))).isEqualTo(Ckr.SIGNATURE_INVALID);
            assertThat(rv(() -> importRsaPrivate(p, s, CkAttribute.ofBytes(Cka.PUBLIC_KEY_INFO, new byte[] {1}))))
                    .isEqualTo(Ckr.TEMPLATE_INCONSISTENT);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecPublicKeyImportVerifiesJdkSignatures(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair jdkPair = g.generateKeyPair();
            byte[] encoded = jdkPair.getPublic().getEncoded();
            byte[] point = Arrays.copyOfRange(encoded, encoded.length - 65, encoded.length);
            long pub = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PUBLIC_KEY),
                    CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_EC), CkAttribute.ofBytes(Cka.EC_PARAMS, P256),
                    CkAttribute.ofBytes(Cka.EC_POINT, PsaTokenChecks.concat(new byte[] {4, 65}, point))));
            assertThat(attr(p, s, pub, Cka.PUBLIC_KEY_INFO)).isEqualTo(encoded);
            Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
            jdk.initSign(jdkPair.getPrivate());
            jdk.update(MESSAGE);
            byte[] sig = jdk.sign();
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pub);
            p.verify(s, MESSAGE, sig);
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pub);
            p.verifyUpdate(s, Arrays.copyOf(MESSAGE, 1));
            p.verifyUpdate(s, Arrays.copyOfRange(MESSAGE, 1, MESSAGE.length));
            p.verifyFinal(s, sig);
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA), pub);
            p.verify(s, MessageDigest.getInstance("SHA-256").digest(MESSAGE), sig);
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA), pub);
            assertThat(rv(() -> p.verify(s, MessageDigest.getInstance("SHA-256").digest(sig), sig)))
                    .isEqualTo(Ckr.SIGNATURE_INVALID);
            assertThat(rv(() -> attr(p, s, pub, Cka.VALUE))).isEqualTo(Ckr.ATTRIBUTE_TYPE_INVALID);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhSharedSecretEqualsTheJdkKeyAgreement(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = p.generateKeyPair(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, P256)),
                    List.of(CkAttribute.ofBool(Cka.DERIVE, true)));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair peer = g.generateKeyPair();
            byte[] encoded = peer.getPublic().getEncoded();
            byte[] point = Arrays.copyOfRange(encoded, encoded.length - 65, encoded.length);
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(peer.getPrivate());
            ka.doPhase(spki(p, s, pair[0], "EC"), true);
            byte[] shared = ka.generateSecret();

            CkMechanism raw = new CkMechanism(Ckm.ECDH1_DERIVE, new MechanismParams.Ecdh1Derive(Ckm.KDF_NULL,
                    new byte[0], point));
            long secret = p.deriveKey(s, raw, pair[1], List.of(CkAttribute.ofLong(Cka.CLASS, Cko.SECRET_KEY),
                    CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_GENERIC_SECRET), CkAttribute.ofLong(Cka.VALUE_LEN, 32),
                    CkAttribute.ofBool(Cka.SENSITIVE, false), CkAttribute.ofBool(Cka.EXTRACTABLE, true)));
            assertThat(attr(p, s, secret, Cka.VALUE)).isEqualTo(shared);
            assertThat(attr(p, s, secret, Cka.LOCAL)).containsExactly(0);

            // the point as a DER OCTET STRING; an AES key of the secret's last 16 bytes, checked by encrypting
            CkMechanism der = new CkMechanism(Ckm.ECDH1_DERIVE, new MechanismParams.Ecdh1Derive(Ckm.KDF_NULL,
                    new byte[0], PsaTokenChecks.concat(new byte[] {4, 65}, point)));
            long aes = p.deriveKey(s, der, pair[1], List.of(CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_AES),
                    CkAttribute.ofLong(Cka.VALUE_LEN, 16)));
            assertThat(rv(() -> attr(p, s, aes, Cka.VALUE))).isEqualTo(Ckr.ATTRIBUTE_SENSITIVE);
            byte[] nonce = new byte[12];
            byte[] ct = encrypt(p, s, new CkMechanism(Ckm.AES_GCM, new MechanismParams.Gcm(nonce, 96, new byte[0],
                    128)), aes, MESSAGE);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Arrays.copyOfRange(shared, 16, 32), "AES"),
                    new GCMParameterSpec(128, nonce));
            assertThat(c.doFinal(ct)).isEqualTo(MESSAGE);

            // a key that derives still signs: ECDSA on a hash of a known length
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(spki(p, s, pair[0], "EC"));
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, CkMechanism.of(Ckm.ECDSA), pair[1],
                    MessageDigest.getInstance("SHA-256").digest(MESSAGE)))).isTrue();

            List<CkAttribute> generic = List.of(CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_GENERIC_SECRET),
                    CkAttribute.ofLong(Cka.VALUE_LEN, 16));
            assertThat(rv(() -> p.deriveKey(s, raw, pair[1], List.of(CkAttribute.ofLong(Cka.KEY_TYPE,
                    Cko.KEY_AES))))).isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.deriveKey(s, raw, pair[1], List.of(CkAttribute.ofLong(Cka.VALUE_LEN, 16)))))
                    .isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.deriveKey(s, raw, pair[1], List.of(CkAttribute.ofLong(Cka.KEY_TYPE,
                    Cko.KEY_GENERIC_SECRET), CkAttribute.ofLong(Cka.VALUE_LEN, 33)))))
                    .isEqualTo(Ckr.ATTRIBUTE_VALUE_INVALID);
            assertThat(rv(() -> p.deriveKey(s, raw, pair[1], List.of(CkAttribute.ofLong(Cka.KEY_TYPE,
                    Cko.KEY_RSA), CkAttribute.ofLong(Cka.VALUE_LEN, 16))))).isEqualTo(Ckr.TEMPLATE_INCONSISTENT);
            assertThat(rv(() -> p.deriveKey(s, new CkMechanism(Ckm.ECDH1_DERIVE, new MechanismParams.Ecdh1Derive(
                    2, new byte[0], point)), pair[1], generic))).isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.deriveKey(s, new CkMechanism(Ckm.ECDH1_DERIVE, new MechanismParams.Ecdh1Derive(
                    Ckm.KDF_NULL, new byte[0], Arrays.copyOf(point, 33))), pair[1], generic)))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            byte[] offCurve = point.clone();
            offCurve[64] ^= 1;
            assertThat(rv(() -> p.deriveKey(s, new CkMechanism(Ckm.ECDH1_DERIVE, new MechanismParams.Ecdh1Derive(
                    Ckm.KDF_NULL, new byte[0], offCurve)), pair[1], generic))).isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.deriveKey(s, CkMechanism.of(Ckm.ECDH1_DERIVE), pair[1], generic)))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.deriveKey(s, raw, pair[0], generic))).isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            assertThat(rv(() -> p.deriveKey(s, raw, aes, generic))).isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            long[] signOnly = TokenDevice.ecPair(p, s, "sign only", false);
            assertThat(rv(() -> p.deriveKey(s, raw, signOnly[1], generic)))
                    .isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void largerCurvesSignForTheJdkAndPublicKeyInfoIsTheSpki(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            for (Object[] c : new Object[][] {{P384, Ckm.ECDSA_SHA384, "SHA384withECDSAinP1363Format", 96},
                    {P521, Ckm.ECDSA_SHA512, "SHA512withECDSAinP1363Format", 132}}) {
                long[] pair = p.generateKeyPair(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                        List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, (byte[]) c[0])), List.of());
                PublicKey pub = spki(p, s, pair[0], "EC");
                assertThat(attr(p, s, pair[1], Cka.PUBLIC_KEY_INFO)).isEqualTo(pub.getEncoded());
                byte[] sig = sign(p, s, CkMechanism.of((Long) c[1]), pair[1], MESSAGE);
                assertThat(sig).hasSize((Integer) c[3]);
                Signature v = Signature.getInstance((String) c[2]);
                v.initVerify(pub);
                v.update(MESSAGE);
                assertThat(v.verify(sig)).isTrue();
            }
            long[] ed = p.generateKeyPair(s, CkMechanism.of(Ckm.EC_EDWARDS_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, HexFormat.of().parseHex("06032b6570"))), List.of());
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(spki(p, s, ed[1], "Ed25519"));
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, CkMechanism.of(Ckm.EDDSA), ed[1], MESSAGE))).isTrue();
            assertThat(rv(() -> p.generateKeyPair(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, P256), CkAttribute.ofBytes(Cka.PUBLIC_KEY_INFO,
                            new byte[0])), List.of()))).isEqualTo(Ckr.ATTRIBUTE_READ_ONLY);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void objectSizeCountsTheStoredAttributes(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long small = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.DATA),
                    CkAttribute.ofBytes(Cka.VALUE, new byte[10])));
            long big = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.DATA),
                    CkAttribute.ofBytes(Cka.VALUE, new byte[1000]), CkAttribute.ofBool(Cka.TOKEN, true)));
            long cert = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE),
                    CkAttribute.ofLong(Cka.CERTIFICATE_TYPE, Cko.CERTIFICATE_X_509),
                    CkAttribute.ofString(Cka.LABEL, "Device Cert"), CkAttribute.ofBool(Cka.TOKEN, true),
                    CkAttribute.ofBytes(Cka.VALUE, new byte[700])));
            assertThat(p.getObjectSize(s, small)).isGreaterThan(10);
            assertThat(p.getObjectSize(s, big) - p.getObjectSize(s, small)).isGreaterThanOrEqualTo(990);
            assertThat(p.getObjectSize(s, cert)).as("a value kept apart counts").isGreaterThan(700);
            assertThat(rv(() -> p.getObjectSize(s, 0x7777))).isEqualTo(Ckr.OBJECT_HANDLE_INVALID);
        }
    }

    @Test
    void everyMechanismIsListedOnceWithItsUnitedFlags() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long[] list = p.getMechanismList(PsaToken.SLOT_ID);
            assertThat(list).doesNotHaveDuplicates().contains(Ckm.SHA256, Ckm.SHA384, Ckm.SHA512, Ckm.SHA256_HMAC,
                    Ckm.SHA384_HMAC, Ckm.SHA512_HMAC, Ckm.GENERIC_SECRET_KEY_GEN, Ckm.AES_KEY_GEN, Ckm.AES_GCM,
                    Ckm.AES_CBC_PAD, Ckm.RSA_PKCS_OAEP, Ckm.ECDH1_DERIVE, Ckm.RSA_PKCS);
            CkInfo.Mechanism rsaPkcs = p.getMechanismInfo(PsaToken.SLOT_ID, Ckm.RSA_PKCS);
            // CKF_HW on every mechanism: the SPE performs it.
            assertThat(rsaPkcs.flags()).isEqualTo(Ckf.HW | Ckf.SIGN | Ckf.VERIFY | Ckf.ENCRYPT | Ckf.DECRYPT);
            assertThat(p.getMechanismInfo(PsaToken.SLOT_ID, Ckm.AES_KEY_GEN))
                    .isEqualTo(new CkInfo.Mechanism(16, 32, Ckf.HW | Ckf.GENERATE));
            assertThat(p.getMechanismInfo(PsaToken.SLOT_ID, Ckm.SHA256).flags()).isEqualTo(Ckf.HW | Ckf.DIGEST);
            assertThat(rv(() -> p.getMechanismInfo(PsaToken.SLOT_ID, Ckm.AES_ECB))).isEqualTo(Ckr.MECHANISM_INVALID);
        }
    }
}
