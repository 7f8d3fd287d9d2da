package dev.citadel.spe.ps;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * PS's calls to the Crypto partition, made as partition 256 through the SPM, as TF-M's {@code ps_crypto_interface.c}
 * makes them: for each operation a transient AES-128 key is derived with HKDF-SHA-256 from the built-in HUK (which
 * the Crypto partition already turns into a subkey for partition 256) with info = {@code LE32(client_id) ||
 * LE64(uid)}, used once for a one-shot GCM with a 16-byte tag, and destroyed. The key never leaves the Crypto
 * partition.
 */
final class PsCrypto {
    /** {@code PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 16)}. */
    static final Algorithm ALG = Algorithm.aeadWithShortenedTag(Algorithm.GCM, 16);
    static final int TAG_SIZE = 16;
    static final int IV_SIZE = 12;
    /** {@code TFM_BUILTIN_KEY_ID_HUK}. */
    static final int HUK = 0x7FFF815C;
    private static final Algorithm HKDF = Algorithm.hkdf(Algorithm.SHA_256);
    private static final byte[] KEY_ATTRIBUTES = KeyAttributes.builder()
            .type(KeyType.AES)
            .bits(128)
            .usage(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT))
            .algorithm(ALG)
            .build()
            .toClientWire();

    private final PsaClient spm;

    PsCrypto(PsaClient spm) {
        this.spm = spm;
    }

    /**
     * {@code ps_crypto_encrypt_and_tag}: {@code plaintext} encrypted under the key of ({@code clientId}, {@code uid}).
     *
     * @return the ciphertext followed by the 16-byte tag
     * @throws PsException {@code GENERIC_ERROR} if a Crypto call fails
     */
    byte[] encrypt(int clientId, long uid, byte[] iv, byte[] ad, byte[] plaintext) throws PsException {
        int key = deriveKey(clientId, uid);
        try {
            OutVec out = OutVec.allocate(plaintext.length + TAG_SIZE);
            int status = call(aead(CryptoFunction.AEAD_ENCRYPT, key, iv), new InVec[] {InVec.of(plaintext), InVec.of(ad)},
                    out);
            if (status != 0 || out.length() != plaintext.length + TAG_SIZE) {
                throw new PsException(PsaStatus.GENERIC_ERROR, "AEAD encryption failed: " + PsaStatus.describe(status));
            }
            return out.toByteArray();
        } finally {
            destroy(key);
        }
    }

    /**
     * {@code ps_crypto_auth_and_decrypt}: checks {@code ciphertextAndTag} under the key of ({@code clientId},
     * {@code uid}) and returns the plaintext.
     *
     * @throws PsException {@code INVALID_SIGNATURE} if the tag does not match; {@code GENERIC_ERROR} if a Crypto
     *     call fails otherwise
     */
    byte[] decrypt(int clientId, long uid, byte[] iv, byte[] ad, byte[] ciphertextAndTag) throws PsException {
        int key = deriveKey(clientId, uid);
        try {
            // One spare byte, so that an empty plaintext still gets a buffer.
            OutVec out = OutVec.allocate(ciphertextAndTag.length - TAG_SIZE + 1);
            int status = call(aead(CryptoFunction.AEAD_DECRYPT, key, iv),
                    new InVec[] {InVec.of(ciphertextAndTag), InVec.of(ad)}, out);
            if (status == PsaStatus.INVALID_SIGNATURE.value()) {
                throw new PsException(PsaStatus.INVALID_SIGNATURE, "tag does not match");
            }
            if (status != 0) {
                throw new PsException(PsaStatus.GENERIC_ERROR, "AEAD decryption failed: " + PsaStatus.describe(status));
            }
            return out.toByteArray();
        } finally {
            destroy(key);
        }
    }

    /** {@code ps_crypto_setkey}: a transient key derived from the HUK with the label of (client, uid). */
    private int deriveKey(int clientId, long uid) throws PsException {
        byte[] label = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(clientId).putLong(uid).array();
        OutVec handleOut = OutVec.allocate(4);
        int status = call(PackIovec.builder(CryptoFunction.KEY_DERIVATION_SETUP).alg(HKDF).build(), new InVec[0],
                handleOut);
        if (status != 0) {
            throw new PsException(PsaStatus.GENERIC_ERROR, "key derivation setup failed: " + PsaStatus.describe(status));
        }
        int op = u32(handleOut);
        int key = 0;
        try {
            status = call(op(CryptoFunction.KD_INPUT_KEY, op).step(KeyDerivationStep.SECRET.value()).keyId(HUK).build(),
                    new InVec[0]);
            if (status == 0) {
                status = call(op(CryptoFunction.KD_INPUT_BYTES, op).step(KeyDerivationStep.INFO.value()).build(),
                        new InVec[] {InVec.of(label)});
            }
            if (status == 0) {
                OutVec keyOut = OutVec.allocate(4);
                status = call(op(CryptoFunction.KD_OUTPUT_KEY, op).build(), new InVec[] {InVec.of(KEY_ATTRIBUTES)},
                        keyOut);
                key = status == 0 ? u32(keyOut) : 0;
            }
        } finally {
            call(op(CryptoFunction.KD_ABORT, op).build(), new InVec[0], OutVec.of(le32(op)));
        }
        if (status != 0) {
            throw new PsException(PsaStatus.GENERIC_ERROR, "key derivation failed: " + PsaStatus.describe(status));
        }
        return key;
    }

    private void destroy(int key) {
        call(PackIovec.builder(CryptoFunction.DESTROY_KEY).keyId(key).build(), new InVec[0]);
    }

    private static PackIovec aead(CryptoFunction function, int key, byte[] iv) {
        return PackIovec.builder(function).keyId(key).alg(ALG).nonce(iv).build();
    }

    private static PackIovec.Builder op(CryptoFunction function, int handle) {
        return PackIovec.builder(function).opHandle(handle);
    }

    /** {@code psa_call} on the Crypto service: {@code in_vec[0]} is the pack iovec, as {@code tfm_crypto_api.c}. */
    private int call(PackIovec iov, InVec[] more, OutVec... out) {
        InVec[] in = new InVec[1 + more.length];
        in[0] = InVec.of(iov.encode());
        System.arraycopy(more, 0, in, 1, more.length);
        return spm.call(TfmService.CRYPTO.handle(), Psa.IPC_CALL, in, out.length == 0 ? null : out);
    }

    private static int u32(OutVec out) {
        byte[] b = Arrays.copyOfRange(out.array(), out.offset(), out.offset() + 4);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
