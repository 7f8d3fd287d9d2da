package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The AEAD group ({@code crypto_aead.c} over Mbed TLS 3.6's {@code psa_aead_*}), with the vectors of
 * {@code reference/tfm.md} §2.2: AES-GCM, AES-CCM and ChaCha20-Poly1305, one-shot and multi-part. Backends are chosen
 * in {@link AeadAlgorithms}; multi-part operations live in the partition's {@link OperationTable}.
 *
 * <p>As in Mbed TLS, any failing multi-part call but setup leaves the operation inactive: its slot stays taken (as in
 * TF-M), every later call but abort answers {@code BAD_STATE}, and abort frees it.
 */
final class AeadService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_SIGNATURE = PsaStatus.INVALID_SIGNATURE.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int HANDLE_SIZE = 4;

    /** A multi-part AEAD operation's context ({@code psa_aead_operation_t}'s state flags and counters). */
    private static final class AeadOperation {
        // Set by a successful setup; the slot is taken before Mbed TLS judges the request, as in TF-M.
        AeadAlgorithms.Mode mode;
        Algorithm alg;
        KeyType keyType;
        boolean encrypt;
        AeadStream stream; // null until set up, and again once inactive
        boolean nonceSet;
        boolean lengthsSet;
        boolean adStarted;
        boolean bodyStarted;
        long adRemaining;
        long bodyRemaining;

        boolean active() {
            return stream != null;
        }

        /** {@code psa_aead_abort} as Mbed TLS calls it on every failure: the context is wiped, the slot kept. */
        void deactivate() {
            if (stream != null) {
                stream.destroy();
                stream = null;
            }
        }
    }

    private final KeyStore keys;
    private final OperationTable operations;
    private final SecureRandom entropy;

    AeadService(KeyStore keys, OperationTable operations, SecureRandom entropy) {
        this.keys = keys;
        this.operations = operations;
        this.entropy = entropy;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case AEAD_ENCRYPT:
                return encrypt(r);
            case AEAD_DECRYPT:
                return decrypt(r);
            case AEAD_ENCRYPT_SETUP:
                return setup(r, true);
            case AEAD_DECRYPT_SETUP:
                return setup(r, false);
            case AEAD_GENERATE_NONCE:
                return generateNonce(r);
            case AEAD_SET_NONCE:
                return setNonce(r);
            case AEAD_SET_LENGTHS:
                return setLengths(r);
            case AEAD_UPDATE_AD:
                return updateAd(r);
            case AEAD_UPDATE:
                return update(r);
            case AEAD_FINISH:
                return finish(r);
            case AEAD_VERIFY:
                return verify(r);
            case AEAD_ABORT:
                return abort(r);
            default:
                return PsaStatus.NOT_SUPPORTED.value();
        }
    }

    /** The checks both one-shot functions make before any data is touched, in Mbed TLS's order. */
    private int oneShotChecks(CryptoRequest r, KeyUsage usage, KeySlot[] found) {
        PackIovec iov = r.iov;
        if (!iov.hasValidNonceLength()) {
            return INVALID_ARGUMENT; // TF-M refuses a nonce_length above its 16-byte field first
        }
        Algorithm alg = iov.alg();
        int status = AeadAlgorithms.checkAlgorithm(alg);
        if (status != SUCCESS) {
            return status;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), iov.keyId(), usage, alg);
        if (!use.ok()) {
            return use.status();
        }
        status = AeadAlgorithms.checkNonceLength(alg, iov.nonceLength());
        if (status != SUCCESS) {
            return status;
        }
        status = AeadAlgorithms.checkKey(AeadAlgorithms.modeOf(alg), use.slot().attributes.type(), alg);
        if (status != SUCCESS) {
            return status;
        }
        found[0] = use.slot();
        return SUCCESS;
    }

    /** {@code psa_aead_encrypt}: in {@code iov{key, alg, aead_in}, plaintext, [ad]}; out {@code ciphertext ‖ tag}. */
    private int encrypt(CryptoRequest r) {
        KeySlot[] found = new KeySlot[1];
        int status = oneShotChecks(r, KeyUsage.of(KeyUsage.ENCRYPT), found);
        if (status != SUCCESS) {
            return status;
        }
        Algorithm alg = r.iov.alg();
        AeadAlgorithms.Mode mode = AeadAlgorithms.modeOf(alg);
        int tagLength = alg.aeadTagLength();
        int plaintextLength = r.inSize(1);
        if ((long) r.outSize(0) < (long) plaintextLength + tagLength) {
            return BUFFER_TOO_SMALL;
        }
        byte[] nonce = r.iov.nonce();
        status = AeadAlgorithms.checkOneShot(mode, tagLength, nonce.length, r.inSize(2), plaintextLength);
        if (status != SUCCESS) {
            return status;
        }
        byte[] key = material(found[0]);
        if (key == null) {
            return PsaStatus.INVALID_HANDLE.value();
        }
        // In place: the plaintext is read from, and the ciphertext written to, the caller's vectors.
        ByteBuffer in = r.mapIn(1);
        ByteBuffer out = r.mapOut(0);
        try {
            AeadAlgorithms.encrypt(mode, key, tagLength, nonce, r.in(2), in.array(), in.arrayOffset() + in.position(),
                    plaintextLength, out.array(), out.arrayOffset() + out.position());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        r.unmapOut(0, plaintextLength + tagLength);
        return SUCCESS;
    }

    /** {@code psa_aead_decrypt}: in {@code iov{key, alg, aead_in}, ciphertext ‖ tag, [ad]}; out {@code plaintext}. */
    private int decrypt(CryptoRequest r) {
        KeySlot[] found = new KeySlot[1];
        int status = oneShotChecks(r, KeyUsage.of(KeyUsage.DECRYPT), found);
        if (status != SUCCESS) {
            return status;
        }
        Algorithm alg = r.iov.alg();
        AeadAlgorithms.Mode mode = AeadAlgorithms.modeOf(alg);
        int tagLength = alg.aeadTagLength();
        int ciphertextLength = r.inSize(1);
        if (tagLength > ciphertextLength) {
            return INVALID_ARGUMENT; // too short to hold a tag
        }
        int plaintextLength = ciphertextLength - tagLength;
        if (plaintextLength > r.outSize(0)) {
            return BUFFER_TOO_SMALL;
        }
        byte[] nonce = r.iov.nonce();
        status = AeadAlgorithms.checkOneShot(mode, tagLength, nonce.length, r.inSize(2), plaintextLength);
        if (status != SUCCESS) {
            return status;
        }
        byte[] key = material(found[0]);
        if (key == null) {
            return PsaStatus.INVALID_HANDLE.value();
        }
        // In place, as encryption; on a tag mismatch the output is zeroed and nothing counts as written.
        ByteBuffer in = r.mapIn(1);
        ByteBuffer out = r.mapOut(0);
        try {
            status = AeadAlgorithms.decrypt(mode, key, tagLength, nonce, r.in(2), in.array(),
                    in.arrayOffset() + in.position(), ciphertextLength, out.array(), out.arrayOffset() + out.position());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        if (status == SUCCESS) {
            r.unmapOut(0, plaintextLength);
        }
        return status;
    }

    /** {@code psa_aead_encrypt_setup} / {@code psa_aead_decrypt_setup}: in {@code iov{key, alg, op}}; out the handle. */
    private int setup(CryptoRequest r, boolean encrypt) {
        // As TF-M: take the slot first, then let Mbed TLS judge the request and free the slot if it refuses.
        return operations.setup(OperationTable.Type.AEAD, r, new AeadOperation(), op -> prepare(r, encrypt, op));
    }

    /** {@code psa_aead_setup}'s checks in Mbed TLS's order, then the backend, into {@code op}. */
    private int prepare(CryptoRequest r, boolean encrypt, AeadOperation op) {
        Algorithm alg = r.iov.alg();
        int status = AeadAlgorithms.checkAlgorithm(alg);
        if (status != SUCCESS) {
            return status;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                KeyUsage.of(encrypt ? KeyUsage.ENCRYPT : KeyUsage.DECRYPT), alg);
        if (!use.ok()) {
            return use.status();
        }
        status = AeadAlgorithms.checkMultiPartTagLength(alg);
        if (status != SUCCESS) {
            return status;
        }
        AeadAlgorithms.Mode mode = AeadAlgorithms.modeOf(alg);
        KeyType type = use.slot().attributes.type();
        status = AeadAlgorithms.checkKey(mode, type, alg);
        if (status != SUCCESS) {
            return status;
        }
        byte[] key = material(use.slot());
        if (key == null) {
            return PsaStatus.INVALID_HANDLE.value();
        }
        try {
            op.stream = AeadAlgorithms.newStream(mode, key, encrypt, alg.aeadTagLength());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        op.mode = mode;
        op.alg = alg;
        op.keyType = type;
        op.encrypt = encrypt;
        return SUCCESS;
    }

    /**
     * {@code psa_aead_generate_nonce}: in {@code iov{op}}; out the nonce, {@code PSA_AEAD_NONCE_LENGTH} bytes from
     * the partition's entropy. Encryption only ({@code BAD_STATE} when decrypting or once a nonce is set);
     * {@code BUFFER_TOO_SMALL} if {@code out_vec[0]} cannot hold it.
     */
    private int generateNonce(CryptoRequest r) {
        AeadOperation op = lookup(r);
        if (op == null || !op.active()) {
            return BAD_STATE;
        }
        if (op.nonceSet || !op.encrypt) {
            return fail(op, BAD_STATE);
        }
        int length = CryptoSizes.aeadNonceLength(op.keyType, op.alg);
        if (r.outSize(0) < length) {
            return fail(op, BUFFER_TOO_SMALL);
        }
        byte[] nonce = new byte[length];
        entropy.nextBytes(nonce);
        int status = startNonce(op, nonce);
        if (status != SUCCESS) {
            return status;
        }
        r.write(0, nonce);
        return SUCCESS;
    }

    /** {@code psa_aead_set_nonce}: in {@code iov{op}, nonce}. */
    private int setNonce(CryptoRequest r) {
        AeadOperation op = lookup(r);
        if (op == null || !op.active() || op.nonceSet) {
            return failIfActive(op, BAD_STATE);
        }
        return startNonce(op, r.in(1));
    }

    /** {@code psa_aead_set_nonce_internal}: any bad length is {@code INVALID_ARGUMENT} here, unlike one-shot calls. */
    private static int startNonce(AeadOperation op, byte[] nonce) {
        if (AeadAlgorithms.checkNonceLength(op.alg, nonce.length) != SUCCESS) {
            return fail(op, INVALID_ARGUMENT);
        }
        int status = op.stream.setNonce(nonce);
        if (status != SUCCESS) {
            return fail(op, status);
        }
        op.nonceSet = true;
        return SUCCESS;
    }

    /** {@code psa_aead_set_lengths}: in {@code iov{op, ad_length, plaintext_length}} (u32s). */
    private int setLengths(CryptoRequest r) {
        AeadOperation op = lookup(r);
        if (op == null || !op.active() || op.lengthsSet || op.adStarted || op.bodyStarted) {
            return failIfActive(op, BAD_STATE);
        }
        long adLength = Integer.toUnsignedLong(r.iov.adLength());
        long plaintextLength = Integer.toUnsignedLong(r.iov.plaintextLength());
        int status = op.stream.setLengths(adLength, plaintextLength);
        if (status != SUCCESS) {
            return fail(op, status);
        }
        op.adRemaining = adLength;
        op.bodyRemaining = plaintextLength;
        op.lengthsSet = true;
        return SUCCESS;
    }

    /** {@code psa_aead_update_ad}: in {@code iov{op}, [input]}. */
    private int updateAd(CryptoRequest r) {
        AeadOperation op = lookup(r);
        if (op == null || !op.active() || !op.nonceSet || op.bodyStarted) {
            return failIfActive(op, BAD_STATE);
        }
        byte[] input = r.in(1);
        if (input.length > 0) {
            if (op.lengthsSet) {
                if (op.adRemaining < input.length) {
                    return fail(op, INVALID_ARGUMENT);
                }
                op.adRemaining -= input.length;
            } else if (op.mode == AeadAlgorithms.Mode.CCM) {
                return fail(op, BAD_STATE); // CCM needs the lengths before any data
            }
            op.stream.updateAd(input);
        }
        op.adStarted = true;
        return SUCCESS;
    }

    /** {@code psa_aead_update}: in {@code iov{op}, [input]}; out as many bytes as the input. */
    private int update(CryptoRequest r) {
        AeadOperation op = lookup(r);
        if (op == null || !op.active() || !op.nonceSet) {
            return failIfActive(op, BAD_STATE);
        }
        int length = r.inSize(1);
        if (op.lengthsSet) {
            if (op.adRemaining != 0 || op.bodyRemaining < length) {
                return fail(op, INVALID_ARGUMENT); // AD still missing, or more text than declared
            }
            op.bodyRemaining -= length;
        } else if (op.mode == AeadAlgorithms.Mode.CCM) {
            return fail(op, BAD_STATE);
        }
        if (r.outSize(0) < length) {
            return fail(op, BUFFER_TOO_SMALL);
        }
        byte[] input = r.in(1);
        byte[] output = new byte[length];
        op.stream.update(input, output);
        op.bodyStarted = true;
        if (length > 0) {
            r.write(0, output);
        }
        Arrays.fill(output, (byte) 0);
        Arrays.fill(input, (byte) 0);
        return SUCCESS;
    }

    /** {@code psa_aead_final_checks}. */
    private static int finalChecks(AeadOperation op) {
        if (!op.active() || !op.nonceSet || (op.mode == AeadAlgorithms.Mode.CCM && !op.lengthsSet)) {
            return BAD_STATE;
        }
        if (op.lengthsSet && (op.adRemaining != 0 || op.bodyRemaining != 0)) {
            return INVALID_ARGUMENT;
        }
        return SUCCESS;
    }

    /**
     * {@code psa_aead_finish}: in {@code iov{op}}; out the handle (0 once released), {@code tag} and, if offered,
     * {@code ciphertext} (always empty here: every byte left at {@code update}).
     */
    private int finish(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        AeadOperation op = lookup(r);
        if (op == null) {
            r.writeU32(0, handle);
            return BAD_STATE;
        }
        int status = finalChecks(op);
        if (status == SUCCESS && !op.encrypt) {
            status = BAD_STATE;
        }
        if (status == SUCCESS && r.outSize(1) < op.alg.aeadTagLength()) {
            status = BUFFER_TOO_SMALL;
        }
        if (status != SUCCESS) {
            r.writeU32(0, handle); // the slot stays taken until the client aborts
            return fail(op, status);
        }
        byte[] tag = op.stream.finish();
        op.deactivate();
        operations.release(handle);
        r.writeU32(0, OperationTable.INVALID_HANDLE);
        r.write(1, tag);
        return SUCCESS;
    }

    /**
     * {@code psa_aead_verify}: in {@code iov{op}, tag}; out the handle (0 once released) and, if offered,
     * {@code plaintext} (always empty here). The tag is compared in constant time.
     */
    private int verify(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        AeadOperation op = lookup(r);
        if (op == null) {
            r.writeU32(0, handle);
            return BAD_STATE;
        }
        int status = finalChecks(op);
        if (status == SUCCESS && op.encrypt) {
            status = BAD_STATE;
        }
        if (status != SUCCESS) {
            r.writeU32(0, handle);
            return fail(op, status);
        }
        byte[] expected = op.stream.finish();
        op.deactivate();
        boolean match = MessageDigest.isEqual(expected, r.in(1)); // a tag of another length never matches
        Arrays.fill(expected, (byte) 0);
        if (!match) {
            r.writeU32(0, handle);
            return INVALID_SIGNATURE;
        }
        return operations.finished(r, handle);
    }

    /** {@code psa_aead_abort}: in {@code iov{op}}; out the handle (0 once released). An invalid handle succeeds. */
    private int abort(CryptoRequest r) {
        return operations.abort(OperationTable.Type.AEAD, r, op -> ((AeadOperation) op).deactivate());
    }

    private AeadOperation lookup(CryptoRequest r) {
        return (AeadOperation) operations.lookup(OperationTable.Type.AEAD, r.clientId(), r.iov.opHandle());
    }

    /** Mbed TLS aborts the operation on every failure; TF-M keeps the slot. */
    private static int fail(AeadOperation op, int status) {
        op.deactivate();
        return status;
    }

    private static int failIfActive(AeadOperation op, int status) {
        if (op != null) {
            op.deactivate();
        }
        return status;
    }

    /** A copy of the key's material for the caller to zero, or null if the key was destroyed meanwhile. */
    private static byte[] material(KeySlot slot) {
        try {
            return slot.material.copy();
        } catch (IllegalStateException destroyedMeanwhile) {
            return null;
        }
    }
}
