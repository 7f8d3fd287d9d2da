package dev.citadel.psa.crypto;

import static dev.citadel.psa.crypto.Algorithm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlgorithmTest {

    private static Algorithm constant(String name) throws ReflectiveOperationException {
        return (Algorithm) Algorithm.class.getField(name).get(null);
    }

    private static int hex(String s) {
        return Integer.parseUnsignedInt(s.substring(2), 16);
    }

    /** Values from psa-constants.md: the object-like PSA_ALG_* macros. */
    @ParameterizedTest(name = "PSA_ALG_{0} = {1}")
    @CsvSource({
        "NONE,                    0x00000000",
        "MD5,                     0x02000003",
        "RIPEMD160,               0x02000004",
        "SHA_1,                   0x02000005",
        "SHA_224,                 0x02000008",
        "SHA_256,                 0x02000009",
        "SHA_384,                 0x0200000a",
        "SHA_512,                 0x0200000b",
        "SHA_512_224,             0x0200000c",
        "SHA_512_256,             0x0200000d",
        "SHA3_224,                0x02000010",
        "SHA3_256,                0x02000011",
        "SHA3_384,                0x02000012",
        "SHA3_512,                0x02000013",
        "SM3,                     0x02000014",
        "SHAKE256_512,            0x02000015",
        "ANY_HASH,                0x020000ff",
        "CBC_MAC,                 0x03c00100",
        "CMAC,                    0x03c00200",
        "STREAM_CIPHER,           0x04800100",
        "CTR,                     0x04c01000",
        "CFB,                     0x04c01100",
        "OFB,                     0x04c01200",
        "XTS,                     0x0440ff00",
        "CCM_STAR_NO_TAG,         0x04c01300",
        "CCM_STAR_ANY_TAG,        0x04c09300",
        "ECB_NO_PADDING,          0x04404400",
        "CBC_NO_PADDING,          0x04404000",
        "CBC_PKCS7,               0x04404100",
        "CCM,                     0x05500100",
        "GCM,                     0x05500200",
        "CHACHA20_POLY1305,       0x05100500",
        "XCHACHA20_POLY1305,      0x05100600",
        "RSA_PKCS1V15_SIGN_RAW,   0x06000200",
        "ECDSA_ANY,               0x06000600",
        "PURE_EDDSA,              0x06000800",
        "ED25519PH,               0x0600090b",
        "ED448PH,                 0x06000915",
        "RSA_PKCS1V15_CRYPT,      0x07000200",
        "TLS12_ECJPAKE_TO_PMS,    0x08000609",
        "SP800_108_COUNTER_CMAC,  0x08000800",
        "PBKDF2_AES_CMAC_PRF_128, 0x08800200",
        "FFDH,                    0x09010000",
        "ECDH,                    0x09020000",
    })
    void namedAlgorithmsHaveTheSpecValues(String name, String expected) throws ReflectiveOperationException {
        assertThat(constant(name).value()).isEqualTo(hex(expected));
    }

    /** Values from psa-constants.md: the function-like macros parameterised by a hash. */
    @ParameterizedTest(name = "{0}({1}) = {2}")
    @CsvSource({
        "hmac,                SHA_1,    0x03800005",
        "hmac,                SHA_224,  0x03800008",
        "hmac,                SHA_256,  0x03800009",
        "hmac,                SHA_384,  0x0380000a",
        "hmac,                SHA_512,  0x0380000b",
        "rsaPkcs1v15Sign,     SHA_1,    0x06000205",
        "rsaPkcs1v15Sign,     SHA_224,  0x06000208",
        "rsaPkcs1v15Sign,     SHA_256,  0x06000209",
        "rsaPkcs1v15Sign,     SHA_384,  0x0600020a",
        "rsaPkcs1v15Sign,     SHA_512,  0x0600020b",
        "rsaPss,              SHA_256,  0x06000309",
        "rsaPss,              SHA_384,  0x0600030a",
        "rsaPss,              SHA_512,  0x0600030b",
        "rsaPssAnySalt,       SHA_256,  0x06001309",
        "rsaPssAnySalt,       SHA_384,  0x0600130a",
        "rsaPssAnySalt,       SHA_512,  0x0600130b",
        "ecdsa,               SHA_256,  0x06000609",
        "ecdsa,               SHA_384,  0x0600060a",
        "ecdsa,               SHA_512,  0x0600060b",
        "ecdsa,               ANY_HASH, 0x060006ff",
        "deterministicEcdsa,  SHA_256,  0x06000709",
        "deterministicEcdsa,  SHA_384,  0x0600070a",
        "deterministicEcdsa,  SHA_512,  0x0600070b",
        "rsaOaep,             SHA_1,    0x07000305",
        "rsaOaep,             SHA_256,  0x07000309",
        "rsaOaep,             SHA_384,  0x0700030a",
        "rsaOaep,             SHA_512,  0x0700030b",
        "hkdf,                SHA_256,  0x08000109",
        "hkdf,                SHA_384,  0x0800010a",
        "hkdf,                SHA_512,  0x0800010b",
        "hkdfExtract,         SHA_256,  0x08000409",
        "hkdfExtract,         SHA_384,  0x0800040a",
        "hkdfExtract,         SHA_512,  0x0800040b",
        "hkdfExpand,          SHA_256,  0x08000509",
        "hkdfExpand,          SHA_384,  0x0800050a",
        "hkdfExpand,          SHA_512,  0x0800050b",
        "tls12Prf,            SHA_256,  0x08000209",
        "tls12Prf,            SHA_384,  0x0800020a",
        "tls12Prf,            SHA_512,  0x0800020b",
        "tls12PskToMs,        SHA_256,  0x08000309",
        "tls12PskToMs,        SHA_384,  0x0800030a",
        "tls12PskToMs,        SHA_512,  0x0800030b",
        "pbkdf2Hmac,          SHA_256,  0x08800109",
        "pbkdf2Hmac,          SHA_384,  0x0880010a",
        "pbkdf2Hmac,          SHA_512,  0x0880010b",
        "sp800108CounterHmac, SHA_256,  0x08000709",
        "sp800108CounterHmac, SHA_384,  0x0800070a",
        "sp800108CounterHmac, SHA_512,  0x0800070b",
    })
    void hashParameterisedAlgorithmsHaveTheSpecValues(String factory, String hash, String expected)
            throws ReflectiveOperationException {
        Algorithm alg = (Algorithm) Algorithm.class.getMethod(factory, Algorithm.class).invoke(null, constant(hash));
        assertThat(alg.value()).isEqualTo(hex(expected));
    }

    @Test
    void hashIsMaskedToItsLowByteSoKeyDerivationStaysOutOfThePakeCategory() {
        int unmasked = 0x08000100 | SHA_256.value(); // the mistake psa-constants.md warns about
        assertThat(unmasked).isEqualTo(0x0a000109);
        assertThat(hkdf(SHA_256).value()).isEqualTo(0x08000109);
        assertThat(hkdf(SHA_256).isKeyDerivation()).isTrue();
        assertThat(hkdf(SHA_256).isPake()).isFalse();
    }

    @Test
    void hashMaskingGivesTheSpecValuesForSignMacAndOaep() {
        assertThat(ecdsa(SHA_256).value()).isEqualTo(0x06000609);
        assertThat(hmac(SHA_256).value()).isEqualTo(0x03800009);
        assertThat(rsaPss(SHA_256).value()).isEqualTo(0x06000309);
        assertThat(rsaOaep(SHA_256).value()).isEqualTo(0x07000309);
    }

    @Test
    void truncatedMacEncodesTheLengthInBits21To16() {
        assertThat(truncatedMac(hmac(SHA_256), 16).value()).isEqualTo(0x03900009);
    }

    @Test
    void atLeastThisLengthMacAddsBit15() {
        assertThat(atLeastThisLengthMac(CMAC, 8).value()).isEqualTo(0x03c88200);
    }

    @Test
    void shortenedAeadTagsEncodeTheTagLength() {
        assertThat(aeadWithShortenedTag(CCM, 8).value()).isEqualTo(0x05480100);
        assertThat(aeadWithShortenedTag(GCM, 12).value()).isEqualTo(0x054c0200);
    }

    @Test
    void atLeastThisLengthTagAddsBit15() {
        assertThat(aeadWithAtLeastThisLengthTag(GCM, 12).value()).isEqualTo(0x054c8200);
    }

    @Test
    void keyAgreementWithAKdfIsTheirBitwiseOr() {
        assertThat(keyAgreement(ECDH, hkdf(SHA_256)).value()).isEqualTo(0x09020109);
        assertThat(keyAgreement(FFDH, hkdf(SHA_256)).value()).isEqualTo(0x09010109);
    }

    @Test
    void theDefaultAeadTagLengthIsPartOfTheBaseValue() {
        assertThat(aeadWithShortenedTag(GCM, 16)).isEqualTo(GCM);
        assertThat(GCM.aeadTagLength()).isEqualTo(16);
        assertThat(CCM.aeadTagLength()).isEqualTo(16);
        assertThat(CHACHA20_POLY1305.aeadTagLength()).isEqualTo(16);
    }

    @Test
    void aeadWithDefaultTagUndoesShorteningAndWildcards() {
        assertThat(aeadWithShortenedTag(GCM, 12).aeadWithDefaultTag()).isEqualTo(GCM);
        assertThat(aeadWithAtLeastThisLengthTag(CCM, 8).aeadWithDefaultTag()).isEqualTo(CCM);
        assertThat(aeadWithDefaultLengthTag(aeadWithShortenedTag(CHACHA20_POLY1305, 12)))
                .isEqualTo(CHACHA20_POLY1305);
    }

    @Test
    void aeadWithDefaultTagOfAnUnknownAeadIsNone() {
        assertThat(Algorithm.of(0x05500300).aeadWithDefaultTag()).isEqualTo(NONE);
    }

    @Test
    void fullLengthMacUndoesTruncationAndWildcards() {
        assertThat(truncatedMac(hmac(SHA_256), 16).fullLengthMac()).isEqualTo(hmac(SHA_256));
        assertThat(atLeastThisLengthMac(CMAC, 8).fullLengthMac()).isEqualTo(CMAC);
    }

    @Test
    void macTruncatedLengthIsZeroForAFullLengthMac() {
        assertThat(hmac(SHA_256).macTruncatedLength()).isZero();
        assertThat(truncatedMac(hmac(SHA_256), 16).macTruncatedLength()).isEqualTo(16);
        assertThat(atLeastThisLengthMac(CMAC, 8).macTruncatedLength()).isEqualTo(8);
    }

    @Test
    void truncatingTwiceKeepsOnlyTheLastLength() {
        assertThat(truncatedMac(atLeastThisLengthMac(hmac(SHA_256), 10), 20))
                .isEqualTo(truncatedMac(hmac(SHA_256), 20));
    }

    @Test
    void lengthExtractionOnTheWrongCategoryIsAProgrammingError() {
        assertThatThrownBy(GCM::macTruncatedLength).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(CMAC::aeadTagLength).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}: hash {1}")
    @CsvSource({
        "0x06000609, 0x02000009",
        "0x060006ff, 0x020000ff",
        "0x03900009, 0x02000009",
        "0x0700030a, 0x0200000a",
        "0x0800010b, 0x0200000b",
        "0x0902010a, 0x0200000a",
        "0x0600090b, 0x0200000b",
        "0x06000915, 0x02000015",
        "0x02000009, 0x02000009",
        "0x06000600, 0x00000000",
        "0x06000200, 0x00000000",
        "0x06000800, 0x00000000",
        "0x04c01000, 0x00000000",
        "0x05500200, 0x00000000",
        "0x03c00200, 0x00000000",
        "0x09020000, 0x00000000",
    })
    void hashOfIsTheLowByteInTheHashCategoryOrNone(String alg, String hash) {
        assertThat(Algorithm.of(hex(alg)).hashOf().value()).isEqualTo(hex(hash));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0x02000009, hash",
        "0x020000ff, hash",
        "0x03800009, mac",
        "0x03c00200, mac",
        "0x04c01000, cipher",
        "0x0440ff00, cipher",
        "0x05500200, aead",
        "0x06000609, sign",
        "0x06000800, sign",
        "0x07000200, asymmetricEncryption",
        "0x08000109, keyDerivation",
        "0x08800200, keyDerivation",
        "0x09020000, keyAgreement",
        "0x09020109, keyAgreement",
        "0x0a000109, pake",
        "0x00000000, none",
    })
    void categoryIsBits30To24(String value, String category) {
        Algorithm a = Algorithm.of(hex(value));
        assertThat(a.isHash()).as("isHash").isEqualTo(category.equals("hash"));
        assertThat(a.isMac()).as("isMac").isEqualTo(category.equals("mac"));
        assertThat(a.isCipher()).as("isCipher").isEqualTo(category.equals("cipher"));
        assertThat(a.isAead()).as("isAead").isEqualTo(category.equals("aead"));
        assertThat(a.isSign()).as("isSign").isEqualTo(category.equals("sign"));
        assertThat(a.isAsymmetricEncryption()).as("isAsymmetricEncryption")
                .isEqualTo(category.equals("asymmetricEncryption"));
        assertThat(a.isKeyDerivation()).as("isKeyDerivation").isEqualTo(category.equals("keyDerivation"));
        assertThat(a.isKeyAgreement()).as("isKeyAgreement").isEqualTo(category.equals("keyAgreement"));
        assertThat(a.isPake()).as("isPake").isEqualTo(category.equals("pake"));
    }

    @ParameterizedTest(name = "{0}: hashAndSign={1} signHash={2} signMessage={3}")
    @CsvSource({
        "0x06000609, true,  true,  true",
        "0x06000709, true,  true,  true",
        "0x060006ff, true,  true,  true",
        "0x06000209, true,  true,  true",
        "0x06000309, true,  true,  true",
        "0x06001309, true,  true,  true",
        "0x0600090b, true,  true,  true",
        "0x06000600, false, true,  false",
        "0x06000200, false, true,  false",
        "0x06000800, false, false, true",
        "0x07000309, false, false, false",
    })
    void signatureKindsFollowTheSpec(String value, boolean hashAndSign, boolean signHash, boolean signMessage) {
        Algorithm a = Algorithm.of(hex(value));
        assertThat(a.isHashAndSign()).as("isHashAndSign").isEqualTo(hashAndSign);
        assertThat(a.isSignHash()).as("isSignHash").isEqualTo(signHash);
        assertThat(a.isSignMessage()).as("isSignMessage").isEqualTo(signMessage);
    }

    @Test
    void signatureFamilyPredicatesRecogniseTheirScheme() {
        assertThat(ecdsa(SHA_256).isEcdsa()).isTrue();
        assertThat(ecdsa(SHA_256).isRandomizedEcdsa()).isTrue();
        assertThat(deterministicEcdsa(SHA_256).isEcdsa()).isTrue();
        assertThat(deterministicEcdsa(SHA_256).isDeterministicEcdsa()).isTrue();
        assertThat(ECDSA_ANY.isEcdsa()).isTrue();
        assertThat(rsaPss(SHA_256).isRsaPssStandardSalt()).isTrue();
        assertThat(rsaPssAnySalt(SHA_256).isRsaPssAnySalt()).isTrue();
        assertThat(rsaPssAnySalt(SHA_256).isRsaPss()).isTrue();
        assertThat(RSA_PKCS1V15_SIGN_RAW.isRsaPkcs1v15Sign()).isTrue();
        assertThat(ED448PH.isHashEddsa()).isTrue();
        assertThat(PURE_EDDSA.isHashEddsa()).isFalse();
    }

    @Test
    void macAndCipherSubcategoriesAreRecognised() {
        assertThat(hmac(SHA_256).isHmac()).isTrue();
        assertThat(truncatedMac(hmac(SHA_256), 16).isHmac()).isTrue();
        assertThat(CMAC.isBlockCipherMac()).isTrue();
        assertThat(CMAC.isHmac()).isFalse();
        assertThat(STREAM_CIPHER.isStreamCipher()).isTrue();
        assertThat(CTR.isStreamCipher()).isTrue();
        assertThat(CBC_PKCS7.isStreamCipher()).isFalse();
        assertThat(GCM.isAeadOnBlockCipher()).isTrue();
        assertThat(CHACHA20_POLY1305.isAeadOnBlockCipher()).isFalse();
    }

    @Test
    void keyDerivationFamiliesAreRecognised() {
        assertThat(hkdf(SHA_256).isHkdf()).isTrue();
        assertThat(hkdfExtract(SHA_256).isHkdfExtract()).isTrue();
        assertThat(hkdfExpand(SHA_256).isHkdfExpand()).isTrue();
        assertThat(tls12Prf(SHA_256).isTls12Prf()).isTrue();
        assertThat(tls12PskToMs(SHA_256).isTls12PskToMs()).isTrue();
        assertThat(pbkdf2Hmac(SHA_256).isPbkdf2Hmac()).isTrue();
        assertThat(pbkdf2Hmac(SHA_256).isKeyDerivationStretching()).isTrue();
        assertThat(PBKDF2_AES_CMAC_PRF_128.isKeyDerivationStretching()).isTrue();
        assertThat(hkdf(SHA_256).isKeyDerivationStretching()).isFalse();
    }

    @Test
    void aCombinedKeyAgreementSplitsIntoItsParts() {
        Algorithm ka = keyAgreement(ECDH, hkdf(SHA_384));
        assertThat(ka.isStandaloneKeyAgreement()).isFalse();
        assertThat(ka.isEcdh()).isTrue();
        assertThat(ka.isFfdh()).isFalse();
        assertThat(ka.keyAgreementBase()).isEqualTo(ECDH);
        assertThat(ka.keyAgreementKdf()).isEqualTo(hkdf(SHA_384));
    }

    @Test
    void aStandaloneKeyAgreementHasNoKdf() {
        assertThat(ECDH.isStandaloneKeyAgreement()).isTrue();
        assertThat(FFDH.isFfdh()).isTrue();
        assertThat(ECDH.keyAgreementKdf().value()).isEqualTo(0x08000000);
    }

    @ParameterizedTest(name = "{0}: wildcard={1}")
    @CsvSource({
        "0x060006ff, true",
        "0x060002ff, true",
        "0x060013ff, true",
        "0x03c88200, true",
        "0x054c8200, true",
        "0x04c09300, true",
        "0x020000ff, true",
        "0x06000609, false",
        "0x06000600, false",
        "0x03900009, false",
        "0x054c0200, false",
        "0x05500200, false",
        "0x04c01300, false",
    })
    void wildcardsAreAnyHashAtLeastThisLengthAndCcmStarAnyTag(String value, boolean wildcard) {
        assertThat(Algorithm.of(hex(value)).isWildcard()).isEqualTo(wildcard);
    }

    @Test
    void anyHashIsOnlyAWildcardForSignatures() {
        assertThatThrownBy(() -> hmac(ANY_HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hkdf(ANY_HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rsaOaep(ANY_HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThat(rsaPss(ANY_HASH).value()).isEqualTo(0x060003ff);
    }

    @Test
    void hashFactoriesRejectNonHashArguments() {
        assertThatThrownBy(() -> ecdsa(NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hmac(CTR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hkdf(hmac(SHA_256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macTruncationMustBeBetweenOneAndTheFullLength() {
        assertThatThrownBy(() -> truncatedMac(hmac(SHA_256), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> truncatedMac(hmac(SHA_256), 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> atLeastThisLengthMac(CMAC, 17)).isInstanceOf(IllegalArgumentException.class);
        assertThat(truncatedMac(hmac(SHA_256), 32).macTruncatedLength()).isEqualTo(32);
    }

    @Test
    void macAndAeadLengthFactoriesRejectTheOtherCategory() {
        assertThatThrownBy(() -> truncatedMac(GCM, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aeadWithShortenedTag(CMAC, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fullLengthMac(GCM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aeadWithDefaultLengthTag(CMAC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aeadTagLengthMustBeBetweenOneAnd16() {
        assertThatThrownBy(() -> aeadWithShortenedTag(GCM, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aeadWithShortenedTag(GCM, 17)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyAgreementNeedsAStandaloneAgreementAndAKdf() {
        Algorithm combined = keyAgreement(ECDH, hkdf(SHA_256));
        assertThatThrownBy(() -> keyAgreement(combined, hkdf(SHA_256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyAgreement(ECDH, SHA_256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyAgreement(hkdf(SHA_256), hkdf(SHA_256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0x00000000 | PSA_ALG_NONE",
        "0x02000009 | PSA_ALG_SHA_256",
        "0x05500200 | PSA_ALG_GCM",
        "0x06000609 | PSA_ALG_ECDSA(PSA_ALG_SHA_256)",
        "0x060006ff | PSA_ALG_ECDSA(PSA_ALG_ANY_HASH)",
        "0x06000600 | PSA_ALG_ECDSA_ANY",
        "0x06000200 | PSA_ALG_RSA_PKCS1V15_SIGN_RAW",
        "0x03800009 | PSA_ALG_HMAC(PSA_ALG_SHA_256)",
        "0x03900009 | PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 16)",
        "0x03c88200 | PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8)",
        "0x05480100 | PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 8)",
        "0x054c8200 | PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 12)",
        "0x08000109 | PSA_ALG_HKDF(PSA_ALG_SHA_256)",
        "0x08800109 | PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256)",
        "0x09020109 | PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH, PSA_ALG_HKDF(PSA_ALG_SHA_256))",
        "0x0600090b | PSA_ALG_ED25519PH",
        "0x038000ee | PSA_ALG_HMAC(0x020000ee)",
        "0x0a000109 | 0x0a000109",
        "0xc0000001 | 0xc0000001",
    })
    void toStringIsTheCExpression(String value, String expected) {
        assertThat(Algorithm.of(hex(value))).hasToString(expected);
    }

    @Test
    void algorithmsWithTheSameValueAreEqual() {
        assertThat(Algorithm.of(0x06000609)).isEqualTo(ecdsa(SHA_256)).hasSameHashCodeAs(ecdsa(SHA_256));
        assertThat(ecdsa(SHA_256)).isNotEqualTo(deterministicEcdsa(SHA_256));
    }

    @Test
    void vendorFlagIsBit31() {
        assertThat(Algorithm.of(0x80000001).isVendorDefined()).isTrue();
        assertThat(GCM.isVendorDefined()).isFalse();
    }
}
