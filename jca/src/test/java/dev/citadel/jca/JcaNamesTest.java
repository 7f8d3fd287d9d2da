package dev.citadel.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.jca.CitadelKeyGenParameterSpec.Purpose;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.AlgorithmParameters;
import java.security.Signature;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The name table: every row names what the JDK names, and the policies permit what the services ask. */
class JcaNamesTest {

    @ParameterizedTest
    @EnumSource(JcaNames.SignatureService.class)
    void everySignatureNameAndOidIsTheJdksName(JcaNames.SignatureService s) throws Exception {
        assertThat(Signature.getInstance(s.jcaName).getAlgorithm()).isEqualTo(s.jcaName);
        assertThat(Signature.getInstance("OID." + s.oid).getProvider()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(JcaNames.Curve.class)
    void everyCurveIsFoundByNameAndOid(JcaNames.Curve c) {
        assertThat(JcaNames.Curve.byName(c.jcaName)).contains(c);
        assertThat(JcaNames.Curve.byName(c.oid)).contains(c);
        assertThat(JcaNames.Curve.of(c.keyPairType(), c.bits)).contains(c);
    }

    @Test
    void weierstrassCurvesMatchTheJdksParameters() throws Exception {
        for (JcaNames.Curve c : new JcaNames.Curve[] {JcaNames.Curve.SECP256R1, JcaNames.Curve.SECP384R1,
            JcaNames.Curve.SECP521R1}) {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(c.jdkSpec());
            assertThat(PsaPublicKeys.ecParams(c).getOrder().bitLength()).isEqualTo(c.bits);
            assertThat(JcaNames.Curve.ecByOrderBits(c.bits)).contains(c);
        }
    }

    private static KeyAttributes attrs(JcaNames.Policy p) {
        return KeyAttributes.builder().type(KeyType.RSA_KEY_PAIR).usage(p.usage()).algorithm(p.algorithm())
                .algorithm2(p.algorithm2()).build();
    }

    @Test
    void aSigningRsaKeyPermitsPssAndPkcs1WithEveryHash() {
        JcaNames.Policy p = JcaNames.policy(JcaNames.KeyKind.RSA, Set.of(Purpose.SIGN));
        KeyAttributes a = attrs(p);
        for (JcaNames.Hash h : JcaNames.Hash.values()) {
            assertThat(a.permits(JcaNames.SignatureService.pss(h))).isTrue();
            assertThat(a.permits(Algorithm.rsaPkcs1v15Sign(h.psa))).isTrue();
        }
        assertThat(p.usage().contains(KeyUsage.EXPORT)).isFalse();
    }

    @Test
    void anEcKeyForBothSigningAndAgreementUsesBothPermittedAlgorithms() {
        JcaNames.Policy p = JcaNames.policy(JcaNames.KeyKind.EC, Set.of(Purpose.SIGN, Purpose.AGREE));
        assertThat(p.algorithm()).isEqualTo(Algorithm.ecdsa(Algorithm.ANY_HASH));
        assertThat(p.algorithm2()).isEqualTo(Algorithm.ECDH);
        assertThat(p.usage().contains(KeyUsage.DERIVE)).isTrue();
    }

    @Test
    void purposesAKeyKindCannotServeAreRefused() {
        assertThatThrownBy(() -> JcaNames.policy(JcaNames.KeyKind.RSA, Set.of(Purpose.SIGN, Purpose.DECRYPT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JcaNames.policy(JcaNames.KeyKind.EDDSA, Set.of(Purpose.AGREE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JcaNames.policy(JcaNames.KeyKind.XDH, Set.of(Purpose.SIGN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyGenerationSpecsCheckTheirValues() {
        assertThatThrownBy(() -> CitadelKeyGenParameterSpec.builder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CitadelKeyGenParameterSpec.builder(256).persistentId(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CitadelKeyGenParameterSpec.builder(256).persistentId(0x40000000))
                .isInstanceOf(IllegalArgumentException.class);
        CitadelKeyGenParameterSpec s = CitadelKeyGenParameterSpec.builder(256).persistentId(7).build();
        assertThat(s.persistentId()).hasValue(7);
        assertThat(s.exportable()).isFalse();
    }
}
