package dev.citadel.verifier;

import static dev.citadel.verifier.TestTokens.NONCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

/** Software components compared with a JSON file of expected measurements and signer IDs. */
class ReferenceValuesTest {
    private static final String H11 = "11".repeat(32);
    private static final String H22 = "22".repeat(32);
    private static final String H33 = "33".repeat(32);
    private static final String H44 = "44".repeat(32);

    private final KeyPair iak = TestTokens.p256();
    private final VerificationKey key = new VerificationKey.Ec((ECPublicKey) iak.getPublic());
    private final byte[] token = TestTokens.sign1(
            TestTokens.claims(TestTokens.rawPointUeid((ECPublicKey) iak.getPublic())).EncodeToBytes(), iak);

    private static String json(String speValue, String nsSigner) {
        return """
                {"software-components": [
                  {"measurement-type": "SPE", "measurement-value": "%s", "signer-id": "%s", "version": "1.0.0"},
                  {"measurement-type": "NSPE", "measurement-value": "%s", "signer-id": "%s"}
                ]}""".formatted(speValue, H22, H33, nsSigner);
    }

    @Test
    void matchingComponentsAreReportedAsMatches() {
        Verdict v = Verifier.verify(token, key, NONCE, ReferenceValues.parseJson(json(H11, H44)));
        assertThat(v.findings()).isEmpty();
        assertThat(v.comparisons()).extracting(ReferenceValues.Comparison::outcome)
                .containsExactly(ReferenceValues.Outcome.MATCH, ReferenceValues.Outcome.MATCH);
    }

    @Test
    void aDifferentMeasurementIsAMismatch() {
        Verdict v = Verifier.verify(token, key, NONCE, ReferenceValues.parseJson(json("55".repeat(32), H44)));
        assertThat(v.reason()).hasValueSatisfying(f -> {
            assertThat(f.check()).isEqualTo(Check.REFERENCE_VALUES);
            assertThat(f.detail()).contains("SPE").contains("measurement");
        });
        assertThat(v.comparisons()).extracting(ReferenceValues.Comparison::outcome)
                .containsExactly(ReferenceValues.Outcome.MISMATCH, ReferenceValues.Outcome.MATCH);
    }

    @Test
    void aDifferentSignerIsAMismatchNamingTheSigner() {
        Verdict v = Verifier.verify(token, key, NONCE, ReferenceValues.parseJson(json(H11, "66".repeat(32))));
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.detail()).contains("NSPE").contains("signer"));
    }

    @Test
    void aComponentWithoutAReferenceAndAMissingComponentAreBothReported() {
        String onlyOther = """
                {"software-components": [
                  {"measurement-type": "SPE", "measurement-value": "%s", "signer-id": "%s"},
                  {"measurement-type": "BL2", "measurement-value": "%s", "signer-id": "%s"}]}"""
                .formatted(H11, H22, H11, H22);
        Verdict v = Verifier.verify(token, key, NONCE, ReferenceValues.parseJson(onlyOther));
        assertThat(v.findings()).extracting(Finding::detail).anySatisfy(d -> assertThat(d).contains("NSPE"))
                .anySatisfy(d -> assertThat(d).contains("BL2"));
    }

    @Test
    void badJsonIsAOneLineIllegalArgument() {
        for (String bad : new String[] {"{", "[]", "{\"software-components\": [{\"measurement-type\": 1}]}",
            "{\"software-components\": [{\"measurement-type\": \"SPE\", \"measurement-value\": \"zz\","
                    + " \"signer-id\": \"00\"}]}"}) {
            assertThatThrownBy(() -> ReferenceValues.parseJson(bad)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
