package dev.citadel.psa.crypto;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PSA algorithm identifier ({@code psa_algorithm_t}, 32 bits).
 *
 * <p>The category is in bits 30:24. Algorithms built on a hash carry the hash's low byte in bits 7:0: the factories
 * mask the hash with {@code 0xff}, because OR-ing in the whole hash value sets category bits of its own and turns, for
 * example, HKDF into a PAKE identifier. MAC truncation lengths and AEAD tag lengths live in bits 21:16, and bit 15
 * marks the "at least this length" wildcards.
 *
 * <p>Any 32-bit value is accepted by {@link #of(int)}, so that what a client sends can be represented and then
 * refused with a status; the factories validate their arguments.
 */
public final class Algorithm {
    private static final int CATEGORY_MASK = 0x7F000000;
    private static final int CATEGORY_HASH = 0x02000000;
    private static final int CATEGORY_MAC = 0x03000000;
    private static final int CATEGORY_CIPHER = 0x04000000;
    private static final int CATEGORY_AEAD = 0x05000000;
    private static final int CATEGORY_SIGN = 0x06000000;
    private static final int CATEGORY_ASYMMETRIC_ENCRYPTION = 0x07000000;
    private static final int CATEGORY_KEY_DERIVATION = 0x08000000;
    private static final int CATEGORY_KEY_AGREEMENT = 0x09000000;
    private static final int CATEGORY_PAKE = 0x0A000000;
    private static final int VENDOR_FLAG = 0x80000000;

    private static final int HASH_MASK = 0x000000FF;
    private static final int ANY_HASH_BYTE = 0xFF;

    private static final int MAC_SUBCATEGORY_MASK = 0x00C00000;
    private static final int HMAC_BASE = 0x03800000;
    private static final int BLOCK_CIPHER_MAC_BASE = 0x03C00000;
    /** MAC truncation length or AEAD tag length, in bytes. */
    private static final int LENGTH_MASK = 0x003F0000;
    private static final int LENGTH_SHIFT = 16;
    private static final int MAX_ENCODABLE_LENGTH = LENGTH_MASK >>> LENGTH_SHIFT;
    private static final int AT_LEAST_THIS_LENGTH_FLAG = 0x00008000;

    private static final int CIPHER_STREAM_FLAG = 0x00800000;
    private static final int AEAD_ON_BLOCK_CIPHER_FLAG = 0x00400000;
    private static final int KEY_DERIVATION_STRETCHING_FLAG = 0x00800000;

    private static final int RSA_PKCS1V15_SIGN_BASE = 0x06000200;
    private static final int RSA_PSS_BASE = 0x06000300;
    private static final int RSA_PSS_ANY_SALT_BASE = 0x06001300;
    private static final int ECDSA_BASE = 0x06000600;
    private static final int DETERMINISTIC_ECDSA_BASE = 0x06000700;
    private static final int ECDSA_DETERMINISTIC_FLAG = 0x00000100;
    private static final int HASH_EDDSA_BASE = 0x06000900;
    private static final int RSA_OAEP_BASE = 0x07000300;
    private static final int HKDF_BASE = 0x08000100;
    private static final int TLS12_PRF_BASE = 0x08000200;
    private static final int TLS12_PSK_TO_MS_BASE = 0x08000300;
    private static final int HKDF_EXTRACT_BASE = 0x08000400;
    private static final int HKDF_EXPAND_BASE = 0x08000500;
    private static final int SP800_108_COUNTER_HMAC_BASE = 0x08000700;
    private static final int PBKDF2_HMAC_BASE = 0x08800100;
    /** Spec 1.2 {@code PSA_ALG_KEY_AGREEMENT_GET_BASE}: the key-agreement bits of a combined algorithm. */
    private static final int KEY_AGREEMENT_BASE_MASK = 0xFF7F0000;
    /** Spec 1.2 {@code PSA_ALG_KEY_AGREEMENT_GET_KDF}: clears the category's low bit, so 0x09 becomes 0x08. */
    private static final int KEY_AGREEMENT_KDF_MASK = 0xFE80FFFF;

    /** Names of the non-parameterised algorithms, hashes included. */
    private static final Map<Integer, String> NAMES = new HashMap<>();
    /** Digest length in bytes of each hash ({@code PSA_HASH_LENGTH}), keyed by value. */
    /** Hash length by the hash byte (the low 8 bits of a hash algorithm): a flat table, read on every crypto call. */
    private static final int[] HASH_LENGTHS = new int[256];
    /** Macro names of the algorithm families parameterised by a hash, keyed by base (value with hash byte 0). */
    private static final Map<Integer, String> HASH_FAMILIES = Map.ofEntries(
            Map.entry(HMAC_BASE, "PSA_ALG_HMAC"),
            Map.entry(RSA_PKCS1V15_SIGN_BASE, "PSA_ALG_RSA_PKCS1V15_SIGN"),
            Map.entry(RSA_PSS_BASE, "PSA_ALG_RSA_PSS"),
            Map.entry(RSA_PSS_ANY_SALT_BASE, "PSA_ALG_RSA_PSS_ANY_SALT"),
            Map.entry(ECDSA_BASE, "PSA_ALG_ECDSA"),
            Map.entry(DETERMINISTIC_ECDSA_BASE, "PSA_ALG_DETERMINISTIC_ECDSA"),
            Map.entry(RSA_OAEP_BASE, "PSA_ALG_RSA_OAEP"),
            Map.entry(HKDF_BASE, "PSA_ALG_HKDF"),
            Map.entry(TLS12_PRF_BASE, "PSA_ALG_TLS12_PRF"),
            Map.entry(TLS12_PSK_TO_MS_BASE, "PSA_ALG_TLS12_PSK_TO_MS"),
            Map.entry(HKDF_EXTRACT_BASE, "PSA_ALG_HKDF_EXTRACT"),
            Map.entry(HKDF_EXPAND_BASE, "PSA_ALG_HKDF_EXPAND"),
            Map.entry(SP800_108_COUNTER_HMAC_BASE, "PSA_ALG_SP800_108_COUNTER_HMAC"),
            Map.entry(PBKDF2_HMAC_BASE, "PSA_ALG_PBKDF2_HMAC"));

    public static final Algorithm NONE = named(0x00000000, "PSA_ALG_NONE");

    // Hashes
    public static final Algorithm MD5 = hash(0x02000003, "PSA_ALG_MD5", 16);
    public static final Algorithm RIPEMD160 = hash(0x02000004, "PSA_ALG_RIPEMD160", 20);
    public static final Algorithm SHA_1 = hash(0x02000005, "PSA_ALG_SHA_1", 20);
    public static final Algorithm SHA_224 = hash(0x02000008, "PSA_ALG_SHA_224", 28);
    public static final Algorithm SHA_256 = hash(0x02000009, "PSA_ALG_SHA_256", 32);
    public static final Algorithm SHA_384 = hash(0x0200000A, "PSA_ALG_SHA_384", 48);
    public static final Algorithm SHA_512 = hash(0x0200000B, "PSA_ALG_SHA_512", 64);
    public static final Algorithm SHA_512_224 = hash(0x0200000C, "PSA_ALG_SHA_512_224", 28);
    public static final Algorithm SHA_512_256 = hash(0x0200000D, "PSA_ALG_SHA_512_256", 32);
    public static final Algorithm SHA3_224 = hash(0x02000010, "PSA_ALG_SHA3_224", 28);
    public static final Algorithm SHA3_256 = hash(0x02000011, "PSA_ALG_SHA3_256", 32);
    public static final Algorithm SHA3_384 = hash(0x02000012, "PSA_ALG_SHA3_384", 48);
    public static final Algorithm SHA3_512 = hash(0x02000013, "PSA_ALG_SHA3_512", 64);
    /** Spec only; Mbed TLS does not define it. */
    public static final Algorithm SM3 = hash(0x02000014, "PSA_ALG_SM3", 32);
    /** The first 512 bits (64 bytes) of SHAKE256 output, as Ed448ph uses it. */
    public static final Algorithm SHAKE256_512 = hash(0x02000015, "PSA_ALG_SHAKE256_512", 64);
    /** In a hash-and-sign key policy only: the scheme with any hash. Never a hash to compute. */
    public static final Algorithm ANY_HASH = named(0x020000FF, "PSA_ALG_ANY_HASH");

    // MACs built on a block cipher
    public static final Algorithm CBC_MAC = named(0x03C00100, "PSA_ALG_CBC_MAC");
    public static final Algorithm CMAC = named(0x03C00200, "PSA_ALG_CMAC");

    // Unauthenticated ciphers
    public static final Algorithm STREAM_CIPHER = named(0x04800100, "PSA_ALG_STREAM_CIPHER");
    public static final Algorithm CTR = named(0x04C01000, "PSA_ALG_CTR");
    public static final Algorithm CFB = named(0x04C01100, "PSA_ALG_CFB");
    public static final Algorithm OFB = named(0x04C01200, "PSA_ALG_OFB");
    public static final Algorithm XTS = named(0x0440FF00, "PSA_ALG_XTS");
    /** CCM* without authentication: a cipher, not an AEAD (spec 1.2). */
    public static final Algorithm CCM_STAR_NO_TAG = named(0x04C01300, "PSA_ALG_CCM_STAR_NO_TAG");
    /** Key-policy wildcard for CCM* with or without a tag (spec 1.2); never an operation's algorithm. */
    public static final Algorithm CCM_STAR_ANY_TAG = named(0x04C09300, "PSA_ALG_CCM_STAR_ANY_TAG");
    public static final Algorithm ECB_NO_PADDING = named(0x04404400, "PSA_ALG_ECB_NO_PADDING");
    public static final Algorithm CBC_NO_PADDING = named(0x04404000, "PSA_ALG_CBC_NO_PADDING");
    public static final Algorithm CBC_PKCS7 = named(0x04404100, "PSA_ALG_CBC_PKCS7");

    // AEAD: the default tag length (16) is part of each value
    public static final Algorithm CCM = named(0x05500100, "PSA_ALG_CCM");
    public static final Algorithm GCM = named(0x05500200, "PSA_ALG_GCM");
    public static final Algorithm CHACHA20_POLY1305 = named(0x05100500, "PSA_ALG_CHACHA20_POLY1305");
    /** Spec 1.2 and later. */
    public static final Algorithm XCHACHA20_POLY1305 = named(0x05100600, "PSA_ALG_XCHACHA20_POLY1305");

    // Signatures without a hash parameter
    public static final Algorithm RSA_PKCS1V15_SIGN_RAW = named(RSA_PKCS1V15_SIGN_BASE, "PSA_ALG_RSA_PKCS1V15_SIGN_RAW");
    public static final Algorithm ECDSA_ANY = named(ECDSA_BASE, "PSA_ALG_ECDSA_ANY");
    public static final Algorithm PURE_EDDSA = named(0x06000800, "PSA_ALG_PURE_EDDSA");
    /** HashEdDSA on Edwards25519: the HashEdDSA base with SHA-512. */
    public static final Algorithm ED25519PH = named(HASH_EDDSA_BASE | 0x0B, "PSA_ALG_ED25519PH");
    /** HashEdDSA on Edwards448: the HashEdDSA base with SHAKE256/512. */
    public static final Algorithm ED448PH = named(HASH_EDDSA_BASE | 0x15, "PSA_ALG_ED448PH");

    // Asymmetric encryption
    public static final Algorithm RSA_PKCS1V15_CRYPT = named(0x07000200, "PSA_ALG_RSA_PKCS1V15_CRYPT");

    // Key derivation without a hash parameter
    public static final Algorithm TLS12_ECJPAKE_TO_PMS = named(0x08000609, "PSA_ALG_TLS12_ECJPAKE_TO_PMS");
    public static final Algorithm SP800_108_COUNTER_CMAC = named(0x08000800, "PSA_ALG_SP800_108_COUNTER_CMAC");
    public static final Algorithm PBKDF2_AES_CMAC_PRF_128 = named(0x08800200, "PSA_ALG_PBKDF2_AES_CMAC_PRF_128");

    // Standalone (raw) key agreement
    public static final Algorithm FFDH = named(0x09010000, "PSA_ALG_FFDH");
    public static final Algorithm ECDH = named(0x09020000, "PSA_ALG_ECDH");

    private final int value;

    private Algorithm(int value) {
        this.value = value;
    }

    private static Algorithm named(int value, String name) {
        NAMES.put(value, name);
        return new Algorithm(value);
    }

    private static Algorithm hash(int value, String name, int length) {
        HASH_LENGTHS[value & HASH_MASK] = length;
        return named(value, name);
    }

    /** The algorithm with this {@code psa_algorithm_t} value; every 32-bit value is accepted. */
    public static Algorithm of(int value) {
        return new Algorithm(value);
    }

    /** The {@code psa_algorithm_t} value. */
    public int value() {
        return value;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Factories

    /** {@code PSA_ALG_HMAC(hash_alg)}. */
    public static Algorithm hmac(Algorithm hash) {
        return withHash(HMAC_BASE, requireHash(hash, false));
    }

    /**
     * {@code PSA_ALG_TRUNCATED_MAC(mac_alg, mac_length)}: the MAC cut to {@code length} bytes. Any earlier truncation
     * or wildcard flag on {@code mac} is replaced.
     *
     * @throws IllegalArgumentException if {@code mac} is not a MAC, or the length is not 1 up to the MAC's full length
     */
    public static Algorithm truncatedMac(Algorithm mac, int length) {
        requireMac(mac);
        checkLength(length, mac.maxMacLength(), mac);
        return of((mac.value & ~(LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG)) | (length << LENGTH_SHIFT));
    }

    /**
     * {@code PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(mac_alg, min_mac_length)}: a key-policy wildcard permitting the same MAC
     * with any length of at least {@code minLength} bytes.
     */
    public static Algorithm atLeastThisLengthMac(Algorithm mac, int minLength) {
        return of(truncatedMac(mac, minLength).value | AT_LEAST_THIS_LENGTH_FLAG);
    }

    /** {@code PSA_ALG_FULL_LENGTH_MAC(mac_alg)}: the MAC without truncation or wildcard. */
    public static Algorithm fullLengthMac(Algorithm mac) {
        requireMac(mac);
        return of(mac.value & ~(LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG));
    }

    /**
     * {@code PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead_alg, tag_length)}: the AEAD with a {@code tagLength}-byte tag.
     * Shortening to the default length gives back the default algorithm, because the default is encoded in it.
     *
     * @throws IllegalArgumentException if {@code aead} is not an AEAD or the length is not 1..16 (1..63 for an AEAD
     *     the spec does not define)
     */
    public static Algorithm aeadWithShortenedTag(Algorithm aead, int tagLength) {
        requireAead(aead);
        checkLength(tagLength, aead.maxTagLength(), aead);
        return of((aead.value & ~(LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG)) | (tagLength << LENGTH_SHIFT));
    }

    /**
     * {@code PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(aead_alg, min_tag_length)}: a key-policy wildcard permitting
     * the same AEAD with any tag of at least {@code minTagLength} bytes.
     */
    public static Algorithm aeadWithAtLeastThisLengthTag(Algorithm aead, int minTagLength) {
        return of(aeadWithShortenedTag(aead, minTagLength).value | AT_LEAST_THIS_LENGTH_FLAG);
    }

    /**
     * {@code PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG(aead_alg)}: CCM, GCM, ChaCha20-Poly1305 or XChaCha20-Poly1305 with
     * its default tag; {@link #NONE} for an AEAD the spec does not define, as the spec's macro gives.
     */
    public static Algorithm aeadWithDefaultLengthTag(Algorithm aead) {
        requireAead(aead);
        int base = aead.value & ~(LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG);
        for (Algorithm known : new Algorithm[] {CCM, GCM, CHACHA20_POLY1305, XCHACHA20_POLY1305}) {
            if ((known.value & ~LENGTH_MASK) == base) {
                return known;
            }
        }
        return NONE;
    }

    /** {@code PSA_ALG_ECDSA(hash_alg)}; {@link #ANY_HASH} gives the key-policy wildcard. */
    public static Algorithm ecdsa(Algorithm hash) {
        return withHash(ECDSA_BASE, requireHash(hash, true));
    }

    /** {@code PSA_ALG_DETERMINISTIC_ECDSA(hash_alg)} (RFC 6979); {@link #ANY_HASH} gives the policy wildcard. */
    public static Algorithm deterministicEcdsa(Algorithm hash) {
        return withHash(DETERMINISTIC_ECDSA_BASE, requireHash(hash, true));
    }

    /** {@code PSA_ALG_RSA_PKCS1V15_SIGN(hash_alg)}; {@link #ANY_HASH} gives the policy wildcard. */
    public static Algorithm rsaPkcs1v15Sign(Algorithm hash) {
        return withHash(RSA_PKCS1V15_SIGN_BASE, requireHash(hash, true));
    }

    /** {@code PSA_ALG_RSA_PSS(hash_alg)}: salt as long as the hash; {@link #ANY_HASH} gives the policy wildcard. */
    public static Algorithm rsaPss(Algorithm hash) {
        return withHash(RSA_PSS_BASE, requireHash(hash, true));
    }

    /** {@code PSA_ALG_RSA_PSS_ANY_SALT(hash_alg)}: verification accepts any salt length. */
    public static Algorithm rsaPssAnySalt(Algorithm hash) {
        return withHash(RSA_PSS_ANY_SALT_BASE, requireHash(hash, true));
    }

    /** {@code PSA_ALG_RSA_OAEP(hash_alg)}; MGF1 uses the same hash. */
    public static Algorithm rsaOaep(Algorithm hash) {
        return withHash(RSA_OAEP_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_HKDF(hash_alg)}. */
    public static Algorithm hkdf(Algorithm hash) {
        return withHash(HKDF_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_HKDF_EXTRACT(hash_alg)}. */
    public static Algorithm hkdfExtract(Algorithm hash) {
        return withHash(HKDF_EXTRACT_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_HKDF_EXPAND(hash_alg)}. */
    public static Algorithm hkdfExpand(Algorithm hash) {
        return withHash(HKDF_EXPAND_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_TLS12_PRF(hash_alg)}. */
    public static Algorithm tls12Prf(Algorithm hash) {
        return withHash(TLS12_PRF_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_TLS12_PSK_TO_MS(hash_alg)}. */
    public static Algorithm tls12PskToMs(Algorithm hash) {
        return withHash(TLS12_PSK_TO_MS_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_PBKDF2_HMAC(hash_alg)}. */
    public static Algorithm pbkdf2Hmac(Algorithm hash) {
        return withHash(PBKDF2_HMAC_BASE, requireHash(hash, false));
    }

    /** {@code PSA_ALG_SP800_108_COUNTER_HMAC(hash_alg)} (spec 1.2). */
    public static Algorithm sp800108CounterHmac(Algorithm hash) {
        return withHash(SP800_108_COUNTER_HMAC_BASE, requireHash(hash, false));
    }

    /**
     * {@code PSA_ALG_KEY_AGREEMENT(ka_alg, kdf_alg)}: a standalone key agreement whose shared secret feeds a key
     * derivation.
     *
     * @throws IllegalArgumentException if {@code keyAgreement} is not a standalone key agreement or {@code kdf} is not
     *     a key derivation
     */
    public static Algorithm keyAgreement(Algorithm keyAgreement, Algorithm kdf) {
        if (!keyAgreement.isStandaloneKeyAgreement()) {
            throw new IllegalArgumentException("not a standalone key agreement: " + keyAgreement);
        }
        if (!kdf.isKeyDerivation()) {
            throw new IllegalArgumentException("not a key derivation: " + kdf);
        }
        return of(keyAgreement.value | kdf.value);
    }

    private static Algorithm withHash(int base, Algorithm hash) {
        return of(base | (hash.value & HASH_MASK));
    }

    private static Algorithm requireHash(Algorithm hash, boolean anyHashAllowed) {
        if (!hash.isHash()) {
            throw new IllegalArgumentException("not a hash algorithm: " + hash);
        }
        if (!anyHashAllowed && hash.equals(ANY_HASH)) {
            throw new IllegalArgumentException("PSA_ALG_ANY_HASH is only a wildcard for hash-and-sign policies");
        }
        return hash;
    }

    private static void requireMac(Algorithm mac) {
        if (!mac.isMac()) {
            throw new IllegalArgumentException("not a MAC algorithm: " + mac);
        }
    }

    private static void requireAead(Algorithm aead) {
        if (!aead.isAead()) {
            throw new IllegalArgumentException("not an AEAD algorithm: " + aead);
        }
    }

    private static void checkLength(int length, int max, Algorithm alg) {
        if (length < 1 || length > max) {
            throw new IllegalArgumentException("length must be 1.." + max + " for " + alg + ": " + length);
        }
    }

    /** The longest truncation that makes sense: the full MAC when we know it, else whatever the encoding holds. */
    private int maxMacLength() {
        int full = fullMacLength(null);
        if (full != 0) {
            return full;
        }
        return isBlockCipherMac() ? 16 : MAX_ENCODABLE_LENGTH;
    }

    private int maxTagLength() {
        return aeadWithDefaultLengthTag(this).equals(NONE) ? MAX_ENCODABLE_LENGTH : 16;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Categories and families

    /** {@code PSA_ALG_IS_VENDOR_DEFINED(alg)}. */
    public boolean isVendorDefined() {
        return (value & VENDOR_FLAG) != 0;
    }

    /** {@code PSA_ALG_IS_HASH(alg)}; true for {@link #ANY_HASH} too. */
    public boolean isHash() {
        return category() == CATEGORY_HASH;
    }

    /** {@code PSA_ALG_IS_MAC(alg)}. */
    public boolean isMac() {
        return category() == CATEGORY_MAC;
    }

    /** {@code PSA_ALG_IS_HMAC(alg)}, truncated or not. */
    public boolean isHmac() {
        return (value & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK)) == HMAC_BASE;
    }

    /** {@code PSA_ALG_IS_BLOCK_CIPHER_MAC(alg)}: CBC-MAC and CMAC, truncated or not. */
    public boolean isBlockCipherMac() {
        return (value & (CATEGORY_MASK | MAC_SUBCATEGORY_MASK)) == BLOCK_CIPHER_MAC_BASE;
    }

    /** {@code PSA_ALG_IS_CIPHER(alg)}: an unauthenticated cipher. */
    public boolean isCipher() {
        return category() == CATEGORY_CIPHER;
    }

    /** {@code PSA_ALG_IS_STREAM_CIPHER(alg)}. */
    public boolean isStreamCipher() {
        return (value & (CATEGORY_MASK | CIPHER_STREAM_FLAG)) == (CATEGORY_CIPHER | CIPHER_STREAM_FLAG);
    }

    /** {@code PSA_ALG_IS_AEAD(alg)}. */
    public boolean isAead() {
        return category() == CATEGORY_AEAD;
    }

    /** {@code PSA_ALG_IS_AEAD_ON_BLOCK_CIPHER(alg)}: CCM and GCM, not the ChaCha20 constructions. */
    public boolean isAeadOnBlockCipher() {
        return (value & (CATEGORY_MASK | AEAD_ON_BLOCK_CIPHER_FLAG)) == (CATEGORY_AEAD | AEAD_ON_BLOCK_CIPHER_FLAG);
    }

    /** {@code PSA_ALG_IS_SIGN(alg)}: an asymmetric signature. */
    public boolean isSign() {
        return category() == CATEGORY_SIGN;
    }

    /** {@code PSA_ALG_IS_ASYMMETRIC_ENCRYPTION(alg)}. */
    public boolean isAsymmetricEncryption() {
        return category() == CATEGORY_ASYMMETRIC_ENCRYPTION;
    }

    /** {@code PSA_ALG_IS_KEY_DERIVATION(alg)}. */
    public boolean isKeyDerivation() {
        return category() == CATEGORY_KEY_DERIVATION;
    }

    /** {@code PSA_ALG_IS_KEY_DERIVATION_STRETCHING(alg)}: PBKDF2 and other password-hashing derivations. */
    public boolean isKeyDerivationStretching() {
        return (value & (CATEGORY_MASK | KEY_DERIVATION_STRETCHING_FLAG))
                == (CATEGORY_KEY_DERIVATION | KEY_DERIVATION_STRETCHING_FLAG);
    }

    /** {@code PSA_ALG_IS_KEY_AGREEMENT(alg)}: standalone or combined with a key derivation. */
    public boolean isKeyAgreement() {
        return category() == CATEGORY_KEY_AGREEMENT;
    }

    /**
     * {@code PSA_ALG_IS_STANDALONE_KEY_AGREEMENT(alg)} (called {@code PSA_ALG_IS_RAW_KEY_AGREEMENT} before 1.2): a key
     * agreement with no key derivation.
     */
    public boolean isStandaloneKeyAgreement() {
        return (value & (CATEGORY_MASK | 0x0000FFFF)) == CATEGORY_KEY_AGREEMENT;
    }

    /** {@code PSA_ALG_IS_PAKE(alg)}. */
    public boolean isPake() {
        return category() == CATEGORY_PAKE;
    }

    /** {@code PSA_ALG_IS_RSA_PKCS1V15_SIGN(alg)}, the raw variant included. */
    public boolean isRsaPkcs1v15Sign() {
        return (value & ~HASH_MASK) == RSA_PKCS1V15_SIGN_BASE;
    }

    /** {@code PSA_ALG_IS_RSA_PSS(alg)}: either salt variant. */
    public boolean isRsaPss() {
        return isRsaPssStandardSalt() || isRsaPssAnySalt();
    }

    /** {@code PSA_ALG_IS_RSA_PSS_STANDARD_SALT(alg)}. */
    public boolean isRsaPssStandardSalt() {
        return (value & ~HASH_MASK) == RSA_PSS_BASE;
    }

    /** {@code PSA_ALG_IS_RSA_PSS_ANY_SALT(alg)}. */
    public boolean isRsaPssAnySalt() {
        return (value & ~HASH_MASK) == RSA_PSS_ANY_SALT_BASE;
    }

    /** {@code PSA_ALG_IS_ECDSA(alg)}: randomized or deterministic, {@link #ECDSA_ANY} included. */
    public boolean isEcdsa() {
        return (value & ~(HASH_MASK | ECDSA_DETERMINISTIC_FLAG)) == ECDSA_BASE;
    }

    /** {@code PSA_ALG_IS_DETERMINISTIC_ECDSA(alg)}. */
    public boolean isDeterministicEcdsa() {
        return (value & ~HASH_MASK) == DETERMINISTIC_ECDSA_BASE;
    }

    /** {@code PSA_ALG_IS_RANDOMIZED_ECDSA(alg)}. */
    public boolean isRandomizedEcdsa() {
        return (value & ~HASH_MASK) == ECDSA_BASE;
    }

    /** {@code PSA_ALG_IS_HASH_EDDSA(alg)}: Ed25519ph and Ed448ph. */
    public boolean isHashEddsa() {
        return (value & ~HASH_MASK) == HASH_EDDSA_BASE;
    }

    /** {@code PSA_ALG_IS_RSA_OAEP(alg)}. */
    public boolean isRsaOaep() {
        return (value & ~HASH_MASK) == RSA_OAEP_BASE;
    }

    /** {@code PSA_ALG_IS_HKDF(alg)}. */
    public boolean isHkdf() {
        return (value & ~HASH_MASK) == HKDF_BASE;
    }

    /** {@code PSA_ALG_IS_HKDF_EXTRACT(alg)}. */
    public boolean isHkdfExtract() {
        return (value & ~HASH_MASK) == HKDF_EXTRACT_BASE;
    }

    /** {@code PSA_ALG_IS_HKDF_EXPAND(alg)}. */
    public boolean isHkdfExpand() {
        return (value & ~HASH_MASK) == HKDF_EXPAND_BASE;
    }

    /** {@code PSA_ALG_IS_TLS12_PRF(alg)}. */
    public boolean isTls12Prf() {
        return (value & ~HASH_MASK) == TLS12_PRF_BASE;
    }

    /** {@code PSA_ALG_IS_TLS12_PSK_TO_MS(alg)}. */
    public boolean isTls12PskToMs() {
        return (value & ~HASH_MASK) == TLS12_PSK_TO_MS_BASE;
    }

    /** {@code PSA_ALG_IS_PBKDF2_HMAC(alg)}. */
    public boolean isPbkdf2Hmac() {
        return (value & ~HASH_MASK) == PBKDF2_HMAC_BASE;
    }

    /** {@code PSA_ALG_IS_SP800_108_COUNTER_HMAC(alg)}. */
    public boolean isSp800108CounterHmac() {
        return (value & ~HASH_MASK) == SP800_108_COUNTER_HMAC_BASE;
    }

    /** {@code PSA_ALG_IS_FFDH(alg)}: standalone or combined. */
    public boolean isFfdh() {
        return isKeyAgreement() && (value & KEY_AGREEMENT_BASE_MASK) == FFDH.value;
    }

    /** {@code PSA_ALG_IS_ECDH(alg)}: standalone or combined. */
    public boolean isEcdh() {
        return isKeyAgreement() && (value & KEY_AGREEMENT_BASE_MASK) == ECDH.value;
    }

    /**
     * {@code PSA_ALG_IS_HASH_AND_SIGN(alg)}: a signature over exactly the message's hash, so that signing a message
     * equals hashing it with {@link #hashOf()} and signing the hash. Excludes {@link #RSA_PKCS1V15_SIGN_RAW} and
     * {@link #ECDSA_ANY}, which name no hash (spec 1.2 text; its example macro is looser).
     */
    public boolean isHashAndSign() {
        boolean family = isRsaPss() || isRsaPkcs1v15Sign() || isEcdsa() || isHashEddsa();
        return family && (value & HASH_MASK) != 0;
    }

    /**
     * {@code PSA_ALG_IS_SIGN_HASH(alg)}: usable with {@code psa_sign_hash} / {@code psa_verify_hash}. Every signature
     * except {@link #PURE_EDDSA}, which can only sign a message.
     */
    public boolean isSignHash() {
        return isSign() && value != PURE_EDDSA.value;
    }

    /**
     * {@code PSA_ALG_IS_SIGN_MESSAGE(alg)}: usable with {@code psa_sign_message} / {@code psa_verify_message}. Every
     * signature except {@link #RSA_PKCS1V15_SIGN_RAW} and {@link #ECDSA_ANY}, which have no hash to apply.
     */
    public boolean isSignMessage() {
        return isSign() && value != ECDSA_ANY.value && value != RSA_PKCS1V15_SIGN_RAW.value;
    }

    /**
     * {@code PSA_ALG_IS_WILDCARD(alg)}: a value only a key policy may hold: one whose hash is {@link #ANY_HASH}
     * (the hash-and-sign wildcards), an at-least-this-length MAC or AEAD, or {@link #CCM_STAR_ANY_TAG}.
     */
    public boolean isWildcard() {
        if ((value & HASH_MASK) == ANY_HASH_BYTE) {
            return true;
        }
        if (isMac() || isAead()) {
            return (value & AT_LEAST_THIS_LENGTH_FLAG) != 0;
        }
        return value == CCM_STAR_ANY_TAG.value;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parts

    /**
     * {@code PSA_ALG_GET_HASH(alg)} (and the older {@code PSA_ALG_SIGN_GET_HASH}): the hash inside a composite
     * algorithm, the hash itself for a hash, or {@link #NONE} when the algorithm carries no hash. For a policy
     * wildcard this is {@link #ANY_HASH}.
     */
    public Algorithm hashOf() {
        int hashByte = value & HASH_MASK;
        if (hashByte == 0) {
            return NONE;
        }
        return of(CATEGORY_HASH | hashByte);
    }

    /**
     * {@code PSA_MAC_TRUNCATED_LENGTH(alg)}: the length a truncated MAC (or the minimum an at-least-this-length
     * wildcard) encodes, or 0 for a full-length MAC.
     *
     * @throws IllegalStateException if this is not a MAC
     */
    public int macTruncatedLength() {
        if (!isMac()) {
            throw new IllegalStateException("not a MAC algorithm: " + this);
        }
        return (value & LENGTH_MASK) >>> LENGTH_SHIFT;
    }

    /**
     * {@code PSA_ALG_AEAD_GET_TAG_LENGTH(alg)}: the tag length (or the minimum a wildcard encodes), in bytes.
     *
     * @throws IllegalStateException if this is not an AEAD
     */
    public int aeadTagLength() {
        if (!isAead()) {
            throw new IllegalStateException("not an AEAD algorithm: " + this);
        }
        return (value & LENGTH_MASK) >>> LENGTH_SHIFT;
    }

    /** {@code PSA_ALG_FULL_LENGTH_MAC(alg)} of this MAC. */
    public Algorithm fullLengthMac() {
        return fullLengthMac(this);
    }

    /** {@code PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG(alg)} of this AEAD. */
    public Algorithm aeadWithDefaultTag() {
        return aeadWithDefaultLengthTag(this);
    }

    /**
     * {@code PSA_ALG_KEY_AGREEMENT_GET_BASE(alg)}: the key agreement part, for example {@link #ECDH}.
     *
     * @throws IllegalStateException if this is not a key agreement
     */
    public Algorithm keyAgreementBase() {
        if (!isKeyAgreement()) {
            throw new IllegalStateException("not a key agreement: " + this);
        }
        return of(value & KEY_AGREEMENT_BASE_MASK);
    }

    /**
     * {@code PSA_ALG_KEY_AGREEMENT_GET_KDF(alg)}: the key derivation part; for a standalone key agreement, the bare
     * key-derivation category value {@code 0x08000000}.
     *
     * @throws IllegalStateException if this is not a key agreement
     */
    public Algorithm keyAgreementKdf() {
        if (!isKeyAgreement()) {
            throw new IllegalStateException("not a key agreement: " + this);
        }
        return of(value & KEY_AGREEMENT_KDF_MASK);
    }

    /**
     * The length in bytes of this MAC before truncation: the hash length for HMAC, the key's block length for a
     * block-cipher MAC. 0 when unknown, including a block-cipher MAC when {@code keyType} is null.
     */
    int fullMacLength(KeyType keyType) {
        if (isHmac()) {
            return hashLength(this);
        }
        if (isBlockCipherMac() && keyType != null) {
            return CryptoSizes.blockCipherBlockLength(keyType);
        }
        return 0;
    }

    /** {@code PSA_HASH_LENGTH(alg)} of the hash byte this algorithm carries; 0 when there is none we know. */
    static int hashLength(Algorithm alg) {
        int hashByte = alg.value & HASH_MASK;
        return hashByte == 0 ? 0 : HASH_LENGTHS[hashByte];
    }

    private int category() {
        return value & CATEGORY_MASK;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Key policy

    /**
     * Whether a key whose permitted-algorithm policy is {@code policy} may be used with {@code requested}, without
     * knowing the key's type. Exact for everything except full-length block-cipher MACs, whose length depends on the
     * key: those are then permitted only by an identical policy. The SPE, which knows the key, should call
     * {@link #permits(KeyType, Algorithm, Algorithm)}.
     */
    public static boolean permits(Algorithm policy, Algorithm requested) {
        return permits(null, policy, requested);
    }

    /**
     * The key-policy rule of PSA Crypto API 1.2, chapter "Key policies", section "Permitted algorithms". A key with
     * two permitted algorithms permits what either permits ({@link KeyAttributes#permits(Algorithm)}).
     *
     * <ul>
     *   <li>{@link #NONE} permits nothing, and a wildcard is never a permitted request (the functions answer
     *       {@code PSA_ERROR_INVALID_ARGUMENT}).
     *   <li>An algorithm permits itself.
     *   <li>A hash-and-sign scheme with {@link #ANY_HASH} permits the same scheme with any specific hash;
     *       {@code PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_ANY_HASH)} also permits {@link #RSA_PKCS1V15_SIGN_RAW}. It does
     *       not permit {@link #ECDSA_ANY} (1.2, {@code PSA_ALG_ECDSA_ANY}: "only permitted when PSA_ALG_ECDSA_ANY is
     *       the key's permitted-algorithm policy").
     *   <li>A standalone key agreement permits itself combined with any key derivation.
     *   <li>An at-least-this-length MAC permits the same base MAC computing at least that many bytes; an
     *       at-least-this-length AEAD permits the same base AEAD with a tag at least that long.
     *   <li>A MAC truncated to its full length is treated as the full-length MAC. The spec leaves this
     *       implementation-defined ({@code PSA_ALG_TRUNCATED_MAC}); Mbed TLS does the same.
     *   <li>{@link #CCM_STAR_ANY_TAG} permits {@link #CCM_STAR_NO_TAG}, {@link #CCM}, and CCM with a 4- or 8-byte tag.
     * </ul>
     *
     * <p>There is no rule between {@code RSA_PSS} and {@code RSA_PSS_ANY_SALT}: 1.2 gives none, so each permits only
     * itself (and its own {@code ANY_HASH} wildcard).
     *
     * @param keyType the key's type, to size full-length block-cipher MACs; may be null (see
     *     {@link #permits(Algorithm, Algorithm)})
     */
    public static boolean permits(KeyType keyType, Algorithm policy, Algorithm requested) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(requested, "requested");
        if (requested.value == NONE.value || requested.isWildcard()) {
            return false;
        }
        if (policy.value == requested.value) {
            return true;
        }
        if (policy.isHashAndSign() && (policy.value & HASH_MASK) == ANY_HASH_BYTE) {
            if (requested.isHashAndSign() && (requested.value & ~HASH_MASK) == (policy.value & ~HASH_MASK)) {
                return true;
            }
            return policy.value == (RSA_PKCS1V15_SIGN_BASE | ANY_HASH_BYTE) && requested.equals(RSA_PKCS1V15_SIGN_RAW);
        }
        if (policy.isStandaloneKeyAgreement()) {
            return requested.isKeyAgreement() && requested.keyAgreementBase().value == policy.value;
        }
        if (policy.isMac() && requested.isMac() && policy.fullLengthMac().equals(requested.fullLengthMac())) {
            return macPermits(keyType, policy, requested);
        }
        if (policy.isAead() && requested.isAead()
                && withoutLength(policy) == withoutLength(requested)
                && (policy.value & AT_LEAST_THIS_LENGTH_FLAG) != 0) {
            return requested.aeadTagLength() >= policy.aeadTagLength();
        }
        if (policy.equals(CCM_STAR_ANY_TAG)) {
            return requested.equals(CCM_STAR_NO_TAG)
                    || requested.equals(CCM)
                    || requested.equals(aeadWithShortenedTag(CCM, 4))
                    || requested.equals(aeadWithShortenedTag(CCM, 8));
        }
        return false;
    }

    private static boolean macPermits(KeyType keyType, Algorithm policy, Algorithm requested) {
        int full = requested.fullMacLength(keyType);
        int requestedLength = requested.macTruncatedLength() != 0 ? requested.macTruncatedLength() : full;
        if (requestedLength == 0) {
            return false; // a full-length MAC of unknown length: only an identical policy, handled by the caller
        }
        if (full != 0 && requestedLength > full) {
            return false; // truncated to more than the MAC has: no such algorithm
        }
        int policyLength = policy.macTruncatedLength();
        if ((policy.value & AT_LEAST_THIS_LENGTH_FLAG) != 0) {
            return requestedLength >= policyLength;
        }
        // An exact-length policy: the full-length and truncated-to-full forms are the same MAC.
        int policyExact = policyLength != 0 ? policyLength : full;
        return policyExact != 0 && requestedLength == policyExact;
    }

    private static int withoutLength(Algorithm alg) {
        return alg.value & ~(LENGTH_MASK | AT_LEAST_THIS_LENGTH_FLAG);
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof Algorithm && ((Algorithm) o).value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    /**
     * The C expression for this algorithm, for example {@code PSA_ALG_GCM},
     * {@code PSA_ALG_ECDSA(PSA_ALG_SHA_256)} or {@code PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 16)}; a
     * value without a name prints as {@code 0x0a000109}.
     */
    @Override
    public String toString() {
        String name = NAMES.get(value);
        if (name != null) {
            return name;
        }
        boolean atLeast = (value & AT_LEAST_THIS_LENGTH_FLAG) != 0;
        int length = (value & LENGTH_MASK) >>> LENGTH_SHIFT;
        if (isMac() && (length != 0 || atLeast)) {
            String macro = atLeast ? "PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(" : "PSA_ALG_TRUNCATED_MAC(";
            return macro + fullLengthMac() + ", " + length + ")";
        }
        if (isAead()) {
            Algorithm base = aeadWithDefaultTag();
            if (!base.equals(NONE)) {
                String macro = atLeast
                        ? "PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG("
                        : "PSA_ALG_AEAD_WITH_SHORTENED_TAG(";
                return macro + base + ", " + length + ")";
            }
        }
        if (isKeyAgreement() && !isStandaloneKeyAgreement() && keyAgreementKdf().isKeyDerivation()) {
            return "PSA_ALG_KEY_AGREEMENT(" + keyAgreementBase() + ", " + keyAgreementKdf() + ")";
        }
        String family = HASH_FAMILIES.get(value & ~HASH_MASK);
        if (family != null && (value & HASH_MASK) != 0) {
            return family + "(" + hashOf() + ")";
        }
        return String.format("0x%08x", value);
    }
}
