package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.ED_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.ED_PUBLIC;
import static dev.citadel.itest.crypto.AsymKeys.P_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.P_PUBLIC;
import static dev.citadel.itest.crypto.AsymKeys.X_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.X_PUBLIC;
import static dev.citadel.itest.crypto.AsymKeys.assertStatus;
import static dev.citadel.itest.crypto.AsymKeys.attrs;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ECC and RSA keys in the Key Management group: formats, checks and interoperability with the JDK. */
class CryptoAsymmetricKeyTest {
    private static final Algorithm ECDSA_256 = Algorithm.ecdsa(Algorithm.SHA_256);
    private static final KeyUsage[] EXPORTABLE = {KeyUsage.EXPORT, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH};
    /** The order n of P-256. */
    private static final BigInteger P256_N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

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

    @ParameterizedTest
    @EnumSource(Door.class)
    void weierstrassPairsRoundTripOnEveryCurve(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        for (int bits : new int[] {256, 384, 521}) {
            KeyPair kp = AsymKeys.ecPair(bits);
            byte[] priv = AsymKeys.ecPrivate(kp, bits);
            int key = c.importKey(attrs(P_PAIR, 0, ECDSA_256, EXPORTABLE), priv);
            assertThat(c.getKeyAttributes(key).bits()).isEqualTo(bits);
            assertThat(c.exportKey(key)).isEqualTo(priv);
            assertThat(c.exportPublicKey(key)).isEqualTo(AsymKeys.ecPublic(kp.getPublic(), bits));
            int pub = c.importKey(attrs(P_PUBLIC, bits, ECDSA_256, KeyUsage.VERIFY_HASH),
                    AsymKeys.ecPublic(kp.getPublic(), bits));
            assertThat(c.exportKey(pub)).isEqualTo(AsymKeys.ecPublic(kp.getPublic(), bits));
            assertThat(c.exportPublicKey(pub)).isEqualTo(AsymKeys.ecPublic(kp.getPublic(), bits));
            c.destroyKey(key);
            c.destroyKey(pub);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rsaPairAndPublicKeyRoundTrip(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        KeyPair kp = AsymKeys.rsaPair(2048);
        byte[] der = AsymKeys.rsaPrivate(kp);
        int key = c.importKey(attrs(KeyType.RSA_KEY_PAIR, 2048, Algorithm.rsaPss(Algorithm.SHA_256), EXPORTABLE),
                der);
        assertThat(c.getKeyAttributes(key).bits()).isEqualTo(2048);
        assertThat(c.exportKey(key)).isEqualTo(der);
        assertThat(c.exportPublicKey(key)).isEqualTo(AsymKeys.rsaPublic(kp.getPublic()));
        int pub = c.importKey(attrs(KeyType.RSA_PUBLIC_KEY, 0, Algorithm.NONE), AsymKeys.rsaPublic(kp.getPublic()));
        assertThat(c.getKeyAttributes(pub).bits()).isEqualTo(2048);
        assertThat(c.exportKey(pub)).isEqualTo(AsymKeys.rsaPublic(kp.getPublic())); // a public key needs no EXPORT
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ed25519AndX25519RoundTripAndMatchTheJdk(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        int edKey = c.importKey(attrs(ED_PAIR, 255, Algorithm.PURE_EDDSA, KeyUsage.EXPORT),
                AsymKeys.rawPrivate25519(ed));
        assertThat(c.exportKey(edKey)).isEqualTo(AsymKeys.rawPrivate25519(ed));
        assertThat(c.exportPublicKey(edKey)).isEqualTo(AsymKeys.raw25519(ed.getPublic()));
        int edPub = c.importKey(attrs(ED_PUBLIC, 0, Algorithm.PURE_EDDSA), AsymKeys.raw25519(ed.getPublic()));
        assertThat(c.getKeyAttributes(edPub).bits()).isEqualTo(255);

        KeyPair x = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        int xKey = c.importKey(attrs(X_PAIR, 0, Algorithm.ECDH, KeyUsage.EXPORT), AsymKeys.rawPrivate25519(x));
        assertThat(c.getKeyAttributes(xKey).bits()).isEqualTo(255);
        assertThat(c.exportPublicKey(xKey)).isEqualTo(AsymKeys.raw25519(x.getPublic()));
        int xPub = c.importKey(attrs(X_PUBLIC, 255, Algorithm.ECDH), AsymKeys.raw25519(x.getPublic()));
        assertThat(c.exportKey(xPub)).isEqualTo(AsymKeys.raw25519(x.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void x25519PrivateKeysAreStoredClamped(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) 0xFF);
        int key = c.importKey(attrs(X_PAIR, 255, Algorithm.ECDH, KeyUsage.EXPORT), raw);
        byte[] clamped = raw.clone();
        clamped[0] &= (byte) 0xF8;
        clamped[31] &= 0x7F;
        clamped[31] |= 0x40;
        assertThat(c.exportKey(key)).isEqualTo(clamped);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generatedKeysHaveTheRequestedSizeAndAValidPublicPart(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        for (int bits : new int[] {256, 384, 521}) {
            int key = c.generateKey(attrs(P_PAIR, bits, ECDSA_256, KeyUsage.SIGN_HASH));
            byte[] pub = c.exportPublicKey(key);
            assertThat(pub).hasSize(1 + 2 * ((bits + 7) / 8));
            AsymKeys.jdkEcPublic(pub, bits); // the JDK accepts the point
            c.destroyKey(key);
        }
        int rsa = c.generateKey(attrs(KeyType.RSA_KEY_PAIR, 1024, Algorithm.RSA_PKCS1V15_CRYPT, KeyUsage.EXPORT));
        assertThat(c.getKeyAttributes(rsa).bits()).isEqualTo(1024);
        byte[] der = c.exportKey(rsa);
        org.bouncycastle.asn1.pkcs.RSAPrivateKey k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
        assertThat(k.getPrime1().multiply(k.getPrime2())).isEqualTo(k.getModulus());
        assertThat(k.getModulus().bitLength()).isEqualTo(1024);
        assertThat(k.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(AsymKeys.jdkRsaPublic(c.exportPublicKey(rsa))).isNotNull();
        int ed = c.generateKey(attrs(ED_PAIR, 255, Algorithm.PURE_EDDSA));
        assertThat(c.exportPublicKey(ed)).hasSize(32);
        int x = c.generateKey(attrs(X_PAIR, 255, Algorithm.ECDH));
        assertThat(c.exportPublicKey(x)).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generationRefusesPublicKeysAndUnsupportedSizes(Door door) {
        PsaCrypto c = crypto(door);
        assertStatus(() -> c.generateKey(attrs(P_PUBLIC, 256, ECDSA_256)), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.generateKey(attrs(P_PAIR, 0, ECDSA_256)), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.generateKey(attrs(P_PAIR, 224, ECDSA_256)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.generateKey(attrs(X_PAIR, 256, Algorithm.ECDH)), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.generateKey(attrs(KeyType.eccKeyPair(EccFamily.SECP_K1), 256, ECDSA_256)),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.generateKey(attrs(KeyType.RSA_KEY_PAIR, 8192, Algorithm.RSA_PKCS1V15_CRYPT)),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.generateKey(attrs(KeyType.RSA_KEY_PAIR, 2044, Algorithm.RSA_PKCS1V15_CRYPT)),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.generateKey(attrs(KeyType.RSA_KEY_PAIR, 512, Algorithm.RSA_PKCS1V15_CRYPT)),
                PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void scalarsOutsideOneToNMinusOneAreInvalid(Door door) {
        PsaCrypto c = crypto(door);
        for (BigInteger d : new BigInteger[] {BigInteger.ZERO, P256_N, P256_N.add(BigInteger.ONE)}) {
            assertStatus(() -> c.importKey(attrs(P_PAIR, 256, ECDSA_256), AsymKeys.fixed(d, 32)),
                    PsaStatus.INVALID_ARGUMENT);
        }
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        assertStatus(() -> c.importKey(attrs(P_PAIR, 256, ECDSA_256), ones), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pointsOffTheCurveOrNotUncompressedAreInvalid(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] good = AsymKeys.ecPublic(AsymKeys.ecPair(256).getPublic(), 256);
        byte[] offCurve = good.clone();
        offCurve[64] ^= 1;
        assertStatus(() -> c.importKey(attrs(P_PUBLIC, 0, ECDSA_256), offCurve), PsaStatus.INVALID_ARGUMENT);
        byte[] compressedTag = good.clone();
        compressedTag[0] = 2;
        assertStatus(() -> c.importKey(attrs(P_PUBLIC, 0, ECDSA_256), compressedTag), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(P_PUBLIC, 256, ECDSA_256), Arrays.copyOf(good, 64)),
                PsaStatus.INVALID_ARGUMENT); // even length: never 0x04 || X || Y
        byte[] bigX = good.clone();
        Arrays.fill(bigX, 1, 33, (byte) 0xFF); // X >= p
        assertStatus(() -> c.importKey(attrs(P_PUBLIC, 0, ECDSA_256), bigX), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void bitsThatDisagreeWithTheDataAreInvalidAndUnknownSizesUnsupported(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        KeyPair kp = AsymKeys.ecPair(256);
        assertStatus(() -> c.importKey(attrs(P_PAIR, 384, ECDSA_256), AsymKeys.ecPrivate(kp, 256)),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(P_PAIR, 0, ECDSA_256), new byte[28]), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.importKey(attrs(X_PAIR, 256, Algorithm.ECDH), new byte[32]), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.importKey(attrs(ED_PAIR, 255, Algorithm.PURE_EDDSA), new byte[31]),
                PsaStatus.INVALID_ARGUMENT);
        byte[] rsa = AsymKeys.rsaPrivate(AsymKeys.rsaPair(1024));
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_KEY_PAIR, 2048, Algorithm.NONE), rsa),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(KeyType.eccKeyPair(EccFamily.BRAINPOOL_P_R1), 0, ECDSA_256),
                new byte[32]), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void malformedDerIsInvalid(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] der = AsymKeys.rsaPrivate(AsymKeys.rsaPair(1024));
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, Algorithm.NONE), Arrays.copyOf(der, 100)),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, Algorithm.NONE),
                Arrays.copyOf(der, der.length + 1)), PsaStatus.INVALID_ARGUMENT); // trailing byte
        byte[] wrongQ = der.clone();
        wrongQ[wrongQ.length - 200] ^= 1; // inside p or q: p * q != n
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_KEY_PAIR, 0, Algorithm.NONE), wrongQ),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_PUBLIC_KEY, 0, Algorithm.NONE),
                HexFormat.of().parseHex("300602010102010101")), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(attrs(KeyType.RSA_PUBLIC_KEY, 0, Algorithm.NONE), new byte[] {0x30}),
                PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void exportPublicKeyNeedsRoomAndAnAsymmetricKey(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int key = c.generateKey(attrs(P_PAIR, 256, ECDSA_256, KeyUsage.SIGN_HASH));
        assertStatus(() -> c.exportPublicKey(key, new byte[64]), PsaStatus.BUFFER_TOO_SMALL);
        assertThat(c.exportPublicKey(key, new byte[100])).isEqualTo(65);
        int aes = c.importKey(attrs(KeyType.AES, 128, Algorithm.CTR, KeyUsage.ENCRYPT), new byte[16]);
        assertStatus(() -> c.exportPublicKey(aes, new byte[100]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aNonExportablePairKeepsItsPrivatePartButShowsItsPublicPart(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        int key = c.generateKey(attrs(P_PAIR, 256, ECDSA_256, KeyUsage.SIGN_HASH));
        assertStatus(() -> c.exportKey(key), PsaStatus.NOT_PERMITTED);
        assertThat(c.exportPublicKey(key)).hasSize(65);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theJdkVerifiesSpeSignaturesAndTheSpeVerifiesJdkSignatures(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] msg = "interoperate".getBytes();
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        int spePair = c.generateKey(attrs(ED_PAIR, 255, Algorithm.PURE_EDDSA, KeyUsage.SIGN_MESSAGE));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(AsymKeys.jdk25519("Ed25519", c.exportPublicKey(spePair)));
        v.update(msg);
        assertThat(v.verify(c.signMessage(spePair, Algorithm.PURE_EDDSA, msg))).isTrue();

        Signature s = Signature.getInstance("Ed25519");
        s.initSign(jdk.getPrivate());
        s.update(msg);
        int spePub = c.importKey(attrs(ED_PUBLIC, 255, Algorithm.PURE_EDDSA, KeyUsage.VERIFY_MESSAGE),
                AsymKeys.raw25519(jdk.getPublic()));
        c.verifyMessage(spePub, Algorithm.PURE_EDDSA, msg, s.sign());

        // X25519: both sides reach the same secret
        KeyPair x = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        int xKey = c.generateKey(attrs(X_PAIR, 255, Algorithm.ECDH, KeyUsage.DERIVE));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(x.getPrivate());
        ka.doPhase(AsymKeys.jdk25519("X25519", c.exportPublicKey(xKey)), true);
        assertThat(c.rawKeyAgreement(Algorithm.ECDH, xKey, AsymKeys.raw25519(x.getPublic())))
                .isEqualTo(ka.generateSecret());
    }
}
