package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Cipher group ({@code crypto_cipher.c}), with the vectors of {@code reference/tfm.md} §2.2 and Mbed TLS 3.6's
 * statuses ({@code psa_cipher_setup}, {@code psa_cipher_encrypt}, {@code mbedtls_psa_cipher_update}, ...). Encrypting
 * needs {@code ENCRYPT}, decrypting {@code DECRYPT}; every key use goes through {@link KeyUse}. Multi-part operations
 * live in the partition's {@link OperationTable} with the handle rules of {@link HashService}.
 */
final class CipherService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int HANDLE_SIZE = 4;
    /** {@code PSA_CIPHER_IV_MAX_SIZE}. */
    private static final int IV_MAX_SIZE = 16;
    private static final int KEY_TYPE_SIZE = 2;

    /**
     * A cipher operation's context. Mbed TLS aborts the operation on any failed step after setup; it is then
     * inactive: its slot is still held, every call but abort answers {@code BAD_STATE}, and abort frees it.
     */
    private static final class CipherOperation {
        final boolean encrypt;
        CipherAlgorithms.Mode mode;
        byte[] key; // kept until the IV is set, then zeroed
        CipherContext context; // null until the IV is set (ECB: from setup)
        boolean active;

        CipherOperation(boolean encrypt) {
            this.encrypt = encrypt;
        }

        boolean ivRequired() {
            return mode.ivLength > 0;
        }

        void start(byte[] iv) {
            context = new CipherContext(mode, encrypt, CipherAlgorithms.newEngine(mode, encrypt, key, iv));
            Arrays.fill(key, (byte) 0);
            key = null;
        }

        void deactivate() {
            active = false;
            if (key != null) {
                Arrays.fill(key, (byte) 0);
                key = null;
            }
            if (context != null) {
                context.wipe();
                context = null;
            }
        }
    }

    /** A key looked up for a cipher, with its mode and a copy of its material, or the status that refused it. */
    private static final class Keyed {
        final int status;
        final CipherAlgorithms.Mode mode;
        final byte[] material;

        Keyed(int status, CipherAlgorithms.Mode mode, byte[] material) {
            this.status = status;
            this.mode = mode;
            this.material = material;
        }
    }

    private final KeyStore keys;
    private final OperationTable operations;
    private final SecureRandom entropy;

    CipherService(KeyStore keys, OperationTable operations, SecureRandom entropy) {
        this.keys = keys;
        this.operations = operations;
        this.entropy = entropy;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case CAN_DO_CIPHER:
                return canDoCipher(r);
            case CIPHER_ENCRYPT:
                return encrypt(r);
            case CIPHER_DECRYPT:
                return decrypt(r);
            case CIPHER_ENCRYPT_SETUP:
                return setup(r, true);
            case CIPHER_DECRYPT_SETUP:
                return setup(r, false);
            case CIPHER_GENERATE_IV:
                return generateIv(r);
            case CIPHER_SET_IV:
                return setIv(r);
            case CIPHER_UPDATE:
                return update(r);
            case CIPHER_FINISH:
                return finish(r);
            case CIPHER_ABORT:
                return abort(r);
            default:
                return NOT_SUPPORTED;
        }
    }

    /**
     * {@code psa_can_do_cipher}: in {@code iov{alg}, key_type(2)}; out int 1 or 0: whether this SPE can run the
     * cipher {@code alg} (CMAC included, as TF-M's list does) with a key of that type.
     */
    private int canDoCipher(CryptoRequest r) {
        if (r.outSize(0) < 4 || r.inSize(1) < KEY_TYPE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        byte[] raw = r.in(1);
        KeyType type = KeyType.of(ByteBuffer.wrap(raw, 0, KEY_TYPE_SIZE).order(ByteOrder.LITTLE_ENDIAN).getShort()
                & 0xffff);
        Algorithm alg = r.iov.alg();
        boolean can = CipherAlgorithms.mode(alg, type) != null
                || (alg.equals(Algorithm.CMAC) && type.equals(KeyType.AES));
        r.writeU32(0, can ? 1 : 0);
        return SUCCESS;
    }

    /** Mbed TLS's order: a cipher algorithm ({@code INVALID_ARGUMENT}), then the key policy, then the backend. */
    private Keyed key(CryptoRequest r, boolean encrypt) {
        Algorithm alg = r.iov.alg();
        if (!alg.isCipher()) {
            return new Keyed(INVALID_ARGUMENT, null, null);
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                encrypt ? KeyUsage.ENCRYPT : KeyUsage.DECRYPT, alg);
        if (!use.ok()) {
            return new Keyed(use.status(), null, null);
        }
        KeySlot slot = use.slot();
        CipherAlgorithms.Mode mode = CipherAlgorithms.mode(alg, slot.attributes.type());
        if (mode == null) {
            return new Keyed(NOT_SUPPORTED, null, null);
        }
        return new Keyed(SUCCESS, mode, slot.material.copy());
    }

    /** {@code psa_cipher_encrypt}: in {@code iov{key, alg}, input}; out {@code IV ‖ ciphertext}. */
    private int encrypt(CryptoRequest r) {
        Algorithm alg = r.iov.alg();
        if (!alg.isCipher()) {
            return INVALID_ARGUMENT;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.ENCRYPT, alg);
        if (!use.ok()) {
            return use.status();
        }
        // Mbed TLS sizes and draws the IV before the backend judges the key type.
        KeySlot slot = use.slot();
        int ivLength = CryptoSizes.cipherIvLength(slot.attributes.type(), alg);
        int outSize = r.outSize(0);
        if (ivLength > 0 && outSize < ivLength) {
            return BUFFER_TOO_SMALL;
        }
        byte[] iv = new byte[ivLength];
        entropy.nextBytes(iv);
        CipherAlgorithms.Mode mode = CipherAlgorithms.mode(alg, slot.attributes.type());
        if (mode == null) {
            return NOT_SUPPORTED;
        }
        byte[] material = slot.material.copy();
        CipherContext context;
        try {
            context = new CipherContext(mode, true, CipherAlgorithms.newEngine(mode, true, material, iv));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        CipherContext.Finished pass = onePass(context, r.in(1), 0, outSize - ivLength);
        if (pass.status != SUCCESS) {
            return pass.status;
        }
        byte[] body = pass.output;
        byte[] out = new byte[ivLength + body.length];
        System.arraycopy(iv, 0, out, 0, ivLength);
        System.arraycopy(body, 0, out, ivLength, body.length);
        if (out.length > 0) {
            r.write(0, out);
        }
        return SUCCESS;
    }

    /** {@code psa_cipher_decrypt}: in {@code iov{key, alg}, IV ‖ ciphertext}; out {@code plaintext}. */
    private int decrypt(CryptoRequest r) {
        Algorithm alg = r.iov.alg();
        if (!alg.isCipher()) {
            return INVALID_ARGUMENT;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.DECRYPT, alg);
        if (!use.ok()) {
            return use.status();
        }
        KeySlot slot = use.slot();
        byte[] input = r.in(1);
        int ivLength = CryptoSizes.cipherIvLength(slot.attributes.type(), alg);
        if (input.length < ivLength) {
            return INVALID_ARGUMENT;
        }
        CipherAlgorithms.Mode mode = CipherAlgorithms.mode(alg, slot.attributes.type());
        if (mode == null) {
            return NOT_SUPPORTED;
        }
        byte[] material = slot.material.copy();
        CipherContext context;
        try {
            context = new CipherContext(mode, false,
                    CipherAlgorithms.newEngine(mode, false, material, Arrays.copyOf(input, ivLength)));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        CipherContext.Finished pass = onePass(context, input, ivLength, r.outSize(0));
        if (pass.status != SUCCESS) {
            return pass.status;
        }
        byte[] plain = pass.output;
        if (plain.length > 0) {
            r.write(0, plain);
        }
        Arrays.fill(plain, (byte) 0);
        return SUCCESS;
    }

    /** Update then finish into {@code outSize} bytes, as Mbed TLS's one-shot functions do. */
    private static CipherContext.Finished onePass(CipherContext context, byte[] input, int off, int outSize) {
        int len = input.length - off;
        if (outSize < context.updateOutputSize(len)) {
            return CipherContext.Finished.failed(PsaStatus.BUFFER_TOO_SMALL);
        }
        byte[] first = context.update(input, off, len);
        try {
            CipherContext.Finished last = context.finish();
            if (last.status != SUCCESS) {
                return last;
            }
            if (outSize - first.length < last.output.length) {
                return CipherContext.Finished.failed(PsaStatus.BUFFER_TOO_SMALL);
            }
            byte[] all = Arrays.copyOf(first, first.length + last.output.length);
            System.arraycopy(last.output, 0, all, first.length, last.output.length);
            return CipherContext.Finished.ok(all);
        } finally {
            Arrays.fill(first, (byte) 0);
        }
    }

    /**
     * {@code psa_cipher_encrypt_setup} / {@code psa_cipher_decrypt_setup}: in {@code iov{key, alg, op_handle}}; out
     * the handle.
     */
    private int setup(CryptoRequest r, boolean encrypt) {
        // As TF-M: take the slot first, then let Mbed TLS judge the key and algorithm, and free the slot if it refuses.
        return operations.setup(OperationTable.Type.CIPHER, r, new CipherOperation(encrypt), op -> {
            Keyed k = key(r, encrypt);
            if (k.status != SUCCESS) {
                return k.status;
            }
            op.mode = k.mode;
            op.key = k.material;
            op.active = true;
            if (!op.ivRequired()) {
                op.start(null);
            }
            return SUCCESS;
        });
    }

    /** {@code psa_cipher_generate_iv}: in {@code iov{op}}; out {@code iv}. */
    private int generateIv(CryptoRequest r) {
        CipherOperation op = lookup(r, r.iov.opHandle());
        if (op == null || !op.active) {
            return BAD_STATE;
        }
        if (op.context != null || !op.ivRequired()) {
            op.deactivate();
            return BAD_STATE;
        }
        if (r.outSize(0) < op.mode.ivLength) {
            op.deactivate();
            return BUFFER_TOO_SMALL;
        }
        byte[] iv = new byte[op.mode.ivLength];
        entropy.nextBytes(iv);
        op.start(iv);
        r.write(0, iv);
        return SUCCESS;
    }

    /** {@code psa_cipher_set_iv}: in {@code iov{op}, iv}. */
    private int setIv(CryptoRequest r) {
        CipherOperation op = lookup(r, r.iov.opHandle());
        if (op == null || !op.active) {
            return BAD_STATE;
        }
        if (op.context != null || !op.ivRequired()) {
            op.deactivate();
            return BAD_STATE;
        }
        byte[] iv = r.in(1);
        if (iv.length > IV_MAX_SIZE || iv.length != op.mode.ivLength) {
            op.deactivate();
            return INVALID_ARGUMENT;
        }
        op.start(iv);
        return SUCCESS;
    }

    /** {@code psa_cipher_update}: in {@code iov{op}, input}; out {@code output}. */
    private int update(CryptoRequest r) {
        CipherOperation op = lookup(r, r.iov.opHandle());
        if (op == null || !op.active) {
            return BAD_STATE;
        }
        if (op.context == null) {
            op.deactivate(); // no IV yet
            return BAD_STATE;
        }
        byte[] input = r.in(1);
        if (r.outSize(0) < op.context.updateOutputSize(input.length)) {
            op.deactivate();
            return BUFFER_TOO_SMALL;
        }
        byte[] out = op.context.update(input, 0, input.length);
        if (out.length > 0) {
            r.write(0, out);
        }
        return SUCCESS;
    }

    /** {@code psa_cipher_finish}: in {@code iov{op}}; out the handle (0 once released) and {@code output}. */
    private int finish(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        CipherOperation op = lookup(r, handle);
        if (op == null || !op.active) {
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        if (op.context == null) {
            op.deactivate();
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        CipherContext.Finished last = op.context.finish();
        op.deactivate(); // Mbed TLS aborts the operation whatever the outcome
        if (last.status != SUCCESS) {
            return OperationTable.keep(r, handle, last.status);
        }
        if (r.outSize(1) < last.output.length) {
            return OperationTable.keep(r, handle, BUFFER_TOO_SMALL);
        }
        operations.release(handle);
        r.writeU32(0, OperationTable.INVALID_HANDLE);
        if (last.output.length > 0) {
            r.write(1, last.output);
        }
        return SUCCESS;
    }

    /** {@code psa_cipher_abort}: in {@code iov{op}}; out the handle (0 once released). An invalid handle succeeds. */
    private int abort(CryptoRequest r) {
        return operations.abort(OperationTable.Type.CIPHER, r, op -> ((CipherOperation) op).deactivate());
    }


    private CipherOperation lookup(CryptoRequest r, int handle) {
        return (CipherOperation) operations.lookup(OperationTable.Type.CIPHER, r.clientId(), handle);
    }
}
