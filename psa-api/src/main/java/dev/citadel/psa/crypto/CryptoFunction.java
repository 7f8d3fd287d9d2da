package dev.citadel.psa.crypto;

import java.util.Optional;

/**
 * TF-M's crypto function IDs ({@code enum tfm_crypto_func_sid_t} in {@code tfm_crypto_defs.h}), carried in the
 * {@code function_id} field of {@link PackIovec}. Each value is {@code group << 8 | index}, the index counting from 0
 * in TF-M's order within the group ({@code reference/tfm.md} §2.2; stable since TF-M v2.3.0).
 */
public enum CryptoFunction {
    GENERATE_RANDOM(Group.RANDOM, 0x00),

    GET_KEY_ATTRIBUTES(Group.KEY_MANAGEMENT, 0x00),
    /** Formerly {@code OPEN_KEY}; the server answers {@code PSA_ERROR_NOT_SUPPORTED}. */
    ABANDONED_OPEN_KEY(Group.KEY_MANAGEMENT, 0x01),
    /** Formerly {@code CLOSE_KEY}; the server answers {@code PSA_ERROR_NOT_SUPPORTED}. */
    ABANDONED_CLOSE_KEY(Group.KEY_MANAGEMENT, 0x02),
    IMPORT_KEY(Group.KEY_MANAGEMENT, 0x03),
    DESTROY_KEY(Group.KEY_MANAGEMENT, 0x04),
    EXPORT_KEY(Group.KEY_MANAGEMENT, 0x05),
    EXPORT_PUBLIC_KEY(Group.KEY_MANAGEMENT, 0x06),
    PURGE_KEY(Group.KEY_MANAGEMENT, 0x07),
    COPY_KEY(Group.KEY_MANAGEMENT, 0x08),
    GENERATE_KEY(Group.KEY_MANAGEMENT, 0x09),

    HASH_COMPUTE(Group.HASH, 0x00),
    HASH_COMPARE(Group.HASH, 0x01),
    HASH_SETUP(Group.HASH, 0x02),
    HASH_UPDATE(Group.HASH, 0x03),
    HASH_CLONE(Group.HASH, 0x04),
    HASH_FINISH(Group.HASH, 0x05),
    HASH_VERIFY(Group.HASH, 0x06),
    HASH_ABORT(Group.HASH, 0x07),
    /** Added in TF-M v2.3.0. */
    CAN_DO_HASH(Group.HASH, 0x08),

    MAC_COMPUTE(Group.MAC, 0x00),
    MAC_VERIFY(Group.MAC, 0x01),
    MAC_SIGN_SETUP(Group.MAC, 0x02),
    MAC_VERIFY_SETUP(Group.MAC, 0x03),
    MAC_UPDATE(Group.MAC, 0x04),
    MAC_SIGN_FINISH(Group.MAC, 0x05),
    MAC_VERIFY_FINISH(Group.MAC, 0x06),
    MAC_ABORT(Group.MAC, 0x07),

    CIPHER_ENCRYPT(Group.CIPHER, 0x00),
    CIPHER_DECRYPT(Group.CIPHER, 0x01),
    CIPHER_ENCRYPT_SETUP(Group.CIPHER, 0x02),
    CIPHER_DECRYPT_SETUP(Group.CIPHER, 0x03),
    CIPHER_GENERATE_IV(Group.CIPHER, 0x04),
    CIPHER_SET_IV(Group.CIPHER, 0x05),
    CIPHER_UPDATE(Group.CIPHER, 0x06),
    CIPHER_FINISH(Group.CIPHER, 0x07),
    CIPHER_ABORT(Group.CIPHER, 0x08),
    /** Added in TF-M v2.3.0. */
    CAN_DO_CIPHER(Group.CIPHER, 0x09),

    AEAD_ENCRYPT(Group.AEAD, 0x00),
    AEAD_DECRYPT(Group.AEAD, 0x01),
    AEAD_ENCRYPT_SETUP(Group.AEAD, 0x02),
    AEAD_DECRYPT_SETUP(Group.AEAD, 0x03),
    AEAD_GENERATE_NONCE(Group.AEAD, 0x04),
    AEAD_SET_NONCE(Group.AEAD, 0x05),
    AEAD_SET_LENGTHS(Group.AEAD, 0x06),
    AEAD_UPDATE_AD(Group.AEAD, 0x07),
    AEAD_UPDATE(Group.AEAD, 0x08),
    AEAD_FINISH(Group.AEAD, 0x09),
    AEAD_VERIFY(Group.AEAD, 0x0A),
    AEAD_ABORT(Group.AEAD, 0x0B),

    ASYMMETRIC_SIGN_MESSAGE(Group.ASYMMETRIC_SIGN, 0x00),
    ASYMMETRIC_VERIFY_MESSAGE(Group.ASYMMETRIC_SIGN, 0x01),
    ASYMMETRIC_SIGN_HASH(Group.ASYMMETRIC_SIGN, 0x02),
    ASYMMETRIC_VERIFY_HASH(Group.ASYMMETRIC_SIGN, 0x03),

    ASYMMETRIC_ENCRYPT(Group.ASYMMETRIC_ENCRYPT, 0x00),
    ASYMMETRIC_DECRYPT(Group.ASYMMETRIC_ENCRYPT, 0x01),

    RAW_KEY_AGREEMENT(Group.KEY_DERIVATION, 0x00),
    KEY_DERIVATION_SETUP(Group.KEY_DERIVATION, 0x01),
    KD_GET_CAPACITY(Group.KEY_DERIVATION, 0x02),
    KD_SET_CAPACITY(Group.KEY_DERIVATION, 0x03),
    KD_INPUT_BYTES(Group.KEY_DERIVATION, 0x04),
    KD_INPUT_KEY(Group.KEY_DERIVATION, 0x05),
    KD_INPUT_INTEGER(Group.KEY_DERIVATION, 0x06),
    KD_KEY_AGREEMENT(Group.KEY_DERIVATION, 0x07),
    KD_OUTPUT_BYTES(Group.KEY_DERIVATION, 0x08),
    KD_OUTPUT_KEY(Group.KEY_DERIVATION, 0x09),
    KD_ABORT(Group.KEY_DERIVATION, 0x0A);

    /** TF-M's function groups ({@code enum tfm_crypto_group_id_t}); the server dispatches on these first. */
    public enum Group {
        RANDOM(1),
        KEY_MANAGEMENT(2),
        HASH(3),
        MAC(4),
        CIPHER(5),
        AEAD(6),
        ASYMMETRIC_SIGN(7),
        ASYMMETRIC_ENCRYPT(8),
        KEY_DERIVATION(9);

        private final int id;

        Group(int id) {
            this.id = id;
        }

        /** The group ID, the high byte of a function ID. */
        public int id() {
            return id;
        }

        /** The group a function ID belongs to, if TF-M defines that group. */
        public static Optional<Group> ofFunctionId(int functionId) {
            int id = (functionId >>> 8) & 0xFF;
            for (Group g : values()) {
                if (g.id == id) {
                    return Optional.of(g);
                }
            }
            return Optional.empty();
        }
    }

    /** By value, as a flat table: the values are small (group ≤ 9, index < 16) and looked up on every call. */
    private static final CryptoFunction[] BY_VALUE = new CryptoFunction[0x1000];

    static {
        for (CryptoFunction f : values()) {
            BY_VALUE[f.value] = f;
        }
    }

    private final Group group;
    private final int value;

    CryptoFunction(Group group, int index) {
        this.group = group;
        this.value = group.id << 8 | index;
    }

    /** The u16 {@code function_id}: {@code group << 8 | index}. */
    public int value() {
        return value;
    }

    /** The group, which TF-M's server dispatches on before the function. */
    public Group group() {
        return group;
    }

    /** The function with this u16 {@code function_id}, if TF-M defines one. */
    public static Optional<CryptoFunction> fromValue(int value) {
        return Optional.ofNullable(byValue(value));
    }

    /** The function with this u16 {@code function_id}, or {@code null} if TF-M defines none (for the hot path). */
    public static CryptoFunction byValue(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
