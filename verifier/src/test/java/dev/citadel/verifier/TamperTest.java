package dev.citadel.verifier;

import static dev.citadel.verifier.TestTokens.NONCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens built and signed in the test with a fresh key, then altered one way at a time. */
class TamperTest {
    private static KeyPair iak;
    private static VerificationKey key;
    private static byte[] token;

    @BeforeAll
    static void signAValidToken() {
        iak = TestTokens.p256();
        key = new VerificationKey.Ec((ECPublicKey) iak.getPublic());
        token = sign(TestTokens.claims(TestTokens.rawPointUeid((ECPublicKey) iak.getPublic())));
    }

    private static byte[] sign(CBORObject claims) {
        return TestTokens.sign1(claims.EncodeToBytes(), iak);
    }

    private static Check reason(byte[] t) {
        Verdict v = Verifier.verify(t, key, NONCE, null);
        assertThat(v.ok()).isFalse();
        return v.reason().orElseThrow().check();
    }

    @Test
    void theUntamperedTokenVerifies() {
        Verdict v = Verifier.verify(token, key, NONCE, null);
        assertThat(v.findings()).isEmpty();
        assertThat(v.token().orElseThrow().clientId()).isEqualTo(-0x3C000000);
        assertThat(v.token().orElseThrow().softwareComponents()).hasSize(2);
    }

    @Test
    void everySingleByteFlipIsRejected() {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < token.length; i++) {
            byte[] t = token.clone();
            t[i] ^= (byte) 0xFF;
            if (Verifier.verify(t, key, NONCE, null).ok()) {
                accepted.add("byte " + i);
            }
            t[i] ^= (byte) 0xFE; // the lowest bit only
            if (Verifier.verify(t, key, NONCE, null).ok()) {
                accepted.add("bit 0 of byte " + i);
            }
        }
        assertThat(accepted).as("%d bytes flipped two ways", token.length).isEmpty();
    }

    @Test
    void truncationsAndTrailingBytesAreRejectedAsMalformed() {
        for (int n = 0; n < token.length; n += 7) {
            assertThat(reason(java.util.Arrays.copyOf(token, n))).isIn(Check.MALFORMED);
        }
        assertThat(reason(TestTokens.concat(token, new byte[] {0}))).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aWrongNonceIsRejected() {
        Verdict v = Verifier.verify(token, key, TestTokens.filled(32, 0x5B), null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.NONCE));
    }

    @Test
    void aWrongKeyIsRejectedAtTheSignature() {
        VerificationKey other = new VerificationKey.Ec((ECPublicKey) TestTokens.p256().getPublic());
        Verdict v = Verifier.verify(token, other, NONCE, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.SIGNATURE));
    }

    @Test
    void anHmacKeyForASign1TokenIsAKeyMismatch() {
        Verdict v = Verifier.verify(token, new VerificationKey.Hmac(new byte[32]), NONCE, null);
        assertThat(v.reason()).hasValueSatisfying(f -> assertThat(f.check()).isEqualTo(Check.KEY_MISMATCH));
    }

    @Test
    void aTokenSignedByAnotherKeyButNamingItselfIsRejectedByTheKeyBinding() {
        // Signed and verified with the same key, but the instance ID names a different one.
        CBORObject c = TestTokens.claims(TestTokens.rawPointUeid((ECPublicKey) TestTokens.p256().getPublic()));
        assertThat(reason(sign(c))).isEqualTo(Check.INSTANCE_ID);
    }

    @Test
    void eachMissingMandatoryClaimIsRejected() {
        for (int claimKey : new int[] {10, 256, 265, 2394, 2395, 2396, 2399}) {
            CBORObject c = validClaims();
            c.Remove(CBORObject.FromObject(claimKey));
            assertThat(reason(sign(c))).as("without claim %d", claimKey).isEqualTo(Check.CLAIM_MISSING);
        }
    }

    @Test
    void missingOptionalClaimsAreAccepted() {
        CBORObject c = validClaims();
        for (int claimKey : new int[] {268, 2398, 2400}) {
            c.Remove(CBORObject.FromObject(claimKey));
        }
        assertThat(Verifier.verify(sign(c), key, NONCE, null).findings()).isEmpty();
    }

    @Test
    void eachClaimOfTheWrongTypeIsRejected() {
        Object[][] wrong = {{10, "nonce"}, {256, 1}, {2394, "client"}, {2395, -1}, {2396, "impl"}, {268, 5},
            {2399, CBORObject.NewMap()}, {2400, new byte[4]}, {2398, 604565272829L}};
        for (Object[] w : wrong) {
            CBORObject c = validClaims();
            c.Set(w[0], w[1]);
            assertThat(reason(sign(c))).as("claim %s = %s", w[0], w[1]).isEqualTo(Check.CLAIM_TYPE);
        }
    }

    @Test
    void claimsOutsideTheirConstraintsAreRejected() {
        Object[][] bad = {{10, new byte[31]}, {10, new byte[65]}, {2396, new byte[33]}, {2394, 0},
            {2394, 1L << 31}, {2395, 0x7000}, {268, new byte[7]}, {268, new byte[33]}, {2398, "0604565272829"},
            {2400, ""}, {2399, CBORObject.NewArray()}};
        for (Object[] b : bad) {
            CBORObject c = validClaims();
            c.Set(b[0], b[1]);
            assertThat(reason(sign(c))).as("claim %s = %s", b[0], b[1]).isEqualTo(Check.CLAIM_VALUE);
        }
        CBORObject c = validClaims();
        byte[] ueid = c.get(CBORObject.FromObject(256)).GetByteString();
        ueid[0] = 0x02;
        c.Set(256, ueid);
        assertThat(reason(sign(c))).isEqualTo(Check.CLAIM_VALUE);
    }

    @Test
    void aSoftwareComponentWithoutItsMeasurementValueIsRejected() {
        CBORObject c = validClaims();
        c.get(CBORObject.FromObject(2399)).get(0).Remove(CBORObject.FromObject(2));
        assertThat(reason(sign(c))).isEqualTo(Check.CLAIM_MISSING);
    }

    @Test
    void anUnknownProfileIsRejected() {
        CBORObject c = validClaims();
        c.Set(265, "tag:example.com,2024:other");
        assertThat(reason(sign(c))).isEqualTo(Check.PROFILE);
    }

    @Test
    void unknownClaimsAreIgnored() {
        CBORObject c = validClaims();
        c.Set(-80000, "extension");
        assertThat(Verifier.verify(sign(c), key, NONCE, null).findings()).isEmpty();
    }

    @Test
    void anUntaggedSign1IsAccepted() {
        byte[] untagged = java.util.Arrays.copyOfRange(token, 1, token.length);
        assertThat(Verifier.verify(untagged, key, NONCE, null).findings()).isEmpty();
    }

    @Test
    void aDoublyTaggedSign1IsRejected() {
        assertThat(reason(TestTokens.concat(new byte[] {(byte) 0xD2}, token))).isEqualTo(Check.MALFORMED);
    }

    @Test
    void garbageIsAFindingNotAnException() {
        for (byte[] g : new byte[][] {{}, {0x00}, {(byte) 0xD2}, {(byte) 0xD2, (byte) 0x84}, "not cbor".getBytes(),
            {(byte) 0xD2, (byte) 0x84, 0x40, (byte) 0xA0, (byte) 0xF6, 0x40}}) {
            Verdict v = Verifier.verify(g, key, NONCE, null);
            assertThat(v.ok()).isFalse();
            assertThat(v.reason().orElseThrow().check()).isIn(Check.MALFORMED, Check.COSE_HEADER);
        }
    }

    private static CBORObject validClaims() {
        return TestTokens.claims(TestTokens.rawPointUeid((ECPublicKey) iak.getPublic()));
    }
}
