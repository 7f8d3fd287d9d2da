package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelKeyGenParameterSpec;
import dev.citadel.jca.CitadelKeyGenParameterSpec.Purpose;
import dev.citadel.jca.CitadelProvider;
import java.security.KeyPair;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JCA's delayed provider selection with Citadel installed first and appended last: {@code getInstance} without a
 * provider signs a Citadel key in the SPE and a JDK key in the JDK, and the JDK verifies both.
 */
class DelayedSelectionTest {
    private static JcaDoors doors;
    private static KeyPair citadelEc;
    private static KeyPair citadelRsa;
    private static KeyPair citadelEcdh;

    @BeforeAll
    static void start() throws Exception {
        doors = new JcaDoors();
        citadelEc = doors.generate(Door.FUNCTION_CALL, "EC", new ECGenParameterSpec("secp256r1"));
        citadelRsa = doors.generate(Door.FUNCTION_CALL, "RSA", 2048);
        citadelEcdh = doors.generate(Door.FUNCTION_CALL, "EC", CitadelKeyGenParameterSpec
                .builder(new ECGenParameterSpec("secp256r1")).purposes(Purpose.AGREE).build());
    }

    @AfterAll
    static void stop() {
        doors.close();
    }

    @AfterEach
    void uninstall() {
        Security.removeProvider(CitadelProvider.NAME);
    }

    private static void install(int position) {
        CitadelProvider p = doors.provider(Door.FUNCTION_CALL);
        if (position == 1) {
            Security.insertProviderAt(p, 1);
        } else {
            Security.addProvider(p);
        }
    }

    private static String signedBy(String alg, java.security.PrivateKey key, java.security.PublicKey pub,
            java.security.spec.AlgorithmParameterSpec params) throws Exception {
        byte[] msg = "delayed selection".getBytes();
        // Parameters go after the key: a setParameter before it makes the JCA choose a provider without the key.
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        if (params != null) {
            s.setParameter(params);
        }
        s.update(msg);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        if (params != null) {
            v.setParameter(params);
        }
        v.update(msg);
        assertThat(v.verify(sig)).isTrue();
        assertThat(v.getProvider().getName()).isNotEqualTo(CitadelProvider.NAME);
        return s.getProvider().getName();
    }

    @ParameterizedTest(name = "Citadel at {0}")
    @ValueSource(ints = {1, -1})
    void ecdsaPicksCitadelForCitadelKeysAndSunEcForJdkKeys(int position) throws Exception {
        install(position);
        KeyPair jdk = TestPki.jdkEcKeys("secp256r1");
        assertThat(signedBy("SHA256withECDSA", citadelEc.getPrivate(), citadelEc.getPublic(), null))
                .isEqualTo("Citadel");
        assertThat(signedBy("SHA256withECDSA", jdk.getPrivate(), jdk.getPublic(), null)).isEqualTo("SunEC");
    }

    @ParameterizedTest(name = "Citadel at {0}")
    @ValueSource(ints = {1, -1})
    void rsaAndPssPickCitadelForCitadelKeysAndSunRsaSignForJdkKeys(int position) throws Exception {
        install(position);
        KeyPair jdk = TestPki.jdkRsaKeys(2048);
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        assertThat(signedBy("SHA256withRSA", citadelRsa.getPrivate(), citadelRsa.getPublic(), null))
                .isEqualTo("Citadel");
        assertThat(signedBy("RSASSA-PSS", citadelRsa.getPrivate(), citadelRsa.getPublic(), pss)).isEqualTo("Citadel");
        assertThat(signedBy("SHA256withRSA", jdk.getPrivate(), jdk.getPublic(), null)).isEqualTo("SunRsaSign");
        assertThat(signedBy("RSASSA-PSS", jdk.getPrivate(), jdk.getPublic(), pss)).isEqualTo("SunRsaSign");
    }

    @ParameterizedTest(name = "Citadel at {0}")
    @ValueSource(ints = {1, -1})
    void ecdhPicksCitadelForCitadelKeysOnly(int position) throws Exception {
        install(position);
        KeyPair jdk = TestPki.jdkEcKeys("secp256r1");
        KeyAgreement mine = KeyAgreement.getInstance("ECDH");
        mine.init(citadelEcdh.getPrivate());
        mine.doPhase(jdk.getPublic(), true);
        KeyAgreement theirs = KeyAgreement.getInstance("ECDH");
        theirs.init(jdk.getPrivate());
        theirs.doPhase(citadelEcdh.getPublic(), true);
        assertThat(mine.generateSecret()).isEqualTo(theirs.generateSecret());
        assertThat(mine.getProvider().getName()).isEqualTo("Citadel");
        assertThat(theirs.getProvider().getName()).isEqualTo("SunEC");
    }
}
