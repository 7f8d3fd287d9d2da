package dev.citadel.itest.crypto;

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
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsymEncrypt group: RSA OAEP and PKCS#1 v1.5, against the JDK's RSA ciphers. */
class CryptoAsymmetricEncryptTest {
    private static final byte[] MSG = "secret for the device".getBytes();
    private static final byte[] LABEL = "label".getBytes();
    private static final Algorithm OAEP = Algorithm.rsaOaep(Algorithm.SHA_256);
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

    private static Cipher jdkOaep(int mode, java.security.Key key, byte[] label) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified(label)));
        return c;
    }

    private int pair(PsaCrypto c, Algorithm alg, KeyUsage... usage) throws Exception {
        return c.importKey(attrs(KeyType.RSA_KEY_PAIR, 2048, alg, usage), AsymKeys.rsaPrivate(rsa));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void oaepWithALabelInteroperatesWithTheJdk(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = pair(c, OAEP, KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        byte[] ct = c.asymmetricEncrypt(key, OAEP, MSG, LABEL);
        assertThat(ct).hasSize(256);
        assertThat(jdkOaep(Cipher.DECRYPT_MODE, rsa.getPrivate(), LABEL).doFinal(ct)).isEqualTo(MSG);
        byte[] jdkCt = jdkOaep(Cipher.ENCRYPT_MODE, rsa.getPublic(), LABEL).doFinal(MSG);
        assertThat(c.asymmetricDecrypt(key, OAEP, jdkCt, LABEL)).isEqualTo(MSG);
        assertStatus(() -> c.asymmetricDecrypt(key, OAEP, jdkCt, null), PsaStatus.INVALID_PADDING);
        byte[] noLabel = jdkOaep(Cipher.ENCRYPT_MODE, rsa.getPublic(), new byte[0]).doFinal(MSG);
        assertThat(c.asymmetricDecrypt(key, OAEP, noLabel, null)).isEqualTo(MSG);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void pkcs1v15InteroperatesWithTheJdkAndTakesNoSalt(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        Algorithm alg = Algorithm.RSA_PKCS1V15_CRYPT;
        int key = pair(c, alg, KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        int pub = c.importKey(attrs(KeyType.RSA_PUBLIC_KEY, 0, alg, KeyUsage.ENCRYPT, KeyUsage.DECRYPT),
                AsymKeys.rsaPublic(rsa.getPublic()));
        Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        jdk.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        assertThat(jdk.doFinal(c.asymmetricEncrypt(pub, alg, MSG, null))).isEqualTo(MSG);
        jdk.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        assertThat(c.asymmetricDecrypt(key, alg, jdk.doFinal(MSG), null)).isEqualTo(MSG);
        assertStatus(() -> c.asymmetricEncrypt(key, alg, MSG, LABEL), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.asymmetricDecrypt(pub, alg, new byte[256], null), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void badCiphertextsAndInputs(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = pair(c, OAEP, KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        byte[] ct = c.asymmetricEncrypt(key, OAEP, MSG, null);
        ct[100] ^= 1;
        assertStatus(() -> c.asymmetricDecrypt(key, OAEP, ct, null), PsaStatus.INVALID_PADDING);
        assertStatus(() -> c.asymmetricDecrypt(key, OAEP, new byte[255], null), PsaStatus.INVALID_ARGUMENT);
        byte[] aboveModulus = new byte[256];
        java.util.Arrays.fill(aboveModulus, (byte) 0xFF);
        assertStatus(() -> c.asymmetricDecrypt(key, OAEP, aboveModulus, null), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.asymmetricEncrypt(key, OAEP, new byte[256 - 2 * 32 - 1], null),
                PsaStatus.INVALID_ARGUMENT); // one byte too long for OAEP-SHA-256
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void policyIsEnforced(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int encryptOnly = pair(c, OAEP, KeyUsage.ENCRYPT);
        byte[] ct = c.asymmetricEncrypt(encryptOnly, OAEP, MSG, null);
        assertStatus(() -> c.asymmetricDecrypt(encryptOnly, OAEP, ct, null), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.asymmetricEncrypt(encryptOnly, Algorithm.RSA_PKCS1V15_CRYPT, MSG, null),
                PsaStatus.NOT_PERMITTED);
        assertStatus(() -> other.asymmetricEncrypt(encryptOnly, OAEP, MSG, null), PsaStatus.INVALID_HANDLE);
    }
}
