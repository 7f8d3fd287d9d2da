package dev.citadel.psa.names;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import java.security.AlgorithmParameters;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CurveNameTest {
    /** COSE Elliptic Curves, RFC 9053 §7.1 (table 18). */
    private static final Map<CurveName, Integer> RFC_9053_CRV = Map.of(
            CurveName.SECP256R1, 1, CurveName.SECP384R1, 2, CurveName.SECP521R1, 3, CurveName.X25519, 4,
            CurveName.ED25519, 6);

    /** {@code PSA_ECC_FAMILY_*} values from the PSA Crypto API 1.2, §9.6. */
    private static final Map<CurveName, Integer> PSA_FAMILY = Map.of(
            CurveName.SECP256R1, 0x12, CurveName.SECP384R1, 0x12, CurveName.SECP521R1, 0x12, CurveName.X25519,
            0x41, CurveName.ED25519, 0x42);

    @ParameterizedTest
    @EnumSource(value = CurveName.class, names = {"SECP256R1", "SECP384R1", "SECP521R1"})
    void aWeierstrassCurvesDerOidIsTheJdksEncodingOfItsParameters(CurveName c) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(c.jcaName()));
        assertThat(c.derOid()).isEqualTo(p.getEncoded());
        assertThat(p.getParameterSpec(ECGenParameterSpec.class).getName()).isEqualTo(c.oid());
    }

    @ParameterizedTest
    @EnumSource(value = CurveName.class, names = {"SECP256R1", "SECP384R1", "SECP521R1"})
    void aWeierstrassCurvesSizeIsTheJdksFieldAndOrderSize(CurveName c) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(c.jcaName()));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        assertThat(spec.getCurve().getField().getFieldSize()).isEqualTo(c.bits());
        assertThat(spec.getOrder().bitLength()).isEqualTo(c.bits());
        assertThat(c.fieldBytes()).isEqualTo((spec.getCurve().getField().getFieldSize() + 7) / 8);
        assertThat(c.isWeierstrass()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CurveName.class, names = {"X25519", "ED25519"})
    void anRfc8410CurvesDerOidIsTheAlgorithmOfTheJdksPublicKeys(CurveName c) throws Exception {
        byte[] spki = KeyPairGenerator.getInstance(c.jcaName()).generateKeyPair().getPublic().getEncoded();
        // SEQUENCE { SEQUENCE { OID }, BIT STRING { 0, key } } with short lengths
        assertThat(spki[2]).isEqualTo((byte) 0x30);
        byte[] oid = Arrays.copyOfRange(spki, 4, 4 + spki[3]);
        assertThat(c.derOid()).isEqualTo(oid);
        assertThat(Jdk.serviceByOid("KeyFactory", c.oid())).hasValue(c.jcaName());
        assertThat(spki.length - (4 + spki[3]) - 3).isEqualTo(c.fieldBytes());
        assertThat(c.isWeierstrass()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CurveName.class)
    void theKeyAlgorithmIsWhatTheJdksKeysOnTheCurveAnswer(CurveName c) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(c.isWeierstrass() ? "EC" : c.jcaName());
        if (c.isWeierstrass()) {
            g.initialize(new ECGenParameterSpec(c.jcaName()));
        }
        PublicKey k = g.generateKeyPair().getPublic();
        assertThat(k.getAlgorithm()).isEqualTo(c.keyAlgorithm());
    }

    @ParameterizedTest
    @EnumSource(CurveName.class)
    void theCoseCurveIsRfc9053s(CurveName c) {
        assertThat(c.cose()).isEqualTo(RFC_9053_CRV.get(c));
    }

    @ParameterizedTest
    @EnumSource(CurveName.class)
    void theFamilyHasThePsaSpecValue(CurveName c) {
        assertThat(c.family().value()).isEqualTo(PSA_FAMILY.get(c));
        assertThat(c.keyPairType()).isEqualTo(KeyType.eccKeyPair(c.family()));
    }

    @ParameterizedTest
    @EnumSource(CurveName.class)
    void everyIdentityLeadsBackToTheRow(CurveName c) {
        assertThat(CurveName.byName(c.jcaName())).hasValue(c);
        assertThat(CurveName.byName(c.oid())).hasValue(c);
        assertThat(CurveName.byDerOid(c.derOid())).hasValue(c);
        assertThat(CurveName.byCose(c.cose())).hasValue(c);
        assertThat(CurveName.of(c.family(), c.bits())).hasValue(c);
        assertThat(CurveName.of(KeyType.eccKeyPair(c.family()), c.bits())).hasValue(c);
        assertThat(CurveName.of(KeyType.eccPublicKey(c.family()), c.bits())).hasValue(c);
        c.aliases().forEach(a -> assertThat(CurveName.byName(a)).hasValue(c));
    }

    @Test
    void theNistAndOpenSslNamesAreAliases() {
        assertThat(CurveName.byName("P-256")).hasValue(CurveName.SECP256R1);
        assertThat(CurveName.byName("prime256v1")).hasValue(CurveName.SECP256R1);
        assertThat(CurveName.byName("NIST P-384")).hasValue(CurveName.SECP384R1);
        assertThat(CurveName.byName("p-521")).hasValue(CurveName.SECP521R1);
        assertThat(CurveName.byName("ed25519")).hasValue(CurveName.ED25519);
    }

    @Test
    void derOidIsACopy() {
        byte[] oid = CurveName.SECP256R1.derOid();
        oid[2] = 0;
        assertThat(CurveName.SECP256R1.derOid()[2]).isNotEqualTo((byte) 0);
    }

    @Test
    void unknownCurvesGiveEmpty() {
        assertThat(CurveName.byName("secp224r1")).isEmpty();
        assertThat(CurveName.byName("X448")).isEmpty();
        assertThat(CurveName.byName(null)).isEmpty();
        assertThat(CurveName.byName("1.3.132.0.33")).isEmpty(); // secp224r1
        assertThat(CurveName.of(EccFamily.SECP_R1, 224)).isEmpty();
        assertThat(CurveName.of(EccFamily.BRAINPOOL_P_R1, 256)).isEmpty();
        assertThat(CurveName.of(KeyType.RSA_KEY_PAIR, 2048)).isEmpty();
        assertThat(CurveName.byDerOid(new byte[] {0x06, 0x03, 0x2b, 0x65, 0x71})).isEmpty(); // Ed448
        assertThat(CurveName.byDerOid(new byte[0])).isEmpty();
        assertThat(CurveName.byCose(7)).isEmpty(); // Ed448
    }
}
