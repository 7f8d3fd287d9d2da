package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Key Management group ({@code crypto_key_management.c} over Mbed TLS's {@code psa_crypto.c}), with the vectors of
 * {@code reference/tfm.md} §2.2. The caller's client ID owns the keys it creates, and no other client can see them
 * ({@code PSA_ERROR_INVALID_HANDLE}). Keys are volatile, or persistent in the {@link KeyStore}'s storage (identifiers
 * in the user range), or built in ({@link BuiltinKeys}, which cannot be destroyed).
 *
 * <p>Supported key types: {@code RAW_DATA}, {@code HMAC}, {@code DERIVE}, {@code PASSWORD}, {@code PASSWORD_HASH}
 * (1..{@value #MAX_UNSTRUCTURED_BYTES} bytes), {@code AES} (128, 192, 256 bits), {@code CHACHA20} (256 bits), and the
 * asymmetric keys of {@link AsymmetricKeys}: ECC on secp256r1/384r1/521r1, X25519 and Ed25519, RSA 1024..4096 bits;
 * any other type gives {@code PSA_ERROR_NOT_SUPPORTED}.
 */
final class KeyManagementService {
    /** The largest RAW_DATA, HMAC or DERIVE key this partition holds; larger ones are {@code NOT_SUPPORTED}. */
    static final int MAX_UNSTRUCTURED_BYTES = 1024;

    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final int NOT_PERMITTED = PsaStatus.NOT_PERMITTED.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_HANDLE = PsaStatus.INVALID_HANDLE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int INSUFFICIENT_MEMORY = PsaStatus.INSUFFICIENT_MEMORY.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int KEY_ID_SIZE = 4;

    private final KeyStore keys;
    private final SecureRandom random;

    KeyManagementService(KeyStore keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    KeyStore keys() {
        return keys;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case IMPORT_KEY:
                return importKey(r);
            case GENERATE_KEY:
                return generateKey(r);
            case COPY_KEY:
                return copyKey(r);
            case DESTROY_KEY:
                return destroyKey(r);
            case PURGE_KEY:
                return purgeKey(r);
            case GET_KEY_ATTRIBUTES:
                return getKeyAttributes(r);
            case EXPORT_KEY:
                return exportKey(r);
            case EXPORT_PUBLIC_KEY:
                return exportPublicKey(r);
            default:
                return NOT_SUPPORTED; // ABANDONED_OPEN_KEY / ABANDONED_CLOSE_KEY, as TF-M
        }
    }

    /** A status, or the attributes a call carried in {@code in_vec[1]}. */
    private static final class Parsed {
        final int status;
        final KeyAttributes attributes;

        Parsed(int status, KeyAttributes attributes) {
            this.status = status;
            this.attributes = attributes;
        }
    }

    /**
     * TF-M requires {@code in_vec[1]} to be exactly the 24-byte client view and {@code out_vec[0]} to hold a key ID;
     * anything else is the client's programming error.
     */
    private static Parsed attributesAndKeyIdOut(CryptoRequest r) {
        if (r.inSize(1) != KeyAttributes.CLIENT_WIRE_SIZE || r.outSize(0) < KEY_ID_SIZE) {
            return new Parsed(PROGRAMMER_ERROR, null);
        }
        return new Parsed(SUCCESS, KeyAttributes.fromClientWire(r.in(1)));
    }

    /**
     * {@code psa_validate_key_attributes} for a key about to be created: local storage (else
     * {@code INVALID_ARGUMENT}, as Mbed TLS without secure-element drivers); a volatile key without an identifier, or
     * a persistent, writable key with an identifier in the user range (else {@code INVALID_ARGUMENT}); defined usage
     * flags only ({@code INVALID_ARGUMENT}).
     */
    static int validateCreation(KeyAttributes a) {
        KeyLifetime lifetime = a.lifetime();
        if (!lifetime.isLocalStorage()) {
            return INVALID_ARGUMENT;
        }
        if (lifetime.isVolatile() ? a.id() != KeyId.NULL : lifetime.isReadOnly() || !KeyId.isUser(a.id())) {
            return INVALID_ARGUMENT;
        }
        if (!KeyPolicy.isValidUsage(a.usage())) {
            return INVALID_ARGUMENT;
        }
        return SUCCESS;
    }

    /** Whether this slice holds keys of {@code type}. */
    private static boolean isSupported(KeyType type) {
        if (type.isAsymmetric()) {
            return AsymmetricKeys.isSupported(type);
        }
        return type.equals(KeyType.RAW_DATA) || type.equals(KeyType.HMAC) || type.equals(KeyType.DERIVE)
                || type.equals(KeyType.PASSWORD) || type.equals(KeyType.PASSWORD_HASH) // as Mbed TLS; not PEPPER
                || type.equals(KeyType.AES) || type.equals(KeyType.CHACHA20);
    }

    /**
     * The status for key material of {@code bytes} bytes of a supported {@code type}: {@code INVALID_ARGUMENT} for a
     * size the type does not have, {@code NOT_SUPPORTED} for an unstructured key above this partition's limit.
     */
    private static int checkSize(KeyType type, int bytes) {
        if (type.equals(KeyType.AES)) {
            return bytes == 16 || bytes == 24 || bytes == 32 ? SUCCESS : INVALID_ARGUMENT;
        }
        if (type.equals(KeyType.CHACHA20)) {
            return bytes == 32 ? SUCCESS : INVALID_ARGUMENT;
        }
        if (bytes < 1) {
            return INVALID_ARGUMENT;
        }
        return bytes <= MAX_UNSTRUCTURED_BYTES ? SUCCESS : NOT_SUPPORTED;
    }

    /**
     * The attributes a new key is stored with: its actual size, the requested lifetime and identifier, and usage
     * extended as Mbed TLS does.
     */
    private static KeyAttributes stored(KeyAttributes requested, KeyType type, int bits, KeyUsage usage,
            Algorithm alg, Algorithm alg2) {
        return new KeyAttributes(type, bits, requested.lifetime(), usage.withImplied(), alg, alg2, requested.id());
    }

    /**
     * Stores the key (a persistent one in its file first) and writes its identifier to {@code out_vec[0]}; on
     * failure the material is zeroed and nothing is stored.
     */
    private int store(CryptoRequest r, KeyAttributes attributes, SecretBytes material) {
        if (!attributes.lifetime().isVolatile()) {
            int status = keys.addPersistent(r.clientId(), attributes, material);
            if (status == SUCCESS) {
                r.writeU32(0, attributes.id());
            }
            return status;
        }
        KeySlot slot = keys.add(r.clientId(), attributes, material);
        if (slot == null) {
            material.zeroize();
            return INSUFFICIENT_MEMORY;
        }
        r.writeU32(0, slot.id());
        return SUCCESS;
    }

    /** {@code psa_import_key}: in {@code iov, attrs(24), data}; out {@code key_id(4)}. */
    private int importKey(CryptoRequest r) {
        Parsed p = attributesAndKeyIdOut(r);
        if (p.status != SUCCESS) {
            return p.status;
        }
        byte[] data = r.in(2);
        try {
            return importMaterial(r, p.attributes, data);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * Creates a key of the caller's from {@code data} in {@code psa_export_key} format, with every check
     * {@code psa_import_key} makes, and writes its identifier to {@code out_vec[0]}. Also the last step of
     * {@code psa_key_derivation_output_key} for the types whose derived bytes are the key. The caller keeps (and
     * zeroes) {@code data}.
     */
    int importMaterial(CryptoRequest r, KeyAttributes a, byte[] data) {
        if (data.length == 0) {
            return INVALID_ARGUMENT; // Mbed TLS rejects empty key material before anything else
        }
        int status = validateCreation(a);
        if (status != SUCCESS) {
            return status;
        }
        if (!isSupported(a.type())) {
            return NOT_SUPPORTED;
        }
        if (a.type().isAsymmetric()) {
            Outcome key = AsymmetricKeys.importKey(a.type(), a.bits(), data);
            if (!key.ok()) {
                return key.status;
            }
            return store(r, stored(a, a.type(), key.bits, a.usage(), a.algorithm(), a.algorithm2()),
                    SecretBytes.wrap(key.bytes));
        }
        status = checkSize(a.type(), data.length);
        if (status != SUCCESS) {
            return status;
        }
        if (a.bits() != 0 && a.bits() != data.length * 8) {
            return INVALID_ARGUMENT;
        }
        return store(r, stored(a, a.type(), data.length * 8, a.usage(), a.algorithm(), a.algorithm2()),
                SecretBytes.copyOf(data));
    }

    /** {@code psa_generate_key}: in {@code iov, attrs(24)}; out {@code key_id(4)}. */
    private int generateKey(CryptoRequest r) {
        Parsed p = attributesAndKeyIdOut(r);
        if (p.status != SUCCESS) {
            return p.status;
        }
        KeyAttributes a = p.attributes;
        int status = validateCreation(a);
        if (status != SUCCESS) {
            return status;
        }
        if (a.type().isAsymmetric()) {
            return generateAsymmetric(r, a);
        }
        if (!isSupported(a.type())) {
            return NOT_SUPPORTED;
        }
        int bits = a.bits();
        if (bits == 0 || bits % 8 != 0) {
            return INVALID_ARGUMENT; // the size is required, in whole bytes
        }
        status = checkSize(a.type(), bits / 8);
        if (status != SUCCESS) {
            return status;
        }
        byte[] material = new byte[bits / 8];
        random.nextBytes(material);
        return store(r, stored(a, a.type(), bits, a.usage(), a.algorithm(), a.algorithm2()),
                SecretBytes.wrap(material));
    }

    /**
     * {@code psa_generate_key} for ECC and RSA key pairs, in Mbed TLS's order: no size ({@code INVALID_ARGUMENT}), a
     * public key type ({@code INVALID_ARGUMENT}: only pairs can be generated), then the type and size.
     */
    private int generateAsymmetric(CryptoRequest r, KeyAttributes a) {
        if (a.bits() == 0 || a.type().isPublicKey()) {
            return INVALID_ARGUMENT;
        }
        if (!isSupported(a.type())) {
            return NOT_SUPPORTED;
        }
        Outcome key = AsymmetricKeys.generate(a.type(), a.bits(), random);
        if (!key.ok()) {
            return key.status;
        }
        return store(r, stored(a, a.type(), key.bits, a.usage(), a.algorithm(), a.algorithm2()),
                SecretBytes.wrap(key.bytes));
    }

    /**
     * {@code psa_copy_key}: in {@code iov{key_id=src}, attrs(24)}; out {@code key_id(4)}. The source needs
     * {@code USAGE_COPY}; the copy's type and size come from the source (the given ones must be 0 or equal), its
     * usage is the intersection of both usages and its algorithms the intersection of both algorithm policies
     * ({@code INVALID_ARGUMENT} when both name an algorithm and they have nothing in common).
     */
    private int copyKey(CryptoRequest r) {
        Parsed p = attributesAndKeyIdOut(r);
        if (p.status != SUCCESS) {
            return p.status;
        }
        KeyAttributes target = p.attributes;
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.COPY, null);
        if (!use.ok()) {
            return use.status();
        }
        KeySlot source = use.slot();
        KeyAttributes s = source.attributes;
        if (!target.type().equals(KeyType.NONE) && !target.type().equals(s.type())) {
            return INVALID_ARGUMENT;
        }
        if (target.bits() != 0 && target.bits() != s.bits()) {
            return INVALID_ARGUMENT;
        }
        Algorithm alg = KeyPolicy.intersect(s.type(), s.algorithm(), target.algorithm());
        if (alg.equals(Algorithm.NONE) && !s.algorithm().equals(Algorithm.NONE)
                && !target.algorithm().equals(Algorithm.NONE)) {
            return INVALID_ARGUMENT;
        }
        Algorithm alg2 = KeyPolicy.intersect(s.type(), s.algorithm2(), target.algorithm2());
        if (alg2.equals(Algorithm.NONE) && !s.algorithm2().equals(Algorithm.NONE)
                && !target.algorithm2().equals(Algorithm.NONE)) {
            return INVALID_ARGUMENT;
        }
        int status = validateCreation(target);
        if (status != SUCCESS) {
            return status;
        }
        KeyUsage usage = KeyUsage.of(s.usage().value() & target.usage().withImplied().value());
        byte[] material;
        try {
            material = source.material.copy();
        } catch (IllegalStateException destroyedMeanwhile) {
            return INVALID_HANDLE;
        }
        return store(r, stored(target, s.type(), s.bits(), usage, alg, alg2), SecretBytes.wrap(material));
    }

    /** {@code psa_destroy_key}: in {@code iov{key_id}}. Destroying {@code PSA_KEY_ID_NULL} succeeds. */
    private int destroyKey(CryptoRequest r) {
        int id = r.iov.keyId();
        if (id == KeyId.NULL) {
            return SUCCESS;
        }
        try {
            return keys.destroy(r.clientId(), id);
        } catch (KeyStoreException e) {
            return e.status();
        }
    }

    /**
     * {@code psa_purge_key}: in {@code iov{key_id}}. Drops the cached copy of one of the caller's persistent or
     * built-in keys; a volatile key has no other copy to fall back on, so purging it does nothing. Either succeeds;
     * anything else, {@code PSA_KEY_ID_NULL} included (as in Mbed TLS), is {@code INVALID_HANDLE}.
     */
    private int purgeKey(CryptoRequest r) {
        try {
            return keys.purge(r.clientId(), r.iov.keyId()) ? SUCCESS : INVALID_HANDLE;
        } catch (KeyStoreException e) {
            return e.status();
        }
    }

    /** {@code psa_get_key_attributes}: in {@code iov{key_id}}; out the 24-byte client view. */
    private int getKeyAttributes(CryptoRequest r) {
        if (r.outSize(0) < KeyAttributes.CLIENT_WIRE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.NONE, null);
        if (!use.ok()) {
            return use.status();
        }
        r.write(0, use.slot().attributes.toClientWire());
        return SUCCESS;
    }

    /** {@code psa_export_key}: in {@code iov{key_id}}; out the key material (its length is the written length). */
    private int exportKey(CryptoRequest r) {
        int size = r.outSize(0);
        if (size == 0) {
            return BUFFER_TOO_SMALL; // Mbed TLS: an empty buffer can never hold a key, checked first
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.EXPORT, null);
        if (!use.ok()) {
            return use.status();
        }
        KeySlot slot = use.slot();
        if (size < slot.material.length()) {
            return BUFFER_TOO_SMALL;
        }
        byte[] material;
        try {
            material = slot.material.copy();
        } catch (IllegalStateException destroyedMeanwhile) {
            return INVALID_HANDLE;
        }
        try {
            r.write(0, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        return SUCCESS;
    }

    /**
     * {@code psa_export_public_key}: in {@code iov{key_id}}; out the public key in {@code psa_export_key} format for
     * its public type. No usage is needed, but a symmetric key has no public part: {@code INVALID_ARGUMENT}.
     */
    private int exportPublicKey(CryptoRequest r) {
        if (r.outSize(0) == 0) {
            return BUFFER_TOO_SMALL;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.NONE, null);
        if (!use.ok()) {
            return use.status();
        }
        KeySlot slot = use.slot();
        if (!slot.attributes.type().isAsymmetric()) {
            return INVALID_ARGUMENT;
        }
        AsymmetricKey key = AsymmetricKeys.of(slot);
        if (key == null) {
            return INVALID_HANDLE; // destroyed meanwhile
        }
        if (r.outSize(0) < key.publicExportLength()) {
            return BUFFER_TOO_SMALL;
        }
        r.write(0, key.publicExport());
        return SUCCESS;
    }
}
