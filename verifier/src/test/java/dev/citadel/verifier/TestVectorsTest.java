package dev.citadel.verifier;

import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.attest.TokenProfile;
import static dev.citadel.verifier.TestTokens.filled;
import static dev.citadel.verifier.TestTokens.pemKey;
import static dev.citadel.verifier.TestTokens.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published tokens (src/test/resources/psa-attestation/SOURCES.md): accepted or rejected with the right reason. */
class TestVectorsTest {

    @Test
    void rfc9783Sign1ExampleVerifiesWithoutInstanceIdBinding() {
        Verdict v = Verifier.verify(resource("rfc9783/psa-sign1.cbor"), pemKey("rfc9783/tfm-es-iak.pem"),
                filled(32, 0x01), null, InstanceIdBinding.NONE);
        assertThat(v.findings()).isEmpty();
        AttestationToken t = v.token().orElseThrow();
        assertThat(t.profile()).isEqualTo(TokenProfile.PSA_2023);
        assertThat(t.algorithm()).isEqualTo(CoseAlgorithm.ES256);
        assertThat(t.clientId()).isEqualTo(2147483647);
        assertThat(t.lifecycleState()).isEqualTo(SecurityLifecycle.SECURED);
        assertThat(t.bootSeed()).hasValueSatisfying(s -> assertThat(s).isEqualTo(new byte[8]));
        assertThat(t.softwareComponents()).singleElement().satisfies(c -> {
            assertThat(c.measurementType()).hasValue("PRoT");
            assertThat(c.measurementValue()).isEqualTo(filled(32, 0x03));
            assertThat(c.signerId()).isEqualTo(filled(32, 0x04));
        });
    }

    @Test
    void rfc9783Sign1ExampleFailsTheKeyBindingBecauseItsInstanceIdIsSynthetic() {
        Verdict v = Verifier.verify(resource("rfc9783/psa-sign1.cbor"), pemKey("rfc9783/tfm-es-iak.pem"),
                filled(32, 0x01), null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.INSTANCE_ID));
    }

    @Test
    void rfc9783Mac0ExampleVerifiesWithItsInstanceIdBoundToTheKey() {
        byte[] key = resource("rfc9783/tfm-hs-iak.bin");
        Verdict v = Verifier.verify(resource("rfc9783/psa-mac0.cbor"), new VerificationKey.Hmac(key),
                filled(32, 0x01), null);
        assertThat(v.findings()).isEmpty();
        AttestationToken t = v.token().orElseThrow();
        assertThat(t.algorithm()).isEqualTo(CoseAlgorithm.HMAC_256_256);
        assertThat(t.instanceId()).isEqualTo(
                TestTokens.concat(new byte[] {1}, TestTokens.sha256(TestTokens.sha256(key))));
    }

    @ParameterizedTest
    @CsvSource({"psa-2_0_0_sign1.bin, PSA_2_0_0", "psa-iot-1_sign1.bin, PSA_IOT_1"})
    void realTfmTokensVerifyWithTheTemplateIak(String file, TokenProfile profile) {
        Verdict v = Verifier.verify(resource("veraison-tfm/" + file), pemKey("veraison-tfm/public.pem"),
                new byte[64], null);
        assertThat(v.findings()).isEmpty();
        AttestationToken t = v.token().orElseThrow();
        assertThat(t.profile()).isEqualTo(profile);
        // 0x01 || SHA-256(0x04 || X || Y) of TF-M's template IAK, as attestation_fwu.md A.1.6 gives it.
        assertThat(HexFormat.of().formatHex(t.instanceId()))
                .isEqualTo("01fa58755f658627ce5460f29b75296713248cae7ad9e2984b90280efcbcb50248");
        assertThat(t.softwareComponents()).isNotEmpty();
        assertThat(t.lifecycleState()).isEqualTo(SecurityLifecycle.SECURED);
    }

    @Test
    void realTfmTokenWithTheTemplateIakIsBoundByTheRawPointNotByTheCoseKey() {
        byte[] token = resource("veraison-tfm/psa-iot-1_sign1.bin");
        VerificationKey key = pemKey("veraison-tfm/public.pem");
        assertThat(Verifier.verify(token, key, null, null, InstanceIdBinding.RAW_POINT).ok()).isTrue();
        assertThat(Verifier.verify(token, key, null, null, InstanceIdBinding.COSE_KEY).reason())
                .hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.INSTANCE_ID));
    }

    @Test
    void coseKeyFormOfTheTemplateIakHashesToTfmsPublishedValue() {
        VerificationKey.Ec key = pemKey("veraison-tfm/public.pem");
        assertThat(HexFormat.of().formatHex(TestTokens.sha256(InstanceIdBinding.coseKey(key))))
                .isEqualTo("078c18f110f432ff780cd8dae58069a2a0d82277cbc66450c8581dd47d96a22e");
    }

    @ParameterizedTest
    @CsvSource({"psa-2_0_0_mac0.bin", "psa-iot-1_mac0.bin"})
    void veraisonMac0TokensDoNotVerifyWithTheTemplateSymmetricIak(String file) {
        Verdict v = Verifier.verify(resource("veraison-tfm/" + file),
                new VerificationKey.Hmac(resource("tf-m-template/tfm_symmetric_iak.key")), null, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.SIGNATURE));
    }

    @Test
    void iatVerifierSign1FixtureIsRejectedForItsProfile() {
        Verdict v = Verifier.verify(resource("tf-m-tools/iat.cbor"), pemKey("tf-m-tools/key.pem"), null, null);
        assertThat(v.reason()).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(Check.PROFILE);
            assertThat(f.detail()).contains("http://example.com");
        });
    }

    @Test
    void iatVerifierMac0FixtureIsRejectedForItsProfile() {
        Verdict v = Verifier.verify(resource("tf-m-tools/iat-hmac.cbor"),
                new VerificationKey.Hmac(resource("tf-m-tools/hmac.key")), null, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.PROFILE));
    }

    @ParameterizedTest
    @CsvSource({"no-sw-measurements.cbor", "psa-2_0_0_sign1-token.cbor"})
    void staleIatVerifierFixturesHaveNoAlgorithm(String file) {
        Verdict v = Verifier.verify(resource("tf-m-tools/" + file), pemKey("tf-m-tools/key.pem"), null, null);
        assertThat(v.reason()).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(Check.COSE_HEADER);
            assertThat(f.detail()).contains("no alg");
        });
    }

    @Test
    void malformedFixtureIsRejectedAsMalformed() {
        Verdict v = Verifier.verify(resource("tf-m-tools/malformed.cbor"), pemKey("tf-m-tools/key.pem"), null, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.MALFORMED));
    }
}
