package dev.citadel.psa.crypto;

import static dev.citadel.psa.crypto.Algorithm.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoSizesTest {

    private static final KeyType P256 = KeyType.eccKeyPair(EccFamily.SECP_R1);
    private static final KeyType P256_PUBLIC = KeyType.eccPublicKey(EccFamily.SECP_R1);
    private static final KeyType X25519 = KeyType.eccKeyPair(EccFamily.MONTGOMERY);
    private static final KeyType ED = KeyType.eccKeyPair(EccFamily.TWISTED_EDWARDS);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "MD5, 16", "RIPEMD160, 20", "SHA_1, 20", "SHA_224, 28", "SHA_256, 32", "SHA_384, 48", "SHA_512, 64",
        "SHA_512_224, 28", "SHA_512_256, 32", "SHA3_224, 28", "SHA3_256, 32", "SHA3_384, 48", "SHA3_512, 64",
        "SM3, 32", "SHAKE256_512, 64", "ANY_HASH, 0", "NONE, 0",
    })
    void hashLengthIsTheDigestSize(String hash, int length) throws ReflectiveOperationException {
        assertThat(CryptoSizes.hashLength((Algorithm) Algorithm.class.getField(hash).get(null))).isEqualTo(length);
    }

    @Test
    void sha256Is32Bytes() {
        assertThat(CryptoSizes.hashLength(SHA_256)).isEqualTo(32);
    }

    @Test
    void hashLengthOfAnHmacIsItsHashsLength() {
        assertThat(CryptoSizes.hashLength(hmac(SHA_384))).isEqualTo(48);
        assertThat(CryptoSizes.hashLength(GCM)).isZero();
    }

    @Test
    void hmacSha256Is32Bytes() {
        assertThat(CryptoSizes.macLength(KeyType.HMAC, 256, hmac(SHA_256))).isEqualTo(32);
    }

    @Test
    void aTruncatedMacIsItsTruncatedLength() {
        assertThat(CryptoSizes.macLength(KeyType.HMAC, 256, truncatedMac(hmac(SHA_256), 16))).isEqualTo(16);
        assertThat(CryptoSizes.macLength(KeyType.AES, 128, truncatedMac(CMAC, 8))).isEqualTo(8);
    }

    @Test
    void cmacIsOneCipherBlock() {
        assertThat(CryptoSizes.macLength(KeyType.AES, 256, CMAC)).isEqualTo(16);
        assertThat(CryptoSizes.macLength(KeyType.DES, 192, CMAC)).isEqualTo(8);
        assertThat(CryptoSizes.macLength(KeyType.CHACHA20, 256, CMAC)).isZero();
        assertThat(CryptoSizes.macLength(KeyType.AES, 128, GCM)).isZero();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "0x2400, 16", "0x2406, 16", "0x2403, 16", "0x2405, 16", "0x2301, 8", "0x2004, 1", "0x2002, 1",
        "0x1001, 0", "0x7001, 0", "0x7112, 0",
    })
    void blockLengthComesFromTheSymmetricKeyType(String type, int length) {
        assertThat(CryptoSizes.blockCipherBlockLength(KeyType.of(Integer.decode(type)))).isEqualTo(length);
    }

    @Test
    void aesBlockIs16Bytes() {
        assertThat(CryptoSizes.blockCipherBlockLength(KeyType.AES)).isEqualTo(16);
    }

    @Test
    void gcmTagIs16Bytes() {
        assertThat(CryptoSizes.aeadTagLength(KeyType.AES, 128, GCM)).isEqualTo(16);
        assertThat(CryptoSizes.aeadTagLength(KeyType.AES, 128, aeadWithShortenedTag(GCM, 12))).isEqualTo(12);
        assertThat(CryptoSizes.aeadTagLength(KeyType.CHACHA20, 256, GCM)).isZero();
    }

    @Test
    void aeadNoncesHaveTheirDefaultLengths() {
        assertThat(CryptoSizes.aeadNonceLength(KeyType.AES, GCM)).isEqualTo(12);
        assertThat(CryptoSizes.aeadNonceLength(KeyType.AES, aeadWithShortenedTag(CCM, 8))).isEqualTo(13);
        assertThat(CryptoSizes.aeadNonceLength(KeyType.CHACHA20, CHACHA20_POLY1305)).isEqualTo(12);
        assertThat(CryptoSizes.aeadNonceLength(KeyType.XCHACHA20, XCHACHA20_POLY1305)).isEqualTo(24);
        assertThat(CryptoSizes.aeadNonceLength(KeyType.AES, CHACHA20_POLY1305)).isZero();
        assertThat(CryptoSizes.aeadNonceLength(KeyType.DES, GCM)).isZero();
    }

    @Test
    void aeadOutputAddsOrRemovesTheTag() {
        assertThat(CryptoSizes.aeadEncryptOutputSize(KeyType.AES, GCM, 100)).isEqualTo(116);
        assertThat(CryptoSizes.aeadEncryptOutputSize(KeyType.AES, aeadWithShortenedTag(CCM, 8), 100))
                .isEqualTo(108);
        assertThat(CryptoSizes.aeadDecryptOutputSize(KeyType.AES, GCM, 116)).isEqualTo(100);
        assertThat(CryptoSizes.aeadDecryptOutputSize(KeyType.AES, GCM, 16)).isZero();
        assertThat(CryptoSizes.aeadEncryptOutputSize(KeyType.RSA_KEY_PAIR, GCM, 100)).isZero();
    }

    @Test
    void cipherIvLengths() {
        assertThat(CryptoSizes.cipherIvLength(KeyType.AES, CBC_PKCS7)).isEqualTo(16);
        assertThat(CryptoSizes.cipherIvLength(KeyType.AES, CTR)).isEqualTo(16);
        assertThat(CryptoSizes.cipherIvLength(KeyType.AES, ECB_NO_PADDING)).isZero();
        assertThat(CryptoSizes.cipherIvLength(KeyType.CHACHA20, STREAM_CIPHER)).isEqualTo(12);
        assertThat(CryptoSizes.cipherIvLength(KeyType.XCHACHA20, STREAM_CIPHER)).isEqualTo(24);
        assertThat(CryptoSizes.cipherIvLength(KeyType.AES, CCM_STAR_NO_TAG)).isEqualTo(13);
        assertThat(CryptoSizes.cipherIvLength(KeyType.CHACHA20, CTR)).isZero();
    }

    @Test
    void cipherEncryptOutputIsIvPlusPaddedInput() {
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, CBC_PKCS7, 16)).isEqualTo(16 + 32);
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, CBC_PKCS7, 15)).isEqualTo(16 + 16);
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, CBC_PKCS7, 0)).isEqualTo(16 + 16);
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, CTR, 5)).isEqualTo(16 + 5);
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, ECB_NO_PADDING, 32)).isEqualTo(32);
        assertThat(CryptoSizes.cipherEncryptOutputSize(KeyType.AES, GCM, 32)).isZero();
        assertThat(CryptoSizes.cipherDecryptOutputSize(KeyType.AES, CBC_PKCS7, 48)).isEqualTo(48);
    }

    @Test
    void ecdsaP256SignatureIs64Bytes() {
        assertThat(CryptoSizes.signOutputSize(P256, 256, ecdsa(SHA_256))).isEqualTo(64);
    }

    @Test
    void ecdsaSignatureIsTwiceTheRoundedUpFieldSize() {
        KeyType p521 = KeyType.eccKeyPair(EccFamily.SECP_R1);
        assertThat(CryptoSizes.signOutputSize(p521, 521, ecdsa(SHA_512))).isEqualTo(132);
        assertThat(CryptoSizes.signOutputSize(P256_PUBLIC, 256, ECDSA_ANY)).isEqualTo(64);
    }

    @Test
    void ed25519SignatureIs64Bytes() {
        assertThat(CryptoSizes.signOutputSize(ED, 255, PURE_EDDSA)).isEqualTo(64);
        assertThat(CryptoSizes.signOutputSize(ED, 255, ED25519PH)).isEqualTo(64);
    }

    @Test
    void ed448SignatureIs114Bytes() {
        assertThat(CryptoSizes.signOutputSize(ED, 448, PURE_EDDSA)).isEqualTo(114);
    }

    @Test
    void rsaSignatureIsTheModulusLength() {
        assertThat(CryptoSizes.signOutputSize(KeyType.RSA_KEY_PAIR, 2048, rsaPss(SHA_256))).isEqualTo(256);
        assertThat(CryptoSizes.signOutputSize(KeyType.RSA_KEY_PAIR, 2048, RSA_PKCS1V15_SIGN_RAW)).isEqualTo(256);
    }

    @Test
    void mismatchedSignatureCombinationsAreZero() {
        assertThat(CryptoSizes.signOutputSize(P256, 256, rsaPss(SHA_256))).isZero();
        assertThat(CryptoSizes.signOutputSize(X25519, 255, PURE_EDDSA)).isZero();
        assertThat(CryptoSizes.signOutputSize(ED, 255, ecdsa(SHA_256))).isZero();
        assertThat(CryptoSizes.signOutputSize(KeyType.AES, 128, ecdsa(SHA_256))).isZero();
    }

    @Test
    void p256PublicKeyExportIs65Bytes() {
        assertThat(CryptoSizes.exportPublicKeyOutputSize(P256, 256)).isEqualTo(65);
        assertThat(CryptoSizes.exportKeyOutputSize(P256_PUBLIC, 256)).isEqualTo(65);
    }

    @Test
    void p256PrivateKeyExportIs32Bytes() {
        assertThat(CryptoSizes.exportKeyOutputSize(P256, 256)).isEqualTo(32);
    }

    @Test
    void x25519PublicKeyIs32Bytes() {
        assertThat(CryptoSizes.exportPublicKeyOutputSize(X25519, 255)).isEqualTo(32);
        assertThat(CryptoSizes.exportKeyOutputSize(X25519, 255)).isEqualTo(32);
    }

    @Test
    void montgomeryAndEdwardsKeysAreTheirRawEncodings() {
        assertThat(CryptoSizes.exportPublicKeyOutputSize(X25519, 448)).isEqualTo(56);
        assertThat(CryptoSizes.exportPublicKeyOutputSize(ED, 255)).isEqualTo(32);
        assertThat(CryptoSizes.exportPublicKeyOutputSize(ED, 448)).isEqualTo(57);
        assertThat(CryptoSizes.exportKeyOutputSize(ED, 448)).isEqualTo(57);
    }

    @Test
    void symmetricKeyExportIsTheKeyBytes() {
        assertThat(CryptoSizes.exportKeyOutputSize(KeyType.AES, 256)).isEqualTo(32);
        assertThat(CryptoSizes.exportKeyOutputSize(KeyType.HMAC, 100)).isEqualTo(13);
        assertThat(CryptoSizes.exportPublicKeyOutputSize(KeyType.AES, 256)).isZero();
    }

    @Test
    void rsaExportSizesBoundTheDerEncoding() {
        // RSA-2048: RSAPublicKey is 270 bytes with e = 65537, RSAPrivateKey about 1190
        assertThat(CryptoSizes.exportPublicKeyOutputSize(KeyType.RSA_KEY_PAIR, 2048)).isEqualTo(272);
        assertThat(CryptoSizes.exportKeyOutputSize(KeyType.RSA_PUBLIC_KEY, 2048)).isEqualTo(272);
        assertThat(CryptoSizes.exportKeyOutputSize(KeyType.RSA_KEY_PAIR, 2048)).isEqualTo(1211);
    }

    @Test
    void dhExportIsTheGroupSize() {
        assertThat(CryptoSizes.exportKeyOutputSize(KeyType.dhKeyPair(DhFamily.RFC7919), 2048)).isEqualTo(256);
        assertThat(CryptoSizes.exportPublicKeyOutputSize(KeyType.dhKeyPair(DhFamily.RFC7919), 2048)).isEqualTo(256);
    }

    @Test
    void keyAgreementAndEncryptionSizes() {
        assertThat(CryptoSizes.rawKeyAgreementOutputSize(P256, 256)).isEqualTo(32);
        assertThat(CryptoSizes.rawKeyAgreementOutputSize(X25519, 448)).isEqualTo(56);
        assertThat(CryptoSizes.asymmetricEncryptOutputSize(KeyType.RSA_PUBLIC_KEY, 3072, rsaOaep(SHA_256)))
                .isEqualTo(384);
        assertThat(CryptoSizes.asymmetricEncryptOutputSize(P256, 256, rsaOaep(SHA_256))).isZero();
    }
}
