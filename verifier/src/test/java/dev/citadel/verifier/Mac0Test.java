package dev.citadel.verifier;

import dev.citadel.psa.attest.CoseAlgorithm;
import static dev.citadel.verifier.TestTokens.NONCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** COSE_Mac0 tokens MACed in the test with the JDK and verified by the verifier. */
class Mac0Test {
    private final byte[] hmacKey = new byte[32];

    Mac0Test() {
        new SecureRandom().nextBytes(hmacKey);
    }

    private byte[] instanceId() {
        return TestTokens.concat(new byte[] {1}, TestTokens.sha256(TestTokens.sha256(hmacKey)));
    }

    @Test
    void aMac0TokenRoundTrips() {
        byte[] token = TestTokens.mac0(TestTokens.claims(instanceId()).EncodeToBytes(), hmacKey);
        Verdict v = Verifier.verify(token, new VerificationKey.Hmac(hmacKey), NONCE, null);
        assertThat(v.findings()).isEmpty();
        assertThat(v.token().orElseThrow().algorithm()).isEqualTo(CoseAlgorithm.HMAC_256_256);
    }

    @Test
    void anotherHmacKeyIsRejected() {
        byte[] token = TestTokens.mac0(TestTokens.claims(instanceId()).EncodeToBytes(), hmacKey);
        byte[] other = hmacKey.clone();
        other[31] ^= 1;
        Verdict v = Verifier.verify(token, new VerificationKey.Hmac(other), NONCE, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.SIGNATURE));
    }

    @Test
    void everySingleByteFlipOfAMac0TokenIsRejected() {
        byte[] token = TestTokens.mac0(TestTokens.claims(instanceId()).EncodeToBytes(), hmacKey);
        VerificationKey key = new VerificationKey.Hmac(hmacKey);
        for (int i = 0; i < token.length; i++) {
            byte[] t = token.clone();
            t[i] ^= 0x01;
            assertThat(Verifier.verify(t, key, NONCE, null).ok()).as("flip at %d", i).isFalse();
        }
    }

    @Test
    void anInstanceIdNotDerivedFromTheKeyIsRejected() {
        byte[] token = TestTokens.mac0(TestTokens.claims(TestTokens.concat(new byte[] {1}, TestTokens.sha256(hmacKey)))
                .EncodeToBytes(), hmacKey);
        Verdict v = Verifier.verify(token, new VerificationKey.Hmac(hmacKey), NONCE, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.INSTANCE_ID));
    }

    @Test
    void aPublicKeyForAMac0TokenIsAKeyMismatch() {
        byte[] token = TestTokens.mac0(TestTokens.claims(instanceId()).EncodeToBytes(), hmacKey);
        Verdict v = Verifier.verify(token, new VerificationKey.Ec(
                (java.security.interfaces.ECPublicKey) TestTokens.p256().getPublic()), NONCE, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.KEY_MISMATCH));
    }

    @Test
    void theHmacKeyNeverPrints() {
        assertThat(new VerificationKey.Hmac(hmacKey).toString()).doesNotContain(
                java.util.HexFormat.of().formatHex(hmacKey)).contains("32 bytes");
    }
}
