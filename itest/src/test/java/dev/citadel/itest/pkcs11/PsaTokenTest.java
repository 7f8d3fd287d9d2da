package dev.citadel.itest.pkcs11;

import static dev.citadel.itest.pkcs11.TokenDevice.SO_PIN;
import static dev.citadel.itest.pkcs11.TokenDevice.USER_PIN;
import static dev.citadel.itest.pkcs11.TokenDevice.byLabel;
import static dev.citadel.itest.pkcs11.TokenDevice.ecPair;
import static dev.citadel.itest.pkcs11.TokenDevice.provision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
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
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The PKCS#11 token over PSA, through both doors, with signatures checked by the JDK. */
class PsaTokenTest {
    private static final byte[] MESSAGE = "to be signed".getBytes(StandardCharsets.US_ASCII);
    private static final long SLOT = PsaToken.SLOT_ID;

    @TempDir
    Path dir;

    private static long rv(ThrowingCall c) {
        try {
            c.run();
        } catch (CkException e) {
            return e.rv();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return Ckr.OK;
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] attr(Cryptoki p, long s, long o, long type) throws CkException {
        return p.getAttributes(s, o, type).get(0).value();
    }

    private static PublicKey ecPublic(byte[] ecPointDer) throws Exception {
        byte[] point = Arrays.copyOfRange(ecPointDer, 2, ecPointDer.length);
        byte[] spki = concat(HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200"), point);
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] sign(Cryptoki p, long s, long mech, MechanismParams params, long key, byte[] data)
            throws CkException {
        p.signInit(s, new CkMechanism(mech, params), key);
        byte[] out = new byte[p.sign(s, data, null)];
        int n = p.sign(s, data, out);
        return Arrays.copyOf(out, n);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdsaSignaturesVerifyWithTheJdkSingleAndMultiPart(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = ecPair(p, s, "ec", false);
            PublicKey pub = ecPublic(attr(p, s, pair[0], Cka.EC_POINT));
            Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");

            byte[] sig = sign(p, s, Ckm.ECDSA_SHA256, MechanismParams.NONE, pair[1], MESSAGE);
            jdk.initVerify(pub);
            jdk.update(MESSAGE);
            assertThat(jdk.verify(sig)).isTrue();

            p.signInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pair[1]);
            p.signUpdate(s, Arrays.copyOf(MESSAGE, 4));
            p.signUpdate(s, Arrays.copyOfRange(MESSAGE, 4, MESSAGE.length));
            byte[] out = new byte[64];
            assertThat(p.signFinal(s, out)).isEqualTo(64);
            jdk.initVerify(pub);
            jdk.update(MESSAGE);
            assertThat(jdk.verify(out)).isTrue();

            byte[] hash = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
            byte[] raw = sign(p, s, Ckm.ECDSA, MechanismParams.NONE, pair[1], hash);
            jdk.initVerify(pub);
            jdk.update(MESSAGE);
            assertThat(jdk.verify(raw)).isTrue();

            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pair[0]);
            p.verify(s, MESSAGE, sig);
            sig[5] ^= 1;
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pair[0]);
            assertThat(rv(() -> p.verify(s, MESSAGE, sig))).isEqualTo(Ckr.SIGNATURE_INVALID);
            p.verifyInit(s, CkMechanism.of(Ckm.ECDSA_SHA256), pair[0]);
            assertThat(rv(() -> p.verify(s, MESSAGE, new byte[10]))).isEqualTo(Ckr.SIGNATURE_LEN_RANGE);
        }
    }

    @Test
    void rsaPkcs1AndPssSignaturesVerifyWithTheJdk() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = p.generateKeyPair(s, CkMechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofLong(Cka.MODULUS_BITS, 2048), CkAttribute.ofBool(Cka.VERIFY, true)),
                    List.of(CkAttribute.ofBool(Cka.SIGN, true)));
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, attr(p, s, pair[0], Cka.MODULUS)),
                    new BigInteger(1, attr(p, s, pair[0], Cka.PUBLIC_EXPONENT))));
            assertThat(attr(p, s, pair[1], Cka.MODULUS)).isEqualTo(attr(p, s, pair[0], Cka.MODULUS));

            Signature v = Signature.getInstance("SHA384withRSA");
            v.initVerify(pub);
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, Ckm.SHA384_RSA_PKCS, MechanismParams.NONE, pair[1], MESSAGE))).isTrue();

            byte[] digestInfo = concat(HexFormat.of().parseHex("3031300d060960864801650304020105000420"),
                    MessageDigest.getInstance("SHA-256").digest(MESSAGE));
            v = Signature.getInstance("SHA256withRSA");
            v.initVerify(pub);
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, Ckm.RSA_PKCS, MechanismParams.NONE, pair[1], digestInfo))).isTrue();

            MechanismParams pss = new MechanismParams.RsaPss(Ckm.SHA256, Ckm.MGF1_SHA256, 32);
            v = Signature.getInstance("RSASSA-PSS");
            v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            v.initVerify(pub);
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, Ckm.SHA256_RSA_PKCS_PSS, pss, pair[1], MESSAGE))).isTrue();
            v.initVerify(pub);
            v.update(MESSAGE);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
            assertThat(v.verify(sign(p, s, Ckm.RSA_PKCS_PSS, pss, pair[1], hash))).isTrue();

            MechanismParams badSalt = new MechanismParams.RsaPss(Ckm.SHA256, Ckm.MGF1_SHA256, 20);
            assertThat(rv(() -> p.signInit(s, new CkMechanism(Ckm.SHA256_RSA_PKCS_PSS, badSalt), pair[1])))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            MechanismParams otherHash = new MechanismParams.RsaPss(Ckm.SHA384, Ckm.MGF1_SHA384, 48);
            assertThat(rv(() -> p.signInit(s, new CkMechanism(Ckm.SHA256_RSA_PKCS_PSS, otherHash), pair[1])))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            MechanismParams otherMgf = new MechanismParams.RsaPss(Ckm.SHA256, Ckm.MGF1_SHA1, 32);
            assertThat(rv(() -> p.signInit(s, new CkMechanism(Ckm.RSA_PKCS_PSS, otherMgf), pair[1])))
                    .isEqualTo(Ckr.MECHANISM_PARAM_INVALID);
            assertThat(rv(() -> p.signInit(s, CkMechanism.of(Ckm.ECDSA), pair[1])))
                    .isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ed25519WithEitherFormOfTheCurveName(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            for (byte[] params : List.of(HexFormat.of().parseHex("06032b6570"),
                    HexFormat.of().parseHex("130c656477617264733235353139"))) {
                long[] pair = p.generateKeyPair(s, CkMechanism.of(Ckm.EC_EDWARDS_KEY_PAIR_GEN),
                        List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, params)), List.of());
                byte[] point = attr(p, s, pair[0], Cka.EC_POINT);
                assertThat(point).hasSize(34).startsWith(0x04, 0x20);
                PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(
                        HexFormat.of().parseHex("302a300506032b6570032100"), Arrays.copyOfRange(point, 2, 34))));
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(pub);
                v.update(MESSAGE);
                assertThat(v.verify(sign(p, s, Ckm.EDDSA, MechanismParams.NONE, pair[1], MESSAGE))).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void tokenKeysSurviveAnSpeRestartAndAreFoundByLabel(Door door) throws Exception {
        Path dev = dir.resolve("dev");
        byte[] point;
        try (TokenDevice d = new TokenDevice(dev, door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = ecPair(p, s, "Device Priv TLS Key", true);
            point = attr(p, s, pair[0], Cka.EC_POINT);
            ecPair(p, s, "session only", false);
        }
        try (TokenDevice d = new TokenDevice(dev, door)) {
            Cryptoki p = d.app();
            long s = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            p.findObjectsInit(s, byLabel(Cko.PRIVATE_KEY, "Device Priv TLS Key"));
            assertThat(p.findObjects(s, 10)).as("private objects are hidden before login").isEmpty();
            p.findObjectsFinal(s);
            p.login(s, Ckf.USER_USER, USER_PIN);
            p.findObjectsInit(s, byLabel(Cko.PRIVATE_KEY, "Device Priv TLS Key"));
            long[] priv = p.findObjects(s, 10);
            p.findObjectsFinal(s);
            assertThat(priv).hasSize(1);
            p.findObjectsInit(s, List.of(CkAttribute.ofString(Cka.LABEL, "session only")));
            assertThat(p.findObjects(s, 10)).isEmpty();
            p.findObjectsFinal(s);
            Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
            jdk.initVerify(ecPublic(point));
            jdk.update(MESSAGE);
            assertThat(jdk.verify(sign(p, s, Ckm.ECDSA_SHA256, MechanismParams.NONE, priv[0], MESSAGE))).isTrue();
            assertThat(d.token.application() != p).isTrue();
        }
    }

    @Test
    void wrongPinsLockTheUserPinAcrossRestartsUntilTheSoResetsIt() throws Exception {
        Path dev = dir.resolve("dev");
        try (TokenDevice d = new TokenDevice(dev, Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long s = provision(p);
            p.logout(s);
            byte[] wrong = "9999".getBytes(StandardCharsets.US_ASCII);
            assertThat(rv(() -> p.login(s, Ckf.USER_USER, wrong))).isEqualTo(Ckr.PIN_INCORRECT);
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.USER_PIN_COUNT_LOW).isNotZero();
            assertThat(rv(() -> p.login(s, Ckf.USER_USER, wrong))).isEqualTo(Ckr.PIN_INCORRECT);
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.USER_PIN_FINAL_TRY).isNotZero();
            assertThat(rv(() -> p.login(s, Ckf.USER_USER, wrong))).isEqualTo(Ckr.PIN_LOCKED);
        }
        try (TokenDevice d = new TokenDevice(dev, Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long s = p.openSession(SLOT, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.USER_PIN_LOCKED).isNotZero();
            assertThat(rv(() -> p.login(s, Ckf.USER_USER, USER_PIN))).isEqualTo(Ckr.PIN_LOCKED);
            p.login(s, Ckf.USER_SO, SO_PIN);
            p.initPin(s, "5678".getBytes(StandardCharsets.US_ASCII));
            p.logout(s);
            p.login(s, Ckf.USER_USER, "5678".getBytes(StandardCharsets.US_ASCII));
            p.setPin(s, "5678".getBytes(StandardCharsets.US_ASCII), USER_PIN);
            p.logout(s);
            p.login(s, Ckf.USER_USER, USER_PIN);
            assertThat(p.getTokenInfo(SLOT).flags() & (Ckf.USER_PIN_LOCKED | Ckf.USER_PIN_COUNT_LOW)).isZero();
        }
    }

    @Test
    void anUninitialisedTokenSaysSoAndReinitialisingNeedsTheSoPinAndDestroysObjects() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.TOKEN_INITIALIZED).isZero();
            long s0 = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            assertThat(rv(() -> p.login(s0, Ckf.USER_USER, USER_PIN))).isEqualTo(Ckr.USER_PIN_NOT_INITIALIZED);
            assertThat(rv(() -> p.initToken(SLOT, SO_PIN, "x"))).isEqualTo(Ckr.SESSION_EXISTS);
            p.closeSession(s0);
            long s = provision(p);
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.TOKEN_INITIALIZED).isNotZero();
            assertThat(p.getTokenInfo(SLOT).label()).isEqualTo("test token");
            ecPair(p, s, "k", true);
            p.closeSession(s);
            assertThat(rv(() -> p.initToken(SLOT, "wrong-so".getBytes(StandardCharsets.US_ASCII), "y")))
                    .isEqualTo(Ckr.PIN_INCORRECT);
            p.initToken(SLOT, SO_PIN, "again");
            long s2 = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            p.findObjectsInit(s2, List.of());
            assertThat(p.findObjects(s2, 10)).isEmpty();
            assertThat(p.getTokenInfo(SLOT).flags() & Ckf.USER_PIN_INITIALIZED).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void getAttributeValueAnswersEveryEntry(Door door) throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = ecPair(p, s, "attrs", false);
            AttributeAnswer a = p.getAttributeValue(s, pair[1], List.of(AttributeQuery.value(Cka.VALUE),
                    AttributeQuery.value(0xCF534301L), AttributeQuery.length(Cka.LABEL),
                    new AttributeQuery(Cka.EC_PARAMS, 2), AttributeQuery.value(Cka.ALWAYS_AUTHENTICATE),
                    AttributeQuery.value(Cka.LOCAL), AttributeQuery.value(Cka.KEY_GEN_MECHANISM)));
            assertThat(a.rv()).isEqualTo(Ckr.ATTRIBUTE_SENSITIVE);
            assertThat(a.entries().get(0).length()).isEqualTo(AttributeAnswer.UNAVAILABLE);
            assertThat(a.entries().get(1).length()).isEqualTo(AttributeAnswer.UNAVAILABLE);
            assertThat(a.entries().get(2).length()).isEqualTo(5);
            assertThat(a.entries().get(3).length()).isEqualTo(AttributeAnswer.UNAVAILABLE);
            assertThat(a.entries().get(4).value().orElseThrow().asBool()).isFalse();
            assertThat(a.entries().get(5).value().orElseThrow().asBool()).isTrue();
            assertThat(a.entries().get(6).value().orElseThrow().asLong()).isEqualTo(Ckm.EC_KEY_PAIR_GEN);
            AttributeAnswer small = p.getAttributeValue(s, pair[0], List.of(new AttributeQuery(Cka.EC_POINT, 10)));
            assertThat(small.rv()).isEqualTo(Ckr.BUFFER_TOO_SMALL);
            assertThat(attr(p, s, pair[0], Cka.EC_POINT)).hasSize(67).startsWith(0x04, 0x41, 0x04);
        }
    }

    @Test
    void sessionStatesAndKeyChecksGiveTheirCodes() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long rw = provision(p);
            long ro = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            assertThat(rv(() -> ecPair(p, ro, "x", true))).isEqualTo(Ckr.SESSION_READ_ONLY);
            assertThat(rv(() -> p.openSession(SLOT, Ckf.RW_SESSION))).isEqualTo(Ckr.SESSION_PARALLEL_NOT_SUPPORTED);
            assertThat(rv(() -> p.sign(ro, MESSAGE, new byte[64]))).isEqualTo(Ckr.OPERATION_NOT_INITIALIZED);
            assertThat(rv(() -> p.getSessionInfo(12345))).isEqualTo(Ckr.SESSION_HANDLE_INVALID);
            assertThat(p.getSessionInfo(ro).state()).isEqualTo(Ckf.STATE_RO_USER);
            assertThat(rv(() -> p.login(ro, Ckf.USER_USER, USER_PIN))).isEqualTo(Ckr.USER_ALREADY_LOGGED_IN);

            long[] pair = ecPair(p, rw, "k", false);
            long noSign = p.generateKeyPair(rw, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, TokenDevice.P256)),
                    List.of(CkAttribute.ofBool(Cka.SIGN, false)))[1];
            assertThat(rv(() -> p.signInit(rw, CkMechanism.of(Ckm.ECDSA), noSign)))
                    .isEqualTo(Ckr.KEY_FUNCTION_NOT_PERMITTED);
            assertThat(rv(() -> p.signInit(rw, CkMechanism.of(Ckm.SHA256_RSA_PKCS), pair[1])))
                    .isEqualTo(Ckr.KEY_TYPE_INCONSISTENT);
            assertThat(rv(() -> p.signInit(rw, CkMechanism.of(0x9999), pair[1]))).isEqualTo(Ckr.MECHANISM_INVALID);

            p.signInit(rw, CkMechanism.of(Ckm.ECDSA_SHA256), pair[1]);
            assertThat(rv(() -> p.signInit(rw, CkMechanism.of(Ckm.ECDSA_SHA256), pair[1])))
                    .isEqualTo(Ckr.OPERATION_ACTIVE);
            try {
                p.sign(rw, MESSAGE, new byte[10]);
                throw new AssertionError("no BUFFER_TOO_SMALL");
            } catch (CkException e) {
                assertThat(e.rv()).isEqualTo(Ckr.BUFFER_TOO_SMALL);
                assertThat(e.requiredLength()).isEqualTo(64);
            }
            assertThat(p.sign(rw, MESSAGE, new byte[64])).as("the operation stayed active").isEqualTo(64);

            p.logout(rw);
            assertThat(rv(() -> p.signInit(rw, CkMechanism.of(Ckm.ECDSA), pair[1])))
                    .isEqualTo(Ckr.KEY_HANDLE_INVALID);
            assertThat(rv(() -> ecPair(p, rw, "y", false))).isEqualTo(Ckr.USER_NOT_LOGGED_IN);
            p.closeSession(ro);
            p.login(rw, Ckf.USER_SO, SO_PIN);
            assertThat(rv(() -> p.openSession(SLOT, Ckf.SERIAL_SESSION)))
                    .isEqualTo(Ckr.SESSION_READ_WRITE_SO_EXISTS);
        }
    }

    @Test
    void badTemplatesGiveTheirCodes() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki p = d.app();
            long s = provision(p);
            CkMechanism gen = CkMechanism.of(Ckm.EC_KEY_PAIR_GEN);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(), List.of()))).isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(CkAttribute.ofBytes(Cka.EC_PARAMS,
                    HexFormat.of().parseHex("06052b8104000a"))), List.of()))).isEqualTo(Ckr.CURVE_NOT_SUPPORTED);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(CkAttribute.ofBytes(Cka.EC_PARAMS,
                    TokenDevice.P256), CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY)), List.of())))
                    .isEqualTo(Ckr.TEMPLATE_INCONSISTENT);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(CkAttribute.ofBytes(Cka.EC_PARAMS,
                    TokenDevice.P256), CkAttribute.ofBool(Cka.LOCAL, true)), List.of())))
                    .isEqualTo(Ckr.ATTRIBUTE_READ_ONLY);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(CkAttribute.ofBytes(Cka.EC_PARAMS,
                    TokenDevice.P256), new CkAttribute(Cka.TOKEN, new byte[2])), List.of())))
                    .isEqualTo(Ckr.ATTRIBUTE_VALUE_INVALID);
            assertThat(rv(() -> p.generateKeyPair(s, gen, List.of(CkAttribute.ofBytes(Cka.EC_PARAMS,
                    TokenDevice.P256), CkAttribute.ofBytes(Cka.MODULUS, new byte[3])), List.of())))
                    .isEqualTo(Ckr.ATTRIBUTE_READ_ONLY);
            assertThat(rv(() -> p.createObject(s, List.of(CkAttribute.ofString(Cka.LABEL, "x")))))
                    .isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE),
                    CkAttribute.ofLong(Cka.CERTIFICATE_TYPE, Cko.CERTIFICATE_X_509)))))
                    .isEqualTo(Ckr.TEMPLATE_INCOMPLETE);
            assertThat(rv(() -> p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.DATA),
                    CkAttribute.ofBytes(Cka.MODULUS, new byte[1]))))).isEqualTo(Ckr.ATTRIBUTE_TYPE_INVALID);
            long data = p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.DATA)));
            assertThat(rv(() -> p.setAttributeValue(s, data, List.of(CkAttribute.ofBool(Cka.TOKEN, true)))))
                    .isEqualTo(Ckr.ATTRIBUTE_READ_ONLY);
            p.setAttributeValue(s, data, List.of(CkAttribute.ofString(Cka.LABEL, "renamed")));
            assertThat(attr(p, s, data, Cka.LABEL)).isEqualTo("renamed".getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void createdObjectsPersistAndDestroyLeavesNothing(Door door) throws Exception {
        Path dev = dir.resolve("dev");
        byte[] cert = new byte[900];
        Arrays.fill(cert, (byte) 0x5A);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair jdkPair = g.generateKeyPair();
        byte[] scalar = ((ECPrivateKey) jdkPair.getPrivate()).getS().toByteArray();
        try (TokenDevice d = new TokenDevice(dev, door)) {
            Cryptoki p = d.app();
            long s = provision(p);
            p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE),
                    CkAttribute.ofLong(Cka.CERTIFICATE_TYPE, Cko.CERTIFICATE_X_509),
                    CkAttribute.ofBool(Cka.TOKEN, true), CkAttribute.ofString(Cka.LABEL, "Device Cert"),
                    CkAttribute.ofBytes(Cka.VALUE, cert)));
            p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY),
                    CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_EC), CkAttribute.ofBool(Cka.TOKEN, true),
                    CkAttribute.ofString(Cka.LABEL, "imported"), CkAttribute.ofBytes(Cka.EC_PARAMS, TokenDevice.P256),
                    CkAttribute.ofBytes(Cka.VALUE, scalar)));
        }
        try (TokenDevice d = new TokenDevice(dev, door)) {
            Cryptoki p = d.app();
            long s = p.openSession(SLOT, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
            p.login(s, Ckf.USER_USER, USER_PIN);
            p.findObjectsInit(s, byLabel(Cko.CERTIFICATE, "Device Cert"));
            long[] certs = p.findObjects(s, 5);
            p.findObjectsFinal(s);
            assertThat(certs).hasSize(1);
            assertThat(attr(p, s, certs[0], Cka.VALUE)).isEqualTo(cert);
            p.findObjectsInit(s, byLabel(Cko.PRIVATE_KEY, "imported"));
            long key = p.findObjects(s, 5)[0];
            p.findObjectsFinal(s);
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(jdkPair.getPublic());
            v.update(MESSAGE);
            assertThat(v.verify(sign(p, s, Ckm.ECDSA_SHA256, MechanismParams.NONE, key, MESSAGE))).isTrue();
            p.destroyObject(s, certs[0]);
            p.destroyObject(s, key);
            assertThat(rv(() -> p.getAttributeValue(s, key, List.of(AttributeQuery.value(Cka.LABEL)))))
                    .isEqualTo(Ckr.OBJECT_HANDLE_INVALID);
        }
        try (TokenDevice d = new TokenDevice(dev, door)) {
            Cryptoki p = d.app();
            long s = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            p.login(s, Ckf.USER_USER, USER_PIN);
            p.findObjectsInit(s, List.of());
            assertThat(p.findObjects(s, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aFreeRtosCertificateLeavesTheApplicationsOwnPsAssetAtItsFixedUid(Door door) throws Exception {
        byte[] asset = "the application's own asset at PS uid 7".getBytes(StandardCharsets.US_ASCII);
        byte[] cert = new byte[300];
        Arrays.fill(cert, (byte) 0x3C);
        Path device = dir.resolve("dev");
        try (TokenDevice d = new TokenDevice(device, door)) {
            PsaPs ps = new PsaPs(d.spe.open(door));
            ps.set(7, asset, PsaPs.FLAG_NONE);
            Cryptoki p = d.app();
            long s = provision(p);
            p.createObject(s, List.of(CkAttribute.ofLong(Cka.CLASS, Cko.CERTIFICATE),
                    CkAttribute.ofLong(Cka.CERTIFICATE_TYPE, Cko.CERTIFICATE_X_509),
                    CkAttribute.ofBool(Cka.TOKEN, true), CkAttribute.ofString(Cka.LABEL, "Root Cert"),
                    CkAttribute.ofBytes(Cka.VALUE, cert)));
            assertThat(ps.get(7, 0, 100)).isEqualTo(asset);
        }
        try (TokenDevice d = new TokenDevice(device, door)) {
            Cryptoki p = d.app();
            long s = p.openSession(SLOT, Ckf.SERIAL_SESSION);
            p.login(s, Ckf.USER_USER, USER_PIN);
            p.findObjectsInit(s, byLabel(Cko.CERTIFICATE, "Root Cert"));
            long[] certs = p.findObjects(s, 5);
            p.findObjectsFinal(s);
            assertThat(certs).hasSize(1);
            assertThat(attr(p, s, certs[0], Cka.VALUE)).isEqualTo(cert);
            assertThat(new PsaPs(d.spe.open(door)).get(7, 0, 100)).isEqualTo(asset);
        }
    }

    @Test
    void manyThreadsAndSessionsGenerateAndSignAtOnce() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.SOCKET)) {
            Cryptoki p = d.app();
            provision(p);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        long s = p.openSession(SLOT, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
                        long[] pair = ecPair(p, s, "t" + thread, thread % 2 == 0);
                        PublicKey pub = ecPublic(attr(p, s, pair[0], Cka.EC_POINT));
                        int verified = 0;
                        for (int i = 0; i < 5; i++) {
                            byte[] msg = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                            byte[] sig = sign(p, s, Ckm.ECDSA_SHA256, MechanismParams.NONE, pair[1], msg);
                            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
                            v.initVerify(pub);
                            v.update(msg);
                            verified += v.verify(sig) ? 1 : 0;
                        }
                        p.closeSession(s);
                        return verified;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertThat(f.get()).isEqualTo(5);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void eachApplicationHasItsOwnInitialisationAndLogin() throws Exception {
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.FUNCTION_CALL)) {
            Cryptoki a = d.app();
            long sa = provision(a);
            Cryptoki b = d.token.application();
            assertThat(rv(() -> b.getSlotList(true))).isEqualTo(Ckr.CRYPTOKI_NOT_INITIALIZED);
            b.initialize(0);
            assertThat(rv(() -> b.initialize(0))).isEqualTo(Ckr.CRYPTOKI_ALREADY_INITIALIZED);
            long sb = b.openSession(SLOT, Ckf.SERIAL_SESSION);
            assertThat(b.getSessionInfo(sb).state()).isEqualTo(Ckf.STATE_RO_PUBLIC);
            assertThat(rv(() -> b.getSessionInfo(sa))).isEqualTo(Ckr.SESSION_HANDLE_INVALID);
            long[] sessionPair = ecPair(a, sa, "a's", false);
            b.login(sb, Ckf.USER_USER, USER_PIN);
            assertThat(rv(() -> b.getAttributeValue(sb, sessionPair[0], List.of(AttributeQuery.value(Cka.LABEL)))))
                    .as("another application's session object").isEqualTo(Ckr.OBJECT_HANDLE_INVALID);
            b.finalizeLibrary();
            assertThat(a.getSessionInfo(sa).state()).isEqualTo(Ckf.STATE_RW_USER);
            assertThat(a.getMechanismList(SLOT)).contains(Ckm.ECDSA, Ckm.EDDSA, Ckm.SHA256_RSA_PKCS_PSS);
            assertThat(a.getMechanismInfo(SLOT, Ckm.EC_KEY_PAIR_GEN).maxKeySize()).isEqualTo(521);
            byte[] random = new byte[40];
            a.generateRandom(sa, random);
            assertThat(random).isNotEqualTo(new byte[40]);
            assertThat(rv(() -> a.seedRandom(sa, new byte[4]))).isEqualTo(Ckr.RANDOM_SEED_NOT_SUPPORTED);
        }
    }
}
