package dev.citadel.psa.crypto;

import java.util.Optional;

/**
 * The PSA Crypto size macros ({@code psa/crypto_sizes.h}) that these types can express. Like the macros, each returns
 * 0 for a combination it does not recognise or that is incompatible, and sizes are exact where the spec fixes them
 * and safe upper bounds where it leaves them to the implementation (RSA key export).
 */
public final class CryptoSizes {
    private CryptoSizes() {}

    private static final int SYMMETRIC_CATEGORY = 0x2000;
    private static final int KEY_TYPE_CATEGORY_MASK = 0x7000;
    private static final int BLOCK_SIZE_EXPONENT_SHIFT = 8;
    private static final int BLOCK_SIZE_EXPONENT_MASK = 0x7;

    private static final int CCM_NONCE_LENGTH = 13;
    private static final int GCM_NONCE_LENGTH = 12;
    private static final int CHACHA20_NONCE_LENGTH = 12;
    private static final int XCHACHA20_NONCE_LENGTH = 24;
    private static final int CCM_STAR_NONCE_LENGTH = 13;
    private static final int ED25519_BITS = 255;
    private static final int ED448_BITS = 448;
    private static final int ED25519_SIGNATURE_LENGTH = 64;
    private static final int ED448_SIGNATURE_LENGTH = 114;
    /** Edwards448 keys are 57 bytes (RFC 8032), one more than ceil(448 / 8). */
    private static final int ED448_KEY_LENGTH = 57;

    /** {@code PSA_MAC_MAX_SIZE}: the longest MAC of any supported algorithm (HMAC-SHA-512). */
    public static final int MAC_MAX_SIZE = 64;
    /** {@code PSA_BLOCK_CIPHER_BLOCK_MAX_SIZE}. */
    public static final int BLOCK_CIPHER_BLOCK_MAX_SIZE = 16;
    /** {@code PSA_CIPHER_IV_MAX_SIZE}. */
    public static final int CIPHER_IV_MAX_SIZE = 16;
    /** {@code PSA_CIPHER_FINISH_OUTPUT_MAX_SIZE}: at most one block (PKCS#7 padding). */
    public static final int CIPHER_FINISH_OUTPUT_MAX_SIZE = 16;

    /**
     * {@code PSA_CIPHER_UPDATE_OUTPUT_MAX_SIZE(input_length)}: enough for any cipher update, whatever the key type:
     * the input plus a pending partial block, rounded up to whole blocks.
     */
    public static int cipherUpdateOutputMaxSize(int inputLength) {
        return roundUp(Math.addExact(inputLength, BLOCK_CIPHER_BLOCK_MAX_SIZE - 1), BLOCK_CIPHER_BLOCK_MAX_SIZE);
    }

    /** {@code PSA_CIPHER_ENCRYPT_OUTPUT_MAX_SIZE(input_length)}: padded ciphertext plus the largest IV. */
    public static int cipherEncryptOutputMaxSize(int inputLength) {
        return Math.addExact(roundUp(Math.addExact(inputLength, 1), BLOCK_CIPHER_BLOCK_MAX_SIZE),
                CIPHER_IV_MAX_SIZE);
    }

    private static int roundUp(int n, int multiple) {
        return Math.multiplyExact(Math.addExact(n, multiple - 1) / multiple, multiple);
    }

    /** {@code PSA_BITS_TO_BYTES(bits)}. */
    public static int bitsToBytes(int bits) {
        return (bits + 7) / 8;
    }

    /** {@code PSA_HASH_LENGTH(alg)}: the digest length of a hash, or of an HMAC's hash; 0 otherwise. */
    public static int hashLength(Algorithm alg) {
        return alg.isHash() || alg.isHmac() ? Algorithm.hashLength(alg) : 0;
    }

    /**
     * {@code PSA_MAC_LENGTH(key_type, key_bits, alg)}: the MAC's output length, after truncation. A block-cipher MAC
     * is as long as the key's cipher block; the key size does not matter.
     */
    public static int macLength(KeyType keyType, int keyBits, Algorithm alg) {
        if (!alg.isMac()) {
            return 0;
        }
        int full = alg.fullMacLength(keyType);
        if (full <= 1) {
            return 0; // unknown hash, or a block-cipher MAC over a stream cipher or a non-symmetric key
        }
        int truncated = alg.macTruncatedLength();
        if (truncated == 0) {
            return full;
        }
        return truncated <= full ? truncated : 0;
    }

    /**
     * {@code PSA_BLOCK_CIPHER_BLOCK_LENGTH(type)}: 16 for AES, ARIA, Camellia and SM4, 8 for DES, 1 for stream
     * ciphers, 0 for a type that is not symmetric. The block size is encoded in bits 10:8 of symmetric key types.
     */
    public static int blockCipherBlockLength(KeyType type) {
        if ((type.value() & KEY_TYPE_CATEGORY_MASK) != SYMMETRIC_CATEGORY) {
            return 0;
        }
        return 1 << ((type.value() >>> BLOCK_SIZE_EXPONENT_SHIFT) & BLOCK_SIZE_EXPONENT_MASK);
    }

    /**
     * {@code PSA_AEAD_NONCE_LENGTH(key_type, alg)}: the default nonce length: CCM 13 and GCM 12 with a 16-byte block
     * cipher, ChaCha20-Poly1305 12 with a ChaCha20 key, XChaCha20-Poly1305 24 with an XChaCha20 key.
     */
    public static int aeadNonceLength(KeyType keyType, Algorithm alg) {
        if (!alg.isAead()) {
            return 0;
        }
        Algorithm base = alg.aeadWithDefaultTag();
        if (blockCipherBlockLength(keyType) == 16) {
            if (base.equals(Algorithm.CCM)) {
                return CCM_NONCE_LENGTH;
            }
            if (base.equals(Algorithm.GCM)) {
                return GCM_NONCE_LENGTH;
            }
            return 0;
        }
        if (keyType.equals(KeyType.CHACHA20) && base.equals(Algorithm.CHACHA20_POLY1305)) {
            return CHACHA20_NONCE_LENGTH;
        }
        if (keyType.equals(KeyType.XCHACHA20) && base.equals(Algorithm.XCHACHA20_POLY1305)) {
            return XCHACHA20_NONCE_LENGTH;
        }
        return 0;
    }

    /** {@code PSA_AEAD_TAG_LENGTH(key_type, key_bits, alg)}: the tag length the algorithm encodes, for a usable key. */
    public static int aeadTagLength(KeyType keyType, int keyBits, Algorithm alg) {
        return aeadNonceLength(keyType, alg) != 0 ? alg.aeadTagLength() : 0;
    }

    /** {@code PSA_AEAD_ENCRYPT_OUTPUT_SIZE(key_type, alg, plaintext_length)}: ciphertext plus tag. */
    public static int aeadEncryptOutputSize(KeyType keyType, Algorithm alg, int plaintextLength) {
        if (aeadNonceLength(keyType, alg) == 0) {
            return 0;
        }
        return Math.addExact(plaintextLength, alg.aeadTagLength());
    }

    /** {@code PSA_AEAD_DECRYPT_OUTPUT_SIZE(key_type, alg, ciphertext_length)}: the input less the tag, or 0. */
    public static int aeadDecryptOutputSize(KeyType keyType, Algorithm alg, int ciphertextLength) {
        if (aeadNonceLength(keyType, alg) == 0 || ciphertextLength <= alg.aeadTagLength()) {
            return 0;
        }
        return ciphertextLength - alg.aeadTagLength();
    }

    /**
     * {@code PSA_CIPHER_IV_LENGTH(key_type, alg)}: the block length for CTR, CFB, OFB, XTS and CBC over a block
     * cipher, 12 for ChaCha20 and 24 for XChaCha20 as stream ciphers, 13 for CCM* without tag; 0 for ECB and for
     * incompatible combinations.
     */
    public static int cipherIvLength(KeyType keyType, Algorithm alg) {
        int block = blockCipherBlockLength(keyType);
        if (block > 1 && (alg.equals(Algorithm.CTR) || alg.equals(Algorithm.CFB) || alg.equals(Algorithm.OFB)
                || alg.equals(Algorithm.XTS) || alg.equals(Algorithm.CBC_NO_PADDING)
                || alg.equals(Algorithm.CBC_PKCS7))) {
            return block;
        }
        if (alg.equals(Algorithm.STREAM_CIPHER)) {
            if (keyType.equals(KeyType.CHACHA20)) {
                return CHACHA20_NONCE_LENGTH;
            }
            if (keyType.equals(KeyType.XCHACHA20)) {
                return XCHACHA20_NONCE_LENGTH;
            }
        }
        if (alg.equals(Algorithm.CCM_STAR_NO_TAG) && block == 16) {
            return CCM_STAR_NONCE_LENGTH;
        }
        return 0;
    }

    /**
     * {@code PSA_CIPHER_ENCRYPT_OUTPUT_SIZE(key_type, alg, input_length)}: the IV that {@code psa_cipher_encrypt}
     * prepends plus the ciphertext, which PKCS#7 padding rounds up to the next whole block.
     */
    public static int cipherEncryptOutputSize(KeyType keyType, Algorithm alg, int inputLength) {
        int block = blockCipherBlockLength(keyType);
        if (!alg.isCipher() || block == 0) {
            return 0;
        }
        int iv = cipherIvLength(keyType, alg);
        if (alg.equals(Algorithm.CBC_PKCS7)) {
            int padded = Math.multiplyExact(Math.addExact(inputLength, block) / block, block);
            return Math.addExact(padded, iv);
        }
        return Math.addExact(inputLength, iv);
    }

    /** {@code PSA_CIPHER_DECRYPT_OUTPUT_SIZE(key_type, alg, input_length)}: never more than the input. */
    public static int cipherDecryptOutputSize(KeyType keyType, Algorithm alg, int inputLength) {
        return alg.isCipher() && blockCipherBlockLength(keyType) != 0 ? inputLength : 0;
    }

    /**
     * {@code PSA_SIGN_OUTPUT_SIZE(key_type, key_bits, alg)}: the modulus length for RSA, {@code 2 * ceil(bits / 8)}
     * for ECDSA, 64 for Ed25519 and 114 for Ed448 (RFC 8032).
     */
    public static int signOutputSize(KeyType keyType, int keyBits, Algorithm alg) {
        if (keyType.isRsa()) {
            return alg.isRsaPkcs1v15Sign() || alg.isRsaPss() ? bitsToBytes(keyBits) : 0;
        }
        Optional<EccFamily> family = keyType.eccFamily();
        if (family.isEmpty()) {
            return 0;
        }
        switch (family.get().shape()) {
            case WEIERSTRASS:
                return alg.isEcdsa() ? 2 * bitsToBytes(keyBits) : 0;
            case TWISTED_EDWARDS:
                if (!alg.equals(Algorithm.PURE_EDDSA) && !alg.isHashEddsa()) {
                    return 0;
                }
                return keyBits == ED25519_BITS ? ED25519_SIGNATURE_LENGTH
                        : keyBits == ED448_BITS ? ED448_SIGNATURE_LENGTH : 0;
            default:
                return 0; // Montgomery curves only do key agreement
        }
    }

    /**
     * {@code PSA_EXPORT_KEY_OUTPUT_SIZE(key_type, key_bits)}: the size of {@code psa_export_key}'s output: the key
     * bytes for raw, symmetric, DH and ECC private keys (57 for Ed448), the public key format for public keys, and
     * DER upper bounds for RSA.
     */
    public static int exportKeyOutputSize(KeyType keyType, int keyBits) {
        if (keyType.isUnstructured() || keyType.isDh()) {
            return bitsToBytes(keyBits);
        }
        if (keyType.equals(KeyType.RSA_KEY_PAIR)) {
            return rsaKeyPairExportBound(keyBits);
        }
        if (keyType.equals(KeyType.RSA_PUBLIC_KEY)) {
            return rsaPublicKeyExportBound(keyBits);
        }
        if (keyType.isEccKeyPair()) {
            return keyType.eccFamily().map(f -> eccPrivateKeySize(f, keyBits)).orElse(0);
        }
        if (keyType.isEccPublicKey()) {
            return keyType.eccFamily().map(f -> eccPublicKeySize(f, keyBits)).orElse(0);
        }
        return 0;
    }

    /**
     * {@code PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE(key_type, key_bits)}: for a key pair or a public key, the size of its
     * public key: {@code 1 + 2 * ceil(bits / 8)} for Weierstrass curves (uncompressed point), {@code ceil(bits / 8)}
     * for Montgomery and Edwards curves (57 for Ed448), the DER upper bound for RSA, {@code ceil(bits / 8)} for DH.
     */
    public static int exportPublicKeyOutputSize(KeyType keyType, int keyBits) {
        if (keyType.isRsa()) {
            return rsaPublicKeyExportBound(keyBits);
        }
        if (keyType.isEcc()) {
            return keyType.eccFamily().map(f -> eccPublicKeySize(f, keyBits)).orElse(0);
        }
        if (keyType.isDh()) {
            return bitsToBytes(keyBits);
        }
        return 0;
    }

    /** {@code PSA_ASYMMETRIC_ENCRYPT_OUTPUT_SIZE(key_type, key_bits, alg)}: the modulus length for RSA. */
    public static int asymmetricEncryptOutputSize(KeyType keyType, int keyBits, Algorithm alg) {
        return keyType.isRsa() && alg.isAsymmetricEncryption() ? bitsToBytes(keyBits) : 0;
    }

    /**
     * {@code PSA_RAW_KEY_AGREEMENT_OUTPUT_SIZE(key_type, key_bits)}: the shared secret, {@code ceil(bits / 8)} for
     * ECC and DH key types (the x-coordinate for Weierstrass curves).
     */
    public static int rawKeyAgreementOutputSize(KeyType keyType, int keyBits) {
        return keyType.isEcc() || keyType.isDh() ? bitsToBytes(keyBits) : 0;
    }

    /**
     * {@code PSA_SIGNATURE_MAX_SIZE} for the keys this implementation supports: an RSA-4096 signature
     * ({@code PSA_VENDOR_RSA_MAX_KEY_BITS}); ECDSA on P-521 (132) and Ed25519 (64) are shorter.
     */
    public static final int SIGNATURE_MAX_SIZE = 512;

    /** {@code PSA_ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE}: the modulus of an RSA-4096 key. */
    public static final int ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE = 512;

    /** {@code PSA_ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE}: never more than the largest modulus. */
    public static final int ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE = 512;

    /** {@code PSA_RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE}: the x-coordinate of a P-521 point. */
    public static final int RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE = 66;

    private static int eccPrivateKeySize(EccFamily family, int bits) {
        if (family.shape() == EccFamily.Shape.TWISTED_EDWARDS && bits == ED448_BITS) {
            return ED448_KEY_LENGTH;
        }
        return bitsToBytes(bits);
    }

    private static int eccPublicKeySize(EccFamily family, int bits) {
        switch (family.shape()) {
            case WEIERSTRASS:
                return 1 + 2 * bitsToBytes(bits); // 0x04 || x || y
            case TWISTED_EDWARDS:
                return bits == ED448_BITS ? ED448_KEY_LENGTH : bitsToBytes(bits);
            default:
                return bitsToBytes(bits);
        }
    }

    // DER bounds: an INTEGER of n bits takes at most n/8 + 5 bytes (tag, up to 3 length bytes, a sign byte).

    private static int asn1IntegerBound(int bits) {
        return bits / 8 + 5;
    }

    /** RSAPublicKey: SEQUENCE header (4) + modulus + an exponent below 2^32 (7). */
    private static int rsaPublicKeyExportBound(int bits) {
        return asn1IntegerBound(bits) + 11;
    }

    /**
     * RSAPrivateKey: n and d are full-size (two halves each) and p, q, dP, dQ, qInv half-size, so nine half-size
     * INTEGERs; plus SEQUENCE header (4), version (3) and an exponent below 2^32 (7). 1211 bytes for RSA-2048.
     */
    private static int rsaKeyPairExportBound(int bits) {
        return 9 * asn1IntegerBound(bits / 2 + 1) + 14;
    }
}
