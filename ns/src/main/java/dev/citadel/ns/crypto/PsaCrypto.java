package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.call;
import static dev.citadel.ns.crypto.CryptoCalls.ins;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.PackIovec;
import java.util.Arrays;
import java.util.Objects;

/**
 * The PSA Crypto API over a {@link PsaClient}, marshalled exactly as TF-M's {@code interface/src/tfm_crypto_api.c}
 * does: every call goes to the Crypto service's stateless handle with type {@code PSA_IPC_CALL}, a
 * {@code tfm_crypto_pack_iovec} in {@code in_vec[0]} and the per-call vectors of {@code reference/tfm.md} §2.2.
 *
 * <p>Every method throws {@link PsaException} with the service's status when the call fails; besides the statuses
 * listed per method, any call can fail with the SPM's {@code PSA_ERROR_PROGRAMMER_ERROR} (for example when no Crypto
 * partition serves the handle) or a transport status. Any call that uses a key can also fail with
 * {@code NOT_PERMITTED} for a built-in key the client has no policy for (the IAK, for an NS client),
 * {@code DATA_INVALID} for a persistent key whose stored file is corrupt, and {@code INSUFFICIENT_MEMORY} when a
 * persistent key must be loaded and every key slot holds a volatile key. Thread-safe, as the client is.
 */
public final class PsaCrypto {
    private final PsaClient client;

    /** @param client the door to the SPE, acting as the NS client whose operations these will be */
    public PsaCrypto(PsaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * {@code psa_generate_random}: {@code length} random bytes from the SPE's generator. A length of 0 returns an empty
     * array without calling the SPE, as TF-M's client does.
     *
     * @throws PsaException {@code INSUFFICIENT_ENTROPY}, {@code INSUFFICIENT_MEMORY}
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public byte[] generateRandom(int length) throws PsaException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        generateRandom(out);
        return out;
    }

    /**
     * {@code psa_generate_random}: fills {@code out} with random bytes; an empty array is returned at once.
     *
     * @throws PsaException {@code INSUFFICIENT_ENTROPY}, {@code INSUFFICIENT_MEMORY}
     */
    public void generateRandom(byte[] out) throws PsaException {
        if (out.length == 0) {
            return;
        }
        call(client, PackIovec.builder(CryptoFunction.GENERATE_RANDOM).build(), ins(), OutVec.of(out));
    }

    /**
     * {@code psa_can_do_hash}: whether the SPE can compute {@code alg}. Unlike the C function, which answers 0 when
     * the call itself fails, a failed call throws, so that a missing Crypto service is not mistaken for a missing
     * algorithm.
     *
     * @throws PsaException if the call fails
     */
    public boolean canDoHash(Algorithm alg) throws PsaException {
        OutVec result = OutVec.allocate(4);
        call(client, PackIovec.builder(CryptoFunction.CAN_DO_HASH).alg(alg).build(), ins(), result);
        return CryptoCalls.u32Written(result, 0) != 0;
    }

    /**
     * {@code psa_hash_compute}: the hash of {@code input}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if
     *     the SPE lacks it
     */
    public byte[] hashCompute(Algorithm alg, byte[] input) throws PsaException {
        byte[] out = new byte[CryptoSizes.hashLength(alg)];
        int n = hashCompute(alg, input, out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_hash_compute} into a caller's buffer; the whole of {@code hash} is offered as the output.
     *
     * @return {@code hash_length}, the bytes written at the start of {@code hash}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code hash} is shorter than the digest;
     *     {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if the SPE lacks it
     */
    public int hashCompute(Algorithm alg, byte[] input, byte[] hash) throws PsaException {
        OutVec out = OutVec.of(hash);
        call(client, PackIovec.builder(CryptoFunction.HASH_COMPUTE).alg(alg).build(), ins(InVec.of(input)), out);
        return out.length();
    }

    /**
     * {@code psa_hash_compare}: checks that {@code hash} is the hash of {@code input}. The SPE compares in constant
     * time.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if it is not; {@code INVALID_ARGUMENT} if {@code alg} is not a
     *     hash algorithm; {@code NOT_SUPPORTED} if the SPE lacks it
     */
    public void hashCompare(Algorithm alg, byte[] input, byte[] hash) throws PsaException {
        call(client, PackIovec.builder(CryptoFunction.HASH_COMPARE).alg(alg).build(),
                ins(InVec.of(input), InVec.of(hash)));
    }

    /**
     * {@code psa_hash_setup}: starts a multi-part hash, held in one of the SPE's operation slots, which only this
     * client may use. Close it (or finish, verify or abort it) to free the slot.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if
     *     the SPE lacks it; {@code NOT_PERMITTED} if every operation slot of the SPE is taken (TF-M's status)
     */
    public HashOperation hashSetup(Algorithm alg) throws PsaException {
        HashOperation op = new HashOperation(client, alg);
        op.setup();
        return op;
    }

    /** The export buffer used when {@code PSA_EXPORT_KEY_OUTPUT_SIZE} knows no size for a key's type. */
    private static final int FALLBACK_EXPORT_SIZE = 4096;

    private static InVec attributes(KeyAttributes attributes) {
        return InVec.of(Objects.requireNonNull(attributes, "attributes").toClientWire());
    }

    private int createKey(PackIovec iov, InVec... in) throws PsaException {
        OutVec keyId = OutVec.allocate(CryptoCalls.HANDLE_SIZE);
        call(client, iov, in, keyId);
        return CryptoCalls.u32Written(keyId, 0);
    }

    /**
     * {@code psa_import_key}: a new key of this client from {@code data} (the {@code psa_export_key} format), with
     * {@code attributes}' type, policy and lifetime; a bits value of 0 takes the size from the data.
     *
     * @return the new key's identifier: a volatile key's is in the vendor range, a persistent key's is the one given
     * @throws PsaException {@code INVALID_ARGUMENT} if the data is empty or of a size the type does not have, the
     *     bits disagree with it, the policy has undefined usage flags, a volatile lifetime comes with an id, or a
     *     persistent one with an id outside the user range or a read-only persistence; {@code ALREADY_EXISTS} if this
     *     client has a persistent key with that id; {@code NOT_SUPPORTED} for an unsupported type or size;
     *     {@code INSUFFICIENT_MEMORY} if every key slot of the SPE is taken
     */
    public int importKey(KeyAttributes attributes, byte[] data) throws PsaException {
        return createKey(PackIovec.builder(CryptoFunction.IMPORT_KEY).build(), attributes(attributes),
                InVec.of(Objects.requireNonNull(data, "data")));
    }

    /**
     * {@code psa_generate_key}: a new random key of this client, of {@code attributes}' type and size.
     *
     * @return the new key's identifier
     * @throws PsaException {@code INVALID_ARGUMENT} if the bits are 0, not whole bytes, or a size the type does not
     *     have, or the lifetime and id disagree as for {@link #importKey}; {@code ALREADY_EXISTS} for a persistent id
     *     this client has; {@code NOT_SUPPORTED} for an unsupported type or size; {@code INSUFFICIENT_MEMORY} if every
     *     key slot of the SPE is taken
     */
    public int generateKey(KeyAttributes attributes) throws PsaException {
        return createKey(PackIovec.builder(CryptoFunction.GENERATE_KEY).build(), attributes(attributes));
    }

    /**
     * {@code psa_copy_key}: a new key with {@code sourceKey}'s material, type and size, whose usage is the
     * intersection of both usages and whose algorithms are the intersection of both algorithm policies.
     *
     * @param attributes the new key's lifetime and policy; type and bits must be 0 or the source's
     * @return the new key's identifier
     * @throws PsaException {@code INVALID_HANDLE} if {@code sourceKey} is not a key of this client;
     *     {@code NOT_PERMITTED} if it lacks {@code PSA_KEY_USAGE_COPY}; {@code INVALID_ARGUMENT} if the type or bits
     *     differ from the source's or the algorithm policies have nothing in common, or the lifetime and id disagree
     *     as for {@link #importKey}; {@code ALREADY_EXISTS} for a persistent id this client has;
     *     {@code INSUFFICIENT_MEMORY} if every key slot of the SPE is taken
     */
    public int copyKey(int sourceKey, KeyAttributes attributes) throws PsaException {
        return createKey(PackIovec.builder(CryptoFunction.COPY_KEY).keyId(sourceKey).build(), attributes(attributes));
    }

    /**
     * {@code psa_destroy_key}: destroys the key and wipes its material (and a persistent key's stored file);
     * {@code PSA_KEY_ID_NULL} (0) succeeds and does nothing.
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED}
     *     for a built-in key
     */
    public void destroyKey(int key) throws PsaException {
        call(client, PackIovec.builder(CryptoFunction.DESTROY_KEY).keyId(key).build(), ins());
    }

    /**
     * {@code psa_purge_key}: drops any cached copy of a persistent key; for a volatile key it does nothing.
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client (0 included)
     */
    public void purgeKey(int key) throws PsaException {
        call(client, PackIovec.builder(CryptoFunction.PURGE_KEY).keyId(key).build(), ins());
    }

    /**
     * {@code psa_get_key_attributes}: the key's attributes as the SPE holds them: actual size, identifier, lifetime
     * and policy (usage extended with the implied {@code SIGN/VERIFY_MESSAGE} flags).
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client
     */
    public KeyAttributes getKeyAttributes(int key) throws PsaException {
        OutVec out = OutVec.allocate(KeyAttributes.CLIENT_WIRE_SIZE);
        call(client, PackIovec.builder(CryptoFunction.GET_KEY_ATTRIBUTES).keyId(key).build(), ins(), out);
        return KeyAttributes.fromClientWire(Arrays.copyOf(out.array(), KeyAttributes.CLIENT_WIRE_SIZE));
    }

    /**
     * {@code psa_export_key}: the key material, in a buffer of {@code PSA_EXPORT_KEY_OUTPUT_SIZE} for the key's type
     * and size (read first with {@link #getKeyAttributes(int)}).
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED}
     *     if it lacks {@code PSA_KEY_USAGE_EXPORT}
     */
    public byte[] exportKey(int key) throws PsaException {
        KeyAttributes a = getKeyAttributes(key);
        int size = CryptoSizes.exportKeyOutputSize(a.type(), a.bits());
        byte[] out = new byte[size > 0 ? size : FALLBACK_EXPORT_SIZE];
        int n = exportKey(key, out);
        byte[] result = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    /**
     * {@code psa_export_key} into a caller's buffer; the whole of {@code out} is offered.
     *
     * @return {@code data_length}, the bytes written at the start of {@code out}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code out} cannot hold the key (an empty one never can);
     *     {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED} if it lacks
     *     {@code PSA_KEY_USAGE_EXPORT}
     */
    public int exportKey(int key, byte[] out) throws PsaException {
        OutVec data = OutVec.of(out);
        call(client, PackIovec.builder(CryptoFunction.EXPORT_KEY).keyId(key).build(), ins(), data);
        return data.length();
    }

    /**
     * {@code psa_export_public_key} into a caller's buffer; the whole of {@code out} is offered. The public part of a
     * key pair (or a public key) needs no usage flag: the uncompressed point {@code 0x04 || X || Y} for Weierstrass
     * curves, 32 raw bytes for X25519 and Ed25519, DER {@code RSAPublicKey} for RSA.
     *
     * @return {@code data_length}, the bytes written at the start of {@code out}
     * @throws PsaException {@code INVALID_ARGUMENT} if the key is not asymmetric; {@code INVALID_HANDLE} if
     *     {@code key} is not a key of this client; {@code BUFFER_TOO_SMALL} if {@code out} cannot hold the public key
     *     (an empty one never can)
     */
    public int exportPublicKey(int key, byte[] out) throws PsaException {
        OutVec data = OutVec.of(out);
        call(client, PackIovec.builder(CryptoFunction.EXPORT_PUBLIC_KEY).keyId(key).build(), ins(), data);
        return data.length();
    }    // ---------------------------------------------------------------------------------------------------------------
    // AEAD

    /**
     * The pack iovec of a one-shot AEAD call; a nonce above 16 bytes is refused before any call, as TF-M's client does.
     */
    private static PackIovec aeadIov(CryptoFunction function, int key, Algorithm alg, byte[] nonce)
            throws PsaException {
        PackIovec.Builder b = PackIovec.builder(function).keyId(key).alg(Objects.requireNonNull(alg, "alg"));
        if (nonce != null) {
            if (nonce.length > PackIovec.MAX_NONCE_LENGTH) {
                throw new PsaException(PsaStatus.INVALID_ARGUMENT,
                        "a one-shot AEAD nonce travels in a 16-byte field: " + nonce.length + " bytes");
            }
            b.nonce(nonce);
        }
        return b.build();
    }

    /** The data vector, then the AD vector unless {@code ad} is null (TF-M omits it). */
    private static InVec[] aeadIns(byte[] data, byte[] ad) {
        InVec first = InVec.of(Objects.requireNonNull(data, "data"));
        return ad == null ? ins(first) : ins(first, InVec.of(ad));
    }

    /**
     * {@code psa_aead_encrypt}: authenticates {@code ad} and {@code plaintext} and encrypts the plaintext with
     * {@code key}.
     *
     * @param nonce the nonce, at most 16 bytes (the pack iovec's field); null sends none
     * @param ad the additional data; null omits the vector, as TF-M's client does for a NULL pointer
     * @return the ciphertext followed by the tag
     * @throws PsaException {@code INVALID_ARGUMENT} if the nonce is above 16 bytes (before any call) or of a length the
     *     algorithm refuses (GCM: 0; CCM: outside 7..13; ChaCha20-Poly1305: other than 8 or 12), if {@code alg} is not
     *     an AEAD or is a policy wildcard, or for a tag length the mode refuses (GCM: outside 4..16; CCM: odd, below
     *     4 or above 16), CCM AD of {@code 0xFF00} bytes or more, or a CCM plaintext too long for the nonce;
     *     {@code NOT_SUPPORTED} for an AEAD this SPE lacks, a key type that does not fit it, ChaCha20-Poly1305 with
     *     another tag than 16 or an 8-byte nonce; {@code INVALID_HANDLE} if {@code key} is not a key of this client;
     *     {@code NOT_PERMITTED} if it lacks {@code PSA_KEY_USAGE_ENCRYPT} or its policy does not permit {@code alg}
     */
    public byte[] aeadEncrypt(int key, Algorithm alg, byte[] nonce, byte[] ad, byte[] plaintext)
            throws PsaException {
        // The exact size when the algorithm names its tag length, so that the result needs no copy.
        int tag = alg.isAead() ? alg.aeadTagLength() : 0;
        byte[] out = new byte[Math.addExact(plaintext.length, tag > 0 ? tag : AeadOperation.TAG_MAX_SIZE)];
        int n = aeadEncrypt(key, alg, nonce, ad, plaintext, out);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_aead_encrypt} into a caller's buffer; the whole of {@code ciphertext} is offered.
     *
     * @return {@code ciphertext_length}: the plaintext length plus the tag length
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code ciphertext} cannot hold the result; otherwise as
     *     {@link #aeadEncrypt(int, Algorithm, byte[], byte[], byte[])}
     */
    public int aeadEncrypt(int key, Algorithm alg, byte[] nonce, byte[] ad, byte[] plaintext, byte[] ciphertext)
            throws PsaException {
        OutVec out = OutVec.of(ciphertext);
        call(client, aeadIov(CryptoFunction.AEAD_ENCRYPT, key, alg, nonce), aeadIns(plaintext, ad), out);
        return out.length();
    }

    /**
     * {@code psa_aead_decrypt}: checks the tag at the end of {@code ciphertext} over {@code ad} and the data (in
     * constant time, in the SPE) and returns the plaintext; nothing is returned when the check fails.
     *
     * @param nonce as for encryption
     * @param ad as for encryption
     * @throws PsaException {@code INVALID_SIGNATURE} if the tag does not match; {@code INVALID_ARGUMENT} if the
     *     ciphertext is shorter than the tag, or as for encryption; {@code NOT_SUPPORTED}, {@code INVALID_HANDLE} and
     *     {@code NOT_PERMITTED} (the key needs {@code PSA_KEY_USAGE_DECRYPT}) as for encryption
     */
    public byte[] aeadDecrypt(int key, Algorithm alg, byte[] nonce, byte[] ad, byte[] ciphertext)
            throws PsaException {
        byte[] out = new byte[ciphertext.length];
        int n = aeadDecrypt(key, alg, nonce, ad, ciphertext, out);
        byte[] result = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    /**
     * {@code psa_aead_decrypt} into a caller's buffer; the whole of {@code plaintext} is offered.
     *
     * @return {@code plaintext_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code plaintext} cannot hold the result; otherwise as
     *     {@link #aeadDecrypt(int, Algorithm, byte[], byte[], byte[])}
     */
    public int aeadDecrypt(int key, Algorithm alg, byte[] nonce, byte[] ad, byte[] ciphertext, byte[] plaintext)
            throws PsaException {
        OutVec out = OutVec.of(plaintext);
        call(client, aeadIov(CryptoFunction.AEAD_DECRYPT, key, alg, nonce), aeadIns(ciphertext, ad), out);
        return out.length();
    }

    /**
     * {@code psa_aead_encrypt_setup}: starts a multi-part encryption, held in one of the SPE's operation slots that
     * only this client may use. Close it (or finish or abort it) to free the slot.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not an AEAD, is a policy wildcard, or has a tag
     *     length multi-part operations refuse (GCM: 4, 8, 12..16; CCM: 4, 6, ..., 16; ChaCha20-Poly1305: 16);
     *     {@code NOT_SUPPORTED} for an AEAD this SPE lacks or a key type that does not fit it;
     *     {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED} if it lacks
     *     {@code PSA_KEY_USAGE_ENCRYPT}, its policy does not permit {@code alg}, or every operation slot of the SPE is
     *     taken (TF-M's status)
     */
    public AeadOperation aeadEncryptSetup(int key, Algorithm alg) throws PsaException {
        AeadOperation op = new AeadOperation(client, Objects.requireNonNull(alg, "alg"));
        op.setup(CryptoFunction.AEAD_ENCRYPT_SETUP, key);
        return op;
    }

    /**
     * {@code psa_aead_decrypt_setup}: starts a multi-part decryption; as {@link #aeadEncryptSetup}, with
     * {@code PSA_KEY_USAGE_DECRYPT}.
     *
     * @throws PsaException as {@link #aeadEncryptSetup}
     */
    public AeadOperation aeadDecryptSetup(int key, Algorithm alg) throws PsaException {
        AeadOperation op = new AeadOperation(client, Objects.requireNonNull(alg, "alg"));
        op.setup(CryptoFunction.AEAD_DECRYPT_SETUP, key);
        return op;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MAC (PSA Crypto API 1.2 §10.3; TF-M function IDs 0x0400..0x0407)

    /**
     * {@code psa_mac_compute}: the MAC of {@code input} with {@code key}, truncated as {@code alg} says.
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED} if
     *     it lacks {@code SIGN_MESSAGE} or its policy does not permit {@code alg}; {@code INVALID_ARGUMENT} if
     *     {@code alg} is not a MAC (or a wildcard), the key type does not fit it, or it is truncated beyond its full
     *     length; {@code NOT_SUPPORTED} for a MAC shorter than 4 bytes or one the SPE lacks
     */
    public byte[] macCompute(int key, Algorithm alg, byte[] input) throws PsaException {
        // An HMAC's length is known here, so the usual result needs no copy; otherwise the largest MAC is offered.
        int known = 0;
        if (alg.isHmac()) {
            known = alg.macTruncatedLength() != 0 ? alg.macTruncatedLength() : CryptoSizes.hashLength(alg);
        }
        byte[] mac = new byte[known > 0 ? known : CryptoSizes.MAC_MAX_SIZE];
        int n = macCompute(key, alg, input, mac);
        return n == mac.length ? mac : Arrays.copyOf(mac, n);
    }

    /**
     * {@code psa_mac_compute} into a caller's buffer; the whole of {@code mac} is offered.
     *
     * @return {@code mac_length}, the bytes written at the start of {@code mac}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code mac} is shorter than the MAC; otherwise as
     *     {@link #macCompute(int, Algorithm, byte[])}
     */
    public int macCompute(int key, Algorithm alg, byte[] input, byte[] mac) throws PsaException {
        OutVec out = OutVec.of(mac);
        call(client, PackIovec.builder(CryptoFunction.MAC_COMPUTE).keyId(key).alg(alg).build(),
                ins(InVec.of(input)), out);
        return out.length();
    }

    /**
     * {@code psa_mac_verify}: checks that {@code mac} is the MAC of {@code input}; the SPE compares in constant time.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if it is not (another length included); {@code NOT_PERMITTED} if
     *     the key lacks {@code VERIFY_MESSAGE} or its policy does not permit {@code alg}; otherwise as
     *     {@link #macCompute(int, Algorithm, byte[])}
     */
    public void macVerify(int key, Algorithm alg, byte[] input, byte[] mac) throws PsaException {
        call(client, PackIovec.builder(CryptoFunction.MAC_VERIFY).keyId(key).alg(alg).build(),
                ins(InVec.of(input), InVec.of(mac)));
    }

    /**
     * {@code psa_mac_sign_setup}: starts a multi-part MAC computation in one of the SPE's operation slots. Close the
     * operation (or finish it) to free the slot.
     *
     * @throws PsaException {@code NOT_PERMITTED} if every operation slot of the SPE is taken (TF-M's status), or as
     *     {@link #macCompute(int, Algorithm, byte[])}
     */
    public MacOperation macSignSetup(int key, Algorithm alg) throws PsaException {
        MacOperation op = new MacOperation(client, alg);
        op.setup(CryptoFunction.MAC_SIGN_SETUP, key);
        return op;
    }

    /**
     * {@code psa_mac_verify_setup}: starts a multi-part MAC verification in one of the SPE's operation slots.
     *
     * @throws PsaException {@code NOT_PERMITTED} if every operation slot is taken, or as
     *     {@link #macVerify(int, Algorithm, byte[], byte[])}
     */
    public MacOperation macVerifySetup(int key, Algorithm alg) throws PsaException {
        MacOperation op = new MacOperation(client, alg);
        op.setup(CryptoFunction.MAC_VERIFY_SETUP, key);
        return op;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Unauthenticated ciphers (PSA Crypto API 1.2 §10.4; TF-M function IDs 0x0500..0x0509)

    /**
     * {@code psa_can_do_cipher}: whether the SPE can run the cipher {@code alg} with a key of type {@code keyType}.
     * Unlike the C function, which answers 0 when the call fails, a failed call throws.
     *
     * @throws PsaException if the call fails
     */
    public boolean canDoCipher(KeyType keyType, Algorithm alg) throws PsaException {
        OutVec result = OutVec.allocate(4);
        byte[] type = {(byte) keyType.value(), (byte) (keyType.value() >>> 8)};
        call(client, PackIovec.builder(CryptoFunction.CAN_DO_CIPHER).alg(alg).build(), ins(InVec.of(type)), result);
        return CryptoCalls.u32Written(result, 0) != 0;
    }

    /**
     * {@code psa_cipher_encrypt}: encrypts {@code input} under a fresh random IV, returned as
     * {@code IV ‖ ciphertext} (no IV for ECB).
     *
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED} if
     *     it lacks {@code ENCRYPT} or its policy does not permit {@code alg}; {@code INVALID_ARGUMENT} if {@code alg}
     *     is not a cipher, or a mode without padding gets a partial block; {@code NOT_SUPPORTED} if the SPE lacks the
     *     algorithm with this key type
     */
    public byte[] cipherEncrypt(int key, Algorithm alg, byte[] input) throws PsaException {
        byte[] out = new byte[CryptoSizes.cipherEncryptOutputMaxSize(input.length)];
        int n = cipherEncrypt(key, alg, input, out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_cipher_encrypt} into a caller's buffer; the whole of {@code output} is offered.
     *
     * @return {@code output_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code output} cannot hold the IV and ciphertext; otherwise as
     *     {@link #cipherEncrypt(int, Algorithm, byte[])}
     */
    public int cipherEncrypt(int key, Algorithm alg, byte[] input, byte[] output) throws PsaException {
        OutVec out = OutVec.of(output);
        call(client, PackIovec.builder(CryptoFunction.CIPHER_ENCRYPT).keyId(key).alg(alg).build(),
                ins(InVec.of(input)), out);
        return out.length();
    }

    /**
     * {@code psa_cipher_decrypt}: decrypts {@code IV ‖ ciphertext} (just the ciphertext for ECB).
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if the input is shorter than the IV, a mode without padding gets
     *     a partial block, or CBC-PKCS#7 gets no whole blocks; {@code INVALID_PADDING} if the PKCS#7 padding is
     *     wrong; {@code NOT_PERMITTED} if the key lacks {@code DECRYPT} or its policy does not permit {@code alg};
     *     otherwise as {@link #cipherEncrypt(int, Algorithm, byte[])}
     */
    public byte[] cipherDecrypt(int key, Algorithm alg, byte[] input) throws PsaException {
        byte[] out = new byte[input.length];
        int n = cipherDecrypt(key, alg, input, out);
        byte[] result = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    /**
     * {@code psa_cipher_decrypt} into a caller's buffer; the whole of {@code output} is offered.
     *
     * @return {@code output_length}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code output} is shorter than the whole blocks of the
     *     ciphertext; otherwise as {@link #cipherDecrypt(int, Algorithm, byte[])}
     */
    public int cipherDecrypt(int key, Algorithm alg, byte[] input, byte[] output) throws PsaException {
        OutVec out = OutVec.of(output);
        call(client, PackIovec.builder(CryptoFunction.CIPHER_DECRYPT).keyId(key).alg(alg).build(),
                ins(InVec.of(input)), out);
        return out.length();
    }

    /**
     * {@code psa_cipher_encrypt_setup}: starts a multi-part encryption in one of the SPE's operation slots.
     *
     * @throws PsaException {@code NOT_PERMITTED} if every operation slot is taken, or as
     *     {@link #cipherEncrypt(int, Algorithm, byte[])}
     */
    public CipherOperation cipherEncryptSetup(int key, Algorithm alg) throws PsaException {
        CipherOperation op = new CipherOperation(client, alg);
        op.setup(CryptoFunction.CIPHER_ENCRYPT_SETUP, key);
        return op;
    }

    /**
     * {@code psa_cipher_decrypt_setup}: starts a multi-part decryption in one of the SPE's operation slots.
     *
     * @throws PsaException {@code NOT_PERMITTED} if every operation slot is taken or the key lacks {@code DECRYPT},
     *     or as {@link #cipherEncrypt(int, Algorithm, byte[])}
     */
    public CipherOperation cipherDecryptSetup(int key, Algorithm alg) throws PsaException {
        CipherOperation op = new CipherOperation(client, alg);
        op.setup(CryptoFunction.CIPHER_DECRYPT_SETUP, key);
        return op;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Key derivation

    /**
     * {@code psa_key_derivation_setup}: starts a key derivation, held in one of the SPE's operation slots, which only
     * this client may use. Close it (or abort it) to free the slot. The capacity starts at the algorithm's maximum:
     * 255 hash lengths for HKDF and HKDF-Expand, one hash length for HKDF-Extract, 48 bytes for TLS 1.2 PSK-to-MS,
     * {@code 0xFFFFFFFF} (the SPE's {@code SIZE_MAX}) for the TLS 1.2 PRF and PBKDF2.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a key derivation (a standalone key
     *     agreement included); {@code NOT_SUPPORTED} for a derivation or hash the SPE lacks, and for FFDH combined
     *     with a derivation; {@code NOT_PERMITTED} if every operation slot of the SPE is taken (TF-M's status)
     */
    public KeyDerivationOperation keyDerivationSetup(Algorithm alg) throws PsaException {
        KeyDerivationOperation op = new KeyDerivationOperation(client, Objects.requireNonNull(alg, "alg"));
        op.setup();
        return op;
    }

    /**
     * {@code psa_export_public_key} into a buffer of {@code PSA_EXPORT_PUBLIC_KEY_OUTPUT_SIZE} for the key's type and
     * size (read first with {@link #getKeyAttributes(int)}).
     *
     * @return the public key, as {@link #exportPublicKey(int, byte[])} describes it
     * @throws PsaException {@code INVALID_ARGUMENT} if the key is not asymmetric; {@code INVALID_HANDLE} if
     *     {@code key} is not a key of this client
     */
    public byte[] exportPublicKey(int key) throws PsaException {
        KeyAttributes a = getKeyAttributes(key);
        int size = CryptoSizes.exportPublicKeyOutputSize(a.type(), a.bits());
        byte[] out = new byte[size > 0 ? size : FALLBACK_EXPORT_SIZE];
        int n = exportPublicKey(key, out);
        return Arrays.copyOf(out, n);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Asymmetric signature, asymmetric encryption, raw key agreement

    private byte[] callForBytes(PackIovec iov, InVec[] in, int capacity) throws PsaException {
        OutVec out = OutVec.allocate(capacity);
        call(client, iov, in, out);
        byte[] result = Arrays.copyOf(out.array(), out.length());
        Arrays.fill(out.array(), (byte) 0); // it may hold a plaintext or a shared secret
        return result;
    }

    private static PackIovec keyAndAlg(CryptoFunction function, int key, Algorithm alg) {
        return PackIovec.builder(function).keyId(key).alg(Objects.requireNonNull(alg, "alg")).build();
    }

    /**
     * {@code psa_sign_message}: signs {@code input} (hashing it first for a hash-and-sign algorithm) with a key pair
     * whose policy has {@code PSA_KEY_USAGE_SIGN_MESSAGE} (implied by {@code SIGN_HASH}) and permits {@code alg}.
     * The signature buffer offered is {@code PSA_SIGNATURE_MAX_SIZE}.
     *
     * @return the signature: ECDSA {@code r || s}, RSA the modulus length, Ed25519 64 bytes
     * @throws PsaException {@code INVALID_HANDLE} if {@code key} is not a key of this client; {@code NOT_PERMITTED}
     *     if its policy lacks the usage or the algorithm; {@code INVALID_ARGUMENT} if {@code alg} is not a
     *     message-signing algorithm, is a wildcard, or does not fit the key, or the key is a public key;
     *     {@code NOT_SUPPORTED} for an algorithm or hash the SPE lacks
     */
    public byte[] signMessage(int key, Algorithm alg, byte[] input) throws PsaException {
        return callForBytes(keyAndAlg(CryptoFunction.ASYMMETRIC_SIGN_MESSAGE, key, alg),
                ins(InVec.of(Objects.requireNonNull(input, "input"))), CryptoSizes.SIGNATURE_MAX_SIZE);
    }

    /**
     * {@code psa_verify_message}: checks {@code signature} over {@code input} with a key pair or public key whose
     * policy has {@code PSA_KEY_USAGE_VERIFY_MESSAGE} (implied by {@code VERIFY_HASH}) and permits {@code alg}.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if the signature is wrong, or of the wrong length;
     *     {@code INVALID_HANDLE}, {@code NOT_PERMITTED}, {@code INVALID_ARGUMENT}, {@code NOT_SUPPORTED} as for
     *     {@link #signMessage}
     */
    public void verifyMessage(int key, Algorithm alg, byte[] input, byte[] signature) throws PsaException {
        call(client, keyAndAlg(CryptoFunction.ASYMMETRIC_VERIFY_MESSAGE, key, alg),
                ins(InVec.of(Objects.requireNonNull(input, "input")),
                        InVec.of(Objects.requireNonNull(signature, "signature"))));
    }

    /**
     * {@code psa_sign_hash}: signs an already computed {@code hash} with a key pair whose policy has
     * {@code PSA_KEY_USAGE_SIGN_HASH} and permits {@code alg}. The signature buffer offered is
     * {@code PSA_SIGNATURE_MAX_SIZE}.
     *
     * @return the signature: ECDSA {@code r || s}, RSA the modulus length
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} cannot sign a hash (pure EdDSA included), is a
     *     wildcard or does not fit the key, if the hash length is not that of {@code alg}'s hash, or the key is a
     *     public key; {@code INVALID_HANDLE}, {@code NOT_PERMITTED}, {@code NOT_SUPPORTED} as for
     *     {@link #signMessage}
     */
    public byte[] signHash(int key, Algorithm alg, byte[] hash) throws PsaException {
        return callForBytes(keyAndAlg(CryptoFunction.ASYMMETRIC_SIGN_HASH, key, alg),
                ins(InVec.of(Objects.requireNonNull(hash, "hash"))), CryptoSizes.SIGNATURE_MAX_SIZE);
    }

    /**
     * {@code psa_sign_hash} into a caller's buffer; the whole of {@code signature} is offered.
     *
     * @return {@code signature_length}, the bytes written at the start of {@code signature}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if it is shorter than {@code PSA_SIGN_OUTPUT_SIZE}; otherwise as
     *     {@link #signHash(int, Algorithm, byte[])}
     */
    public int signHash(int key, Algorithm alg, byte[] hash, byte[] signature) throws PsaException {
        OutVec out = OutVec.of(signature);
        call(client, keyAndAlg(CryptoFunction.ASYMMETRIC_SIGN_HASH, key, alg),
                ins(InVec.of(Objects.requireNonNull(hash, "hash"))), out);
        return out.length();
    }

    /**
     * {@code psa_verify_hash}: checks {@code signature} over {@code hash} with a key pair or public key whose policy
     * has {@code PSA_KEY_USAGE_VERIFY_HASH} and permits {@code alg}.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if the signature is wrong, or of the wrong length; otherwise as
     *     {@link #signHash(int, Algorithm, byte[])}
     */
    public void verifyHash(int key, Algorithm alg, byte[] hash, byte[] signature) throws PsaException {
        call(client, keyAndAlg(CryptoFunction.ASYMMETRIC_VERIFY_HASH, key, alg),
                ins(InVec.of(Objects.requireNonNull(hash, "hash")),
                        InVec.of(Objects.requireNonNull(signature, "signature"))));
    }

    /** The input vectors of asymmetric encrypt/decrypt: the salt vector is omitted when null, as TF-M's client does. */
    private static InVec[] cryptInputs(byte[] input, byte[] salt) {
        InVec data = InVec.of(Objects.requireNonNull(input, "input"));
        return salt == null ? ins(data) : ins(data, InVec.of(salt));
    }

    /**
     * {@code psa_asymmetric_encrypt}: RSA OAEP ({@code salt} is the label) or PKCS#1 v1.5 ({@code salt} must be null
     * or empty), with a public key or key pair whose policy has {@code PSA_KEY_USAGE_ENCRYPT} and permits
     * {@code alg}. The output buffer offered is {@code PSA_ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE}.
     *
     * @param salt the OAEP label, or null for none
     * @return the ciphertext, the modulus length
     * @throws PsaException {@code INVALID_ARGUMENT} if a salt comes with PKCS#1 v1.5, the input is too long for the
     *     padding, or {@code alg} is not an encryption algorithm for the key; {@code INVALID_HANDLE},
     *     {@code NOT_PERMITTED} for the key and policy; {@code NOT_SUPPORTED} for a non-RSA key or an OAEP hash the
     *     SPE lacks
     */
    public byte[] asymmetricEncrypt(int key, Algorithm alg, byte[] input, byte[] salt) throws PsaException {
        return callForBytes(keyAndAlg(CryptoFunction.ASYMMETRIC_ENCRYPT, key, alg), cryptInputs(input, salt),
                CryptoSizes.ASYMMETRIC_ENCRYPT_OUTPUT_MAX_SIZE);
    }

    /**
     * {@code psa_asymmetric_decrypt}: the reverse of {@link #asymmetricEncrypt} with a key pair whose policy has
     * {@code PSA_KEY_USAGE_DECRYPT}. The output buffer offered is {@code PSA_ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE}.
     *
     * @return the plaintext
     * @throws PsaException {@code INVALID_PADDING} if the ciphertext does not decrypt to a well-padded message;
     *     {@code INVALID_ARGUMENT} if its length is not the modulus length, its value is not below the modulus, or
     *     the key is a public key; otherwise as {@link #asymmetricEncrypt}
     */
    public byte[] asymmetricDecrypt(int key, Algorithm alg, byte[] input, byte[] salt) throws PsaException {
        return callForBytes(keyAndAlg(CryptoFunction.ASYMMETRIC_DECRYPT, key, alg), cryptInputs(input, salt),
                CryptoSizes.ASYMMETRIC_DECRYPT_OUTPUT_MAX_SIZE);
    }

    /**
     * {@code psa_raw_key_agreement}: the shared secret of {@code privateKey} (a key pair whose policy has
     * {@code PSA_KEY_USAGE_DERIVE} and permits {@code alg}) and {@code peerKey} (in the public-key export format of
     * the same curve). The output buffer offered is {@code PSA_RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE}. The secret leaves
     * the SPE: prefer a key derivation for anything else than tests and protocols that need it raw.
     *
     * @return the x-coordinate of the shared point for ECDH ({@code ceil(bits/8)} bytes), 32 bytes for X25519
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a key agreement, the key is not an ECC key
     *     pair, the peer key is not a valid point of the key's curve, or the X25519 result is all zeros;
     *     {@code INVALID_HANDLE}, {@code NOT_PERMITTED} for the key and policy; {@code NOT_SUPPORTED} for FFDH or an
     *     agreement combined with a key derivation
     */
    public byte[] rawKeyAgreement(Algorithm alg, int privateKey, byte[] peerKey) throws PsaException {
        return callForBytes(keyAndAlg(CryptoFunction.RAW_KEY_AGREEMENT, privateKey, alg),
                ins(InVec.of(Objects.requireNonNull(peerKey, "peerKey"))),
                CryptoSizes.RAW_KEY_AGREEMENT_OUTPUT_MAX_SIZE);
    }
}
