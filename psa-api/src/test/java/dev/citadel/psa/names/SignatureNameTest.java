package dev.citadel.psa.names;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.crypto.Algorithm;
import java.security.Signature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureNameTest {
    /** COSE {@code alg}: ES* and EdDSA from RFC 9053 §2, PS* from RFC 8230 §2, RS* from RFC 8812 §2. */
    private static final Map<SignatureName, Integer> COSE = Map.ofEntries(
            Map.entry(SignatureName.ECDSA_SHA256, -7), Map.entry(SignatureName.ECDSA_SHA384, -35),
            Map.entry(SignatureName.ECDSA_SHA512, -36), Map.entry(SignatureName.ED25519, -8),
            Map.entry(SignatureName.RSA_PSS_SHA256, -37), Map.entry(SignatureName.RSA_PSS_SHA384, -38),
            Map.entry(SignatureName.RSA_PSS_SHA512, -39), Map.entry(SignatureName.RSA_PKCS1V15_SHA256, -257),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA384, -258), Map.entry(SignatureName.RSA_PKCS1V15_SHA512, -259));

    /** {@code CKM_*} from PKCS#11 2.40's pkcs11t.h ({@code CKM_EDDSA} from PKCS#11 3.0). */
    private static final Map<SignatureName, Long> CKM = Map.ofEntries(
            Map.entry(SignatureName.ECDSA_SHA256, 0x1044L), Map.entry(SignatureName.ECDSA_SHA384, 0x1045L),
            Map.entry(SignatureName.ECDSA_SHA512, 0x1046L), Map.entry(SignatureName.ED25519, 0x1057L),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA256, 0x40L), Map.entry(SignatureName.RSA_PKCS1V15_SHA384, 0x41L),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA512, 0x42L), Map.entry(SignatureName.RSA_PSS_SHA256, 0x43L),
            Map.entry(SignatureName.RSA_PSS_SHA384, 0x44L), Map.entry(SignatureName.RSA_PSS_SHA512, 0x45L));

    /** {@code PSA_ALG_ECDSA(PSA_ALG_SHA_256)} and so on, from the PSA Crypto API 1.2 (psa-constants.md). */
    private static final Map<SignatureName, Integer> PSA = Map.ofEntries(
            Map.entry(SignatureName.ECDSA_SHA256, 0x06000609), Map.entry(SignatureName.ECDSA_SHA384, 0x0600060A),
            Map.entry(SignatureName.ECDSA_SHA512, 0x0600060B), Map.entry(SignatureName.ED25519, 0x06000800),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA256, 0x06000209),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA384, 0x0600020A),
            Map.entry(SignatureName.RSA_PKCS1V15_SHA512, 0x0600020B),
            Map.entry(SignatureName.RSA_PSS_SHA256, 0x06000309), Map.entry(SignatureName.RSA_PSS_SHA384, 0x0600030A),
            Map.entry(SignatureName.RSA_PSS_SHA512, 0x0600030B));

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void theOidNamesTheSameSignatureInTheJdk(SignatureName s) {
        assertThat(Jdk.serviceByOid("Signature", s.oid())).hasValue(s.jcaName());
    }

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void thePsaAlgorithmHasTheSpecValue(SignatureName s) {
        assertThat(s.psa().value()).isEqualTo(PSA.get(s));
    }

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void theCoseAlgIsTheRfcs(SignatureName s) {
        assertThat(s.cose()).isEqualTo(COSE.get(s));
    }

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void theMechanismIsPkcs11s(SignatureName s) {
        assertThat(s.ckm()).isEqualTo(CKM.get(s));
    }

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void theKeyAlgorithmIsWhatTheJdkSignatureTakes(SignatureName s) throws Exception {
        var g = java.security.KeyPairGenerator.getInstance(s.keyAlgorithm());
        if (s.keyAlgorithm().equals("RSA")) {
            g.initialize(2048);
        }
        Signature sig = Signature.getInstance(s.jcaName());
        if (s.jcaName().equals("RSASSA-PSS")) {
            HashName h = s.hash().orElseThrow();
            sig.setParameter(new java.security.spec.PSSParameterSpec(h.jcaName(), "MGF1",
                    new java.security.spec.MGF1ParameterSpec(h.jcaName()), h.length(), 1));
        }
        sig.initSign(g.generateKeyPair().getPrivate());
    }

    @ParameterizedTest
    @EnumSource(value = SignatureName.class, names = {"ECDSA_SHA256", "ECDSA_SHA384", "ECDSA_SHA512"})
    void ecdsaHasARawSignatureNameInTheJdk(SignatureName s) throws Exception {
        assertThat(Signature.getInstance(s.p1363JcaName().orElseThrow()).getAlgorithm())
                .startsWith(s.jcaName());
    }

    @Test
    void onlyEcdsaHasARawSignatureName() {
        assertThat(SignatureName.RSA_PKCS1V15_SHA256.p1363JcaName()).isEmpty();
        assertThat(SignatureName.ED25519.p1363JcaName()).isEmpty();
    }

    @Test
    void eachCurveTakesTheEcdsaOfRfc9053() {
        // RFC 9053 §2.1: ES256 with P-256, ES384 with P-384, ES512 with P-521
        assertThat(SignatureName.ecdsaFor(CurveName.byCose(1).orElseThrow()).map(SignatureName::cose)).hasValue(-7);
        assertThat(SignatureName.ecdsaFor(CurveName.byCose(2).orElseThrow()).map(SignatureName::cose)).hasValue(-35);
        assertThat(SignatureName.ecdsaFor(CurveName.byCose(3).orElseThrow()).map(SignatureName::cose)).hasValue(-36);
        assertThat(SignatureName.ecdsaFor(CurveName.ED25519)).isEmpty();
        assertThat(SignatureName.ecdsaFor(CurveName.X25519)).isEmpty();
    }

    @Test
    void pureEddsaSignsTheMessageWithNoHash() {
        assertThat(SignatureName.ED25519.hash()).isEmpty();
        assertThat(SignatureName.ED25519.curve()).hasValue(CurveName.ED25519);
    }

    @ParameterizedTest
    @EnumSource(SignatureName.class)
    void everyIdentityLeadsBackToTheRow(SignatureName s) {
        assertThat(SignatureName.byPsa(s.psa())).hasValue(s);
        assertThat(SignatureName.byCose(s.cose())).hasValue(s);
        assertThat(SignatureName.byCkm(s.ckm())).hasValue(s);
    }

    @Test
    void unknownSchemesGiveEmpty() {
        assertThat(SignatureName.byPsa(Algorithm.ECDSA_ANY)).isEmpty();
        assertThat(SignatureName.byPsa(Algorithm.ecdsa(Algorithm.SHA_1))).isEmpty();
        assertThat(SignatureName.byPsa(Algorithm.deterministicEcdsa(Algorithm.SHA_256))).isEmpty();
        assertThat(SignatureName.byCose(-47)).isEmpty(); // ES256K
        assertThat(SignatureName.byCkm(0x1041)).isEmpty(); // CKM_ECDSA, raw
    }
}
