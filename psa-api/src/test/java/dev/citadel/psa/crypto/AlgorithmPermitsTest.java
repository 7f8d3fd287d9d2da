package dev.citadel.psa.crypto;

import static dev.citadel.psa.crypto.Algorithm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key-policy rule of PSA Crypto API 1.2, "Key policies / Permitted algorithms". */
class AlgorithmPermitsTest {

    private static final KeyType AES = KeyType.AES;
    private static final KeyType DES = KeyType.DES;

    static Stream<Arguments> exactMatches() {
        return Stream.of(
                arguments(GCM, GCM),
                arguments(ecdsa(SHA_256), ecdsa(SHA_256)),
                arguments(ECDSA_ANY, ECDSA_ANY),
                arguments(hmac(SHA_256), hmac(SHA_256)),
                arguments(truncatedMac(hmac(SHA_256), 16), truncatedMac(hmac(SHA_256), 16)),
                arguments(aeadWithShortenedTag(CCM, 8), aeadWithShortenedTag(CCM, 8)),
                arguments(keyAgreement(ECDH, hkdf(SHA_256)), keyAgreement(ECDH, hkdf(SHA_256))),
                arguments(RSA_PKCS1V15_CRYPT, RSA_PKCS1V15_CRYPT));
    }

    @ParameterizedTest(name = "{0} permits {1}")
    @MethodSource("exactMatches")
    void aPolicyPermitsExactlyItsOwnAlgorithm(Algorithm policy, Algorithm requested) {
        assertThat(Algorithm.permits(policy, requested)).isTrue();
    }

    static Stream<Arguments> anyHashMatches() {
        return Stream.of(
                arguments(ecdsa(ANY_HASH), ecdsa(SHA_256)),
                arguments(ecdsa(ANY_HASH), ecdsa(SHA3_512)),
                arguments(deterministicEcdsa(ANY_HASH), deterministicEcdsa(SHA_384)),
                arguments(rsaPss(ANY_HASH), rsaPss(SHA_512)),
                arguments(rsaPssAnySalt(ANY_HASH), rsaPssAnySalt(SHA_256)),
                arguments(rsaPkcs1v15Sign(ANY_HASH), rsaPkcs1v15Sign(SHA_1)),
                arguments(rsaPkcs1v15Sign(ANY_HASH), RSA_PKCS1V15_SIGN_RAW));
    }

    @ParameterizedTest(name = "{0} permits {1}")
    @MethodSource("anyHashMatches")
    void anyHashPolicyPermitsTheSameSchemeWithAnySpecificHash(Algorithm policy, Algorithm requested) {
        assertThat(Algorithm.permits(policy, requested)).isTrue();
    }

    static Stream<Arguments> anyHashMismatches() {
        return Stream.of(
                arguments(ecdsa(ANY_HASH), deterministicEcdsa(SHA_256)),
                arguments(deterministicEcdsa(ANY_HASH), ecdsa(SHA_256)),
                arguments(ecdsa(ANY_HASH), rsaPss(SHA_256)),
                arguments(rsaPss(ANY_HASH), rsaPssAnySalt(SHA_256)),
                arguments(rsaPssAnySalt(ANY_HASH), rsaPss(SHA_256)),
                arguments(rsaPkcs1v15Sign(ANY_HASH), rsaOaep(SHA_256)),
                arguments(ecdsa(ANY_HASH), ECDSA_ANY),
                arguments(ecdsa(ANY_HASH), PURE_EDDSA),
                arguments(rsaPss(ANY_HASH), RSA_PKCS1V15_SIGN_RAW));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("anyHashMismatches")
    void anyHashPolicyRefusesOtherSchemes(Algorithm policy, Algorithm requested) {
        assertThat(Algorithm.permits(policy, requested)).isFalse();
    }

    static Stream<Arguments> specificHashMismatches() {
        return Stream.of(
                arguments(ecdsa(SHA_256), ecdsa(SHA_384)),
                arguments(rsaPss(SHA_256), rsaPss(SHA_512)),
                arguments(hmac(SHA_256), hmac(SHA_512)),
                arguments(hkdf(SHA_256), hkdf(SHA_384)),
                arguments(ecdsa(SHA_256), ECDSA_ANY),
                arguments(rsaPkcs1v15Sign(SHA_256), RSA_PKCS1V15_SIGN_RAW),
                arguments(rsaPssAnySalt(SHA_256), rsaPss(SHA_256)),
                arguments(rsaPss(SHA_256), rsaPssAnySalt(SHA_256)));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("specificHashMismatches")
    void aSpecificPolicyRefusesAnotherHashOrVariant(Algorithm policy, Algorithm requested) {
        assertThat(Algorithm.permits(policy, requested)).isFalse();
    }

    @Test
    void aWildcardIsNeverPermittedAsARequest() {
        assertThat(Algorithm.permits(ecdsa(ANY_HASH), ecdsa(ANY_HASH))).isFalse();
        assertThat(Algorithm.permits(atLeastThisLengthMac(CMAC, 8), atLeastThisLengthMac(CMAC, 8))).isFalse();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, CCM_STAR_ANY_TAG)).isFalse();
    }

    @Test
    void policyNonePermitsNothing() {
        assertThat(Algorithm.permits(NONE, NONE)).isFalse();
        assertThat(Algorithm.permits(NONE, SHA_256)).isFalse();
        assertThat(Algorithm.permits(NONE, GCM)).isFalse();
    }

    static Stream<Arguments> macLengthRules() {
        Algorithm hmac256 = hmac(SHA_256);
        return Stream.of(
                // at least 16: any HMAC-SHA-256 of 16..32 bytes, the full 32 included
                arguments(atLeastThisLengthMac(hmac256, 16), hmac256, true),
                arguments(atLeastThisLengthMac(hmac256, 16), truncatedMac(hmac256, 16), true),
                arguments(atLeastThisLengthMac(hmac256, 16), truncatedMac(hmac256, 20), true),
                arguments(atLeastThisLengthMac(hmac256, 16), truncatedMac(hmac256, 15), false),
                arguments(atLeastThisLengthMac(hmac256, 16), hmac(SHA_512), false),
                arguments(atLeastThisLengthMac(hmac256, 16), truncatedMac(hmac(SHA_384), 20), false),
                arguments(atLeastThisLengthMac(hmac256, 32), hmac256, true),
                arguments(atLeastThisLengthMac(hmac256, 32), truncatedMac(hmac256, 31), false),
                // a full-length policy permits only the full length (truncating to 32 is the same MAC)
                arguments(hmac256, truncatedMac(hmac256, 16), false),
                arguments(hmac256, truncatedMac(hmac256, 32), true),
                arguments(truncatedMac(hmac256, 32), hmac256, true),
                // an exact truncation permits only that length
                arguments(truncatedMac(hmac256, 16), truncatedMac(hmac256, 20), false),
                arguments(truncatedMac(hmac256, 20), truncatedMac(hmac256, 16), false),
                arguments(truncatedMac(hmac256, 16), hmac256, false),
                // other MAC bases never match
                arguments(atLeastThisLengthMac(CMAC, 8), truncatedMac(hmac256, 16), false),
                arguments(atLeastThisLengthMac(CMAC, 8), truncatedMac(CBC_MAC, 8), false),
                arguments(atLeastThisLengthMac(CMAC, 8), truncatedMac(CMAC, 8), true),
                arguments(atLeastThisLengthMac(CMAC, 8), truncatedMac(CMAC, 7), false));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("macLengthRules")
    void macPoliciesCompareLengthsWithinTheSameBaseMac(Algorithm policy, Algorithm requested, boolean expected) {
        assertThat(Algorithm.permits(policy, requested)).isEqualTo(expected);
    }

    @Test
    void aFullLengthBlockCipherMacIsSizedByTheKeyType() {
        assertThat(Algorithm.permits(AES, atLeastThisLengthMac(CMAC, 8), CMAC)).isTrue();
        assertThat(Algorithm.permits(AES, atLeastThisLengthMac(CMAC, 16), CMAC)).isTrue();
        assertThat(Algorithm.permits(DES, atLeastThisLengthMac(CMAC, 12), CMAC)).isFalse();
        assertThat(Algorithm.permits(AES, CMAC, truncatedMac(CMAC, 16))).isTrue();
    }

    @Test
    void withoutAKeyTypeAFullLengthBlockCipherMacIsPermittedOnlyByItself() {
        assertThat(Algorithm.permits(atLeastThisLengthMac(CMAC, 8), CMAC)).isFalse();
        assertThat(Algorithm.permits(CMAC, CMAC)).isTrue();
    }

    static Stream<Arguments> aeadTagRules() {
        return Stream.of(
                arguments(aeadWithAtLeastThisLengthTag(GCM, 12), GCM, true),
                arguments(aeadWithAtLeastThisLengthTag(GCM, 12), aeadWithShortenedTag(GCM, 12), true),
                arguments(aeadWithAtLeastThisLengthTag(GCM, 12), aeadWithShortenedTag(GCM, 14), true),
                arguments(aeadWithAtLeastThisLengthTag(GCM, 12), aeadWithShortenedTag(GCM, 8), false),
                arguments(aeadWithAtLeastThisLengthTag(GCM, 12), CCM, false),
                arguments(aeadWithAtLeastThisLengthTag(CCM, 4), aeadWithShortenedTag(CCM, 4), true),
                arguments(aeadWithAtLeastThisLengthTag(CCM, 16), aeadWithShortenedTag(CCM, 14), false),
                // a default-tag policy permits only the default tag
                arguments(GCM, aeadWithShortenedTag(GCM, 12), false),
                arguments(GCM, aeadWithShortenedTag(GCM, 16), true),
                arguments(CCM, GCM, false),
                // an exact shortened tag permits only that length
                arguments(aeadWithShortenedTag(CCM, 8), aeadWithShortenedTag(CCM, 12), false),
                arguments(aeadWithShortenedTag(CCM, 8), CCM, false),
                arguments(CHACHA20_POLY1305, GCM, false));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("aeadTagRules")
    void aeadPoliciesCompareTagLengthsWithinTheSameBaseAead(Algorithm policy, Algorithm requested,
            boolean expected) {
        assertThat(Algorithm.permits(policy, requested)).isEqualTo(expected);
    }

    @Test
    void aStandaloneKeyAgreementPermitsItselfWithAnyKdf() {
        assertThat(Algorithm.permits(ECDH, keyAgreement(ECDH, hkdf(SHA_256)))).isTrue();
        assertThat(Algorithm.permits(ECDH, keyAgreement(ECDH, tls12Prf(SHA_384)))).isTrue();
        assertThat(Algorithm.permits(FFDH, keyAgreement(FFDH, hkdf(SHA_256)))).isTrue();
    }

    @Test
    void aKeyAgreementPolicyRefusesTheOtherAgreementAndOtherKdfs() {
        assertThat(Algorithm.permits(ECDH, keyAgreement(FFDH, hkdf(SHA_256)))).isFalse();
        assertThat(Algorithm.permits(keyAgreement(ECDH, hkdf(SHA_256)), ECDH)).isFalse();
        assertThat(Algorithm.permits(keyAgreement(ECDH, hkdf(SHA_256)), keyAgreement(ECDH, hkdf(SHA_384))))
                .isFalse();
        assertThat(Algorithm.permits(ECDH, hkdf(SHA_256))).isFalse();
    }

    @Test
    void ccmStarAnyTagPermitsCcmStarAndCcmWithTags4816() {
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, CCM_STAR_NO_TAG)).isTrue();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, CCM)).isTrue();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, aeadWithShortenedTag(CCM, 4))).isTrue();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, aeadWithShortenedTag(CCM, 8))).isTrue();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, aeadWithShortenedTag(CCM, 12))).isFalse();
        assertThat(Algorithm.permits(CCM_STAR_ANY_TAG, GCM)).isFalse();
    }

    @Test
    void categoriesNeverMatchEachOther() {
        assertThat(Algorithm.permits(hmac(SHA_256), SHA_256)).isFalse();
        assertThat(Algorithm.permits(SHA_256, hmac(SHA_256))).isFalse();
        assertThat(Algorithm.permits(CTR, GCM)).isFalse();
        assertThat(Algorithm.permits(rsaPkcs1v15Sign(ANY_HASH), RSA_PKCS1V15_CRYPT)).isFalse();
    }
}
