package dev.citadel.psa.attest;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoseAlgorithmTest {
    /** RFC 9053 §2.1 (table 1) and §3.1 (table 7). */
    private static final Map<CoseAlgorithm, Integer> RFC_9053 = Map.of(
            CoseAlgorithm.ES256, -7, CoseAlgorithm.ES384, -35, CoseAlgorithm.ES512, -36,
            CoseAlgorithm.HMAC_256_256, 5, CoseAlgorithm.HMAC_384_384, 6, CoseAlgorithm.HMAC_512_512, 7);

    @ParameterizedTest
    @EnumSource(CoseAlgorithm.class)
    void theIdIsRfc9053sAndLeadsBack(CoseAlgorithm a) {
        assertThat(a.id()).isEqualTo(RFC_9053.get(a));
        assertThat(CoseAlgorithm.forId(a.id())).hasValue(a);
    }

    @ParameterizedTest
    @EnumSource(value = CoseAlgorithm.class, names = {"ES256", "ES384", "ES512"})
    void anEcdsaSignatureFromTheJdkHasTheStatedSize(CoseAlgorithm a) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(a.curve()));
        Signature s = Signature.getInstance(a.jcaName());
        s.initSign(g.generateKeyPair().getPrivate());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.sign()).hasSize(a.signatureSize());
        assertThat(a.signatureSize()).isEqualTo(2 * a.coordinateSize());
        assertThat(CoseAlgorithm.forCurveBits(a.curveBits())).hasValue(a);
        assertThat(a.kind()).isEqualTo(CoseAlgorithm.Kind.ECDSA);
    }

    @ParameterizedTest
    @EnumSource(value = CoseAlgorithm.class, names = {"HMAC_256_256", "HMAC_384_384", "HMAC_512_512"})
    void aJdkMacHasTheStatedTagSize(CoseAlgorithm a) throws Exception {
        Mac m = Mac.getInstance(a.jcaName());
        m.init(new SecretKeySpec(new byte[32], a.jcaName()));
        assertThat(m.doFinal(new byte[] {1})).hasSize(a.signatureSize());
        assertThat(a.curve()).isNull();
        assertThat(a.curveBits()).isZero();
        assertThat(a.coseCurve()).isZero();
    }

    @Test
    void theCurvesAreRfc9053s() {
        assertThat(CoseAlgorithm.ES256.coseCurve()).isEqualTo(1);
        assertThat(CoseAlgorithm.ES384.coseCurve()).isEqualTo(2);
        assertThat(CoseAlgorithm.ES512.coseCurve()).isEqualTo(3);
        assertThat(CoseAlgorithm.ES512.jdkHash()).isEqualTo("SHA-512");
    }

    @Test
    void unknownIdsAndSizesGiveEmpty() {
        assertThat(CoseAlgorithm.forId(-8)).isEmpty(); // EdDSA: not a token algorithm
        assertThat(CoseAlgorithm.forId(0)).isEmpty();
        assertThat(CoseAlgorithm.forCurveBits(224)).isEmpty();
        assertThat(CoseAlgorithm.forCurveBits(0)).isEmpty();
    }
}
