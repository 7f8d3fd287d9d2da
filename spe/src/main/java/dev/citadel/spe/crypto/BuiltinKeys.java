package dev.citadel.spe.crypto;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The device's built-in keys, as TF-M's built-in key loader ({@code tfm_builtin_key_loader.c}) and its platform
 * policy table ({@code crypto_keys.c}) serve them ({@code reference/tfm.md} §4):
 * <ul>
 *   <li>the HUK, {@value #HUK_ID_HEX}: a 256-bit {@code DERIVE} key for {@code PSA_ALG_HKDF(SHA_256)}, usable by every
 *       client for derivation only; each client other than the Crypto partition gets its own subkey,
 *       {@code HKDF-SHA-256(salt = none, IKM = HUK, info = LE32(client ID))}, so two clients never derive the same
 *       keys;
 *   <li>the IAK, {@value #IAK_ID_HEX} (when the device has one), for the Initial Attestation partition and nobody
 *       else ({@link Iak}): an ECC secp-r1 key pair (P-256 for {@code PSA_ALG_ECDSA(SHA_256)}, P-384 for
 *       {@code PSA_ALG_ECDSA(SHA_384)}) with {@code SIGN_HASH}, or, as with TF-M's
 *       {@code SYMMETRIC_INITIAL_ATTESTATION}, an HMAC key for {@code PSA_ALG_HMAC(SHA_256)} with
 *       {@code SIGN_HASH | EXPORT} (the partition hashes it for the instance ID).
 * </ul>
 * Their lifetime is {@code 0x80000101} (persistence default, location {@code 0x800001}). A client with no policy for
 * a built-in key gets {@code PSA_ERROR_NOT_PERMITTED}, as the loader answers.
 */
public final class BuiltinKeys {
    /** {@code TFM_BUILTIN_KEY_ID_HUK}. */
    public static final int HUK_ID = 0x7FFF815C;
    /** {@code TFM_BUILTIN_KEY_ID_IAK}. */
    public static final int IAK_ID = 0x7FFF815D;
    static final String HUK_ID_HEX = "0x7FFF815C";
    static final String IAK_ID_HEX = "0x7FFF815D";
    /** {@code MBEDTLS_PSA_KEY_ID_BUILTIN_MIN} / {@code _MAX}: identifiers reserved for built-in keys. */
    static final int BUILTIN_MIN = 0x7FFF0000;
    static final int BUILTIN_MAX = 0x7FFFEFFF;
    /** {@code TFM_BUILTIN_KEY_LOADER_LIFETIME}. */
    public static final KeyLifetime LIFETIME = KeyLifetime.fromPersistenceAndLocation(
            KeyLifetime.PERSISTENCE_DEFAULT, 0x800001);

    public static final int HUK_BYTES = 32;

    /**
     * An IAK: its PSA type, size, permitted algorithm and usage for the attestation partition, and its material
     * (the private scalar, big-endian, or the HMAC key).
     */
    public static final class Iak {
        private final KeyType type;
        private final int bits;
        private final Algorithm algorithm;
        private final KeyUsage usage;
        private final byte[] material;

        private Iak(KeyType type, int bits, Algorithm algorithm, KeyUsage usage, byte[] material) {
            this.type = type;
            this.bits = bits;
            this.algorithm = algorithm;
            this.usage = usage;
            this.material = material.clone();
        }

        /**
         * A secp-r1 key pair from its private scalar: 32 bytes (P-256, ECDSA with SHA-256) or 48 (P-384, SHA-384).
         *
         * @throws IllegalArgumentException for other sizes
         */
        public static Iak eccSecpR1(byte[] scalar) {
            Algorithm hash = switch (scalar.length) {
                case 32 -> Algorithm.SHA_256;
                case 48 -> Algorithm.SHA_384;
                default -> throw new IllegalArgumentException("the IAK must be a 32- or 48-byte secp-r1 scalar");
            };
            return new Iak(KeyType.eccKeyPair(EccFamily.SECP_R1), scalar.length * 8, Algorithm.ecdsa(hash),
                    KeyUsage.SIGN_HASH.withImplied(), scalar);
        }

        /**
         * A 32-byte HMAC-SHA-256 key, TF-M's symmetric IAK.
         *
         * @throws IllegalArgumentException for other sizes
         */
        public static Iak hmacSha256(byte[] key) {
            if (key.length != 32) {
                throw new IllegalArgumentException("the symmetric IAK must be 32 bytes");
            }
            return new Iak(KeyType.HMAC, 256, Algorithm.hmac(Algorithm.SHA_256),
                    KeyUsage.SIGN_HASH.withImplied().with(KeyUsage.EXPORT), key);
        }

        @Override
        public String toString() {
            return "Iak[" + type + ", " + bits + " bits]";
        }
    }

    private final byte[] huk;
    private final Iak iak;

    /**
     * @param huk the 32-byte hardware unique key
     * @param iakPrivate the IAK's P-256 private scalar (32 bytes, big-endian), or {@code null} for a device without
     *     one
     * @throws IllegalArgumentException for other sizes
     */
    public BuiltinKeys(byte[] huk, byte[] iakPrivate) {
        this(huk, iakPrivate == null ? null : p256(iakPrivate));
    }

    /**
     * @param huk the 32-byte hardware unique key
     * @param iak the IAK, or {@code null} for a device without one
     * @throws IllegalArgumentException for a HUK of another size
     */
    public BuiltinKeys(byte[] huk, Iak iak) {
        if (huk == null || huk.length != HUK_BYTES) {
            throw new IllegalArgumentException("the HUK must be " + HUK_BYTES + " bytes");
        }
        this.huk = huk.clone();
        this.iak = iak;
    }

    /** A device without an IAK: the HUK alone. */
    public static BuiltinKeys hukOnly(byte[] huk) {
        return new BuiltinKeys(huk, (Iak) null);
    }

    private static Iak p256(byte[] scalar) {
        if (scalar.length != 32) {
            throw new IllegalArgumentException("the IAK must be a 32-byte P-256 private scalar");
        }
        return Iak.eccSecpR1(scalar);
    }

    static boolean isBuiltinId(int id) {
        return id >= BUILTIN_MIN && id <= BUILTIN_MAX;
    }

    /**
     * The built-in key {@code id} as {@code owner} sees it: the attributes of its policy for that owner and the
     * material (a subkey for derivation keys).
     *
     * @return the key, or {@code null} if the device has no built-in key {@code id}
     * @throws KeyStoreException {@code NOT_PERMITTED} if {@code owner} has no policy for it
     */
    KeyFile.Decoded load(int owner, int id) {
        if (id == HUK_ID) {
            KeyAttributes a = new KeyAttributes(KeyType.DERIVE, HUK_BYTES * 8, LIFETIME, KeyUsage.DERIVE,
                    Algorithm.hkdf(Algorithm.SHA_256), Algorithm.NONE, id);
            return new KeyFile.Decoded(a, owner == PartitionIds.CRYPTO ? huk.clone() : subkey(owner));
        }
        if (id == IAK_ID && iak != null) {
            if (owner != PartitionIds.INITIAL_ATTESTATION) {
                throw new KeyStoreException(PsaStatus.NOT_PERMITTED, "no policy for the IAK for client " + owner);
            }
            KeyAttributes a = new KeyAttributes(iak.type, iak.bits, LIFETIME, iak.usage, iak.algorithm,
                    Algorithm.NONE, id);
            return new KeyFile.Decoded(a, iak.material.clone());
        }
        return null;
    }

    /** HKDF-SHA-256 (RFC 5869) with no salt, the HUK as input keying material and the owner as info, 32 bytes out. */
    private byte[] subkey(int owner) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // no salt: HashLen zeros
            byte[] prk = mac.doFinal(huk);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            Arrays.fill(prk, (byte) 0);
            mac.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(owner).array());
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has HmacSHA256", e);
        }
    }
}
