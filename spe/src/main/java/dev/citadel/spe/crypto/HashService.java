package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import java.security.MessageDigest;

/**
 * The Hash group ({@code crypto_hash.c}), with the vectors of {@code reference/tfm.md} §2.2 and the statuses of the
 * PSA Crypto API 1.2. Multi-part operations live in the partition's {@link OperationTable}.
 */
final class HashService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int INVALID_SIGNATURE = PsaStatus.INVALID_SIGNATURE.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int HANDLE_SIZE = 4;

    /**
     * A hash operation's context. After a failed finish or verify it is inactive, as Mbed TLS leaves it: its slot is
     * still held, every call but abort answers {@code BAD_STATE}, and abort frees it.
     */
    private static final class HashOperation {
        final Algorithm alg;
        MessageDigest digest; // null until set up, and again once inactive

        HashOperation(Algorithm alg, MessageDigest digest) {
            this.alg = alg;
            this.digest = digest;
        }
    }

    private final OperationTable operations;

    HashService(OperationTable operations) {
        this.operations = operations;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case CAN_DO_HASH:
                return canDoHash(r);
            case HASH_COMPUTE:
                return compute(r);
            case HASH_COMPARE:
                return compare(r);
            case HASH_SETUP:
                return setup(r);
            case HASH_UPDATE:
                return update(r);
            case HASH_FINISH:
                return finish(r);
            case HASH_VERIFY:
                return verify(r);
            case HASH_ABORT:
                return abort(r);
            case HASH_CLONE:
                return cloneOperation(r);
            default:
                return PsaStatus.NOT_SUPPORTED.value();
        }
    }

    /** {@code psa_can_do_hash}: {@code out_vec[0]} = int 1 or 0. */
    private int canDoHash(CryptoRequest r) {
        if (r.outSize(0) < 4) {
            return PROGRAMMER_ERROR;
        }
        r.writeU32(0, HashAlgorithms.check(r.iov.alg()) == SUCCESS ? 1 : 0);
        return SUCCESS;
    }

    /** {@code psa_hash_compute}: in {@code iov{alg}, input}; out {@code hash}. */
    private int compute(CryptoRequest r) {
        Algorithm alg = r.iov.alg();
        int status = HashAlgorithms.check(alg);
        if (status != SUCCESS) {
            return status;
        }
        MessageDigest digest = HashAlgorithms.newDigest(alg);
        digest.update(r.mapIn(1)); // in place: no copy of a large input
        byte[] hash = digest.digest();
        if (r.outSize(0) < hash.length) {
            return BUFFER_TOO_SMALL;
        }
        r.write(0, hash);
        return SUCCESS;
    }

    /** {@code psa_hash_compare}: in {@code iov{alg}, input, hash}. */
    private int compare(CryptoRequest r) {
        Algorithm alg = r.iov.alg();
        int status = HashAlgorithms.check(alg);
        if (status != SUCCESS) {
            return status;
        }
        MessageDigest digest = HashAlgorithms.newDigest(alg);
        digest.update(r.mapIn(1));
        return MessageDigest.isEqual(digest.digest(), r.in(2)) ? SUCCESS : INVALID_SIGNATURE;
    }

    /** {@code psa_hash_setup}: in {@code iov{alg, op_handle}}; out the new handle. */
    private int setup(CryptoRequest r) {
        // As TF-M: take the slot first, then let the backend judge the algorithm and free the slot if it refuses.
        Algorithm alg = r.iov.alg();
        return operations.setup(OperationTable.Type.HASH, r, new HashOperation(alg, null), op -> {
            int status = HashAlgorithms.check(alg);
            if (status == SUCCESS) {
                op.digest = HashAlgorithms.newDigest(alg);
            }
            return status;
        });
    }

    /** {@code psa_hash_update}: in {@code iov{op}, input}. */
    private int update(CryptoRequest r) {
        HashOperation op = lookup(r, r.iov.opHandle());
        if (op == null || op.digest == null) {
            return BAD_STATE;
        }
        op.digest.update(r.mapIn(1));
        return SUCCESS;
    }

    /** {@code psa_hash_finish}: in {@code iov{op}}; out the handle (0 once released) and {@code hash}. */
    private int finish(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        HashOperation op = lookup(r, handle);
        if (op == null || op.digest == null) {
            r.writeU32(0, handle);
            return BAD_STATE;
        }
        byte[] hash = op.digest.digest();
        op.digest = null;
        if (r.outSize(1) < hash.length) {
            r.writeU32(0, handle); // the slot stays taken until the client aborts
            return BUFFER_TOO_SMALL;
        }
        operations.release(handle);
        r.writeU32(0, OperationTable.INVALID_HANDLE);
        r.write(1, hash);
        return SUCCESS;
    }

    /** {@code psa_hash_verify}: in {@code iov{op}, hash}; out the handle (0 once released). */
    private int verify(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        HashOperation op = lookup(r, handle);
        if (op == null || op.digest == null) {
            r.writeU32(0, handle);
            return BAD_STATE;
        }
        byte[] actual = op.digest.digest();
        op.digest = null;
        if (!MessageDigest.isEqual(actual, r.in(1))) {
            r.writeU32(0, handle);
            return INVALID_SIGNATURE;
        }
        return operations.finished(r, handle);
    }

    /** {@code psa_hash_abort}: in {@code iov{op}}; out the handle (0 once released). An invalid handle succeeds. */
    private int abort(CryptoRequest r) {
        return operations.abort(OperationTable.Type.HASH, r, null);
    }

    /** {@code psa_hash_clone}: in {@code iov{op=source}, target_h(4)}; out the target handle. */
    private int cloneOperation(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE || r.inSize(1) != HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int target = CryptoRequest.readLe32(r.in(1));
        HashOperation source = lookup(r, r.iov.opHandle());
        if (source == null) {
            r.writeU32(0, target);
            return BAD_STATE;
        }
        if (target != OperationTable.INVALID_HANDLE) {
            r.writeU32(0, target);
            return BAD_STATE;
        }
        HashOperation copy = new HashOperation(source.alg, null);
        int handle = operations.allocate(OperationTable.Type.HASH, r.clientId(), copy);
        if (handle == OperationTable.INVALID_HANDLE) {
            r.writeU32(0, OperationTable.INVALID_HANDLE);
            return OperationTable.fullStatus();
        }
        if (source.digest == null) {
            operations.release(handle);
            r.writeU32(0, OperationTable.INVALID_HANDLE);
            return BAD_STATE;
        }
        try {
            copy.digest = (MessageDigest) source.digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("JDK digests are cloneable", e);
        }
        r.writeU32(0, handle);
        return SUCCESS;
    }

    private HashOperation lookup(CryptoRequest r, int handle) {
        return (HashOperation) operations.lookup(OperationTable.Type.HASH, r.clientId(), handle);
    }
}
