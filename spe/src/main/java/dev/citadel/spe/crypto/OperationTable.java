package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The partition's multi-part operation contexts ({@code crypto_alloc.c}): one table of slots shared by every client.
 * A handle is {@code slot + 1}, so 0 is never valid. A slot remembers its owner's client ID and its operation type,
 * and only that owner may reach it through that type of call.
 */
final class OperationTable {
    /** TF-M's {@code CRYPTO_CONC_OPER_NUM}. */
    static final int DEFAULT_SIZE = 8;
    /** {@code TFM_CRYPTO_INVALID_HANDLE}. */
    static final int INVALID_HANDLE = 0;
    /** A handle on the wire: a u32. */
    static final int HANDLE_SIZE = 4;

    /** TF-M's operation kinds ({@code enum tfm_crypto_operation_type}); a handle of one kind is not valid for another. */
    enum Type {
        CIPHER,
        MAC,
        HASH,
        KEY_DERIVATION,
        AEAD
    }

    private static final class Slot {
        int owner;
        Type type;
        Object context;
    }

    private final Slot[] slots;

    OperationTable(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an operation table needs at least one slot: " + size);
        }
        slots = new Slot[size];
    }

    int size() {
        return slots.length;
    }

    /** The number of slots in use. */
    int inUse() {
        int n = 0;
        for (Slot s : slots) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Takes the first free slot for {@code owner}.
     *
     * @return the new handle, or {@link #INVALID_HANDLE} when every slot is taken
     */
    int allocate(Type type, int owner, Object context) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                Slot s = new Slot();
                s.owner = owner;
                s.type = type;
                s.context = context;
                slots[i] = s;
                return i + 1;
            }
        }
        return INVALID_HANDLE;
    }

    /** {@code PSA_ERROR_NOT_PERMITTED}: the status TF-M gives when {@link #allocate} finds no free slot. */
    static int fullStatus() {
        return PsaStatus.NOT_PERMITTED.value();
    }

    /**
     * The context behind {@code handle}, or {@code null} when the handle is out of range, free, of another type or
     * owned by another client (all of which TF-M answers with {@code PSA_ERROR_BAD_STATE}).
     */
    Object lookup(Type type, int owner, int handle) {
        Slot s = slot(handle);
        if (s == null || s.type != type || s.owner != owner) {
            return null;
        }
        return s.context;
    }

    /** Frees {@code handle}'s slot; an invalid handle is ignored. */
    void release(int handle) {
        if (slot(handle) != null) {
            slots[handle - 1] = null;
        }
    }

    /**
     * TF-M's {@code *_setup} ({@code in iov{..., op = 0}; out the new handle}): the incoming handle must be 0 (else it
     * is echoed with {@code BAD_STATE}); a slot is taken first ({@code NOT_PERMITTED} when none is free), then
     * {@code prepare} judges the request and fills {@code context}, and a refusal frees the slot again. On success
     * {@code out_vec[0]} gets the new handle, otherwise 0.
     *
     * @param prepare the group's own checks and set-up of {@code context}; returns a PSA status
     */
    <T> int setup(Type type, CryptoRequest r, T context, ToIntFunction<T> prepare) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        int incoming = r.iov.opHandle();
        if (incoming != INVALID_HANDLE) {
            return keep(r, incoming, PsaStatus.BAD_STATE.value());
        }
        int handle = allocate(type, r.clientId(), context);
        if (handle == INVALID_HANDLE) {
            r.writeU32(0, INVALID_HANDLE);
            return fullStatus();
        }
        int status = prepare.applyAsInt(context);
        if (status != PsaStatus.SUCCESS.value()) {
            release(handle);
            r.writeU32(0, INVALID_HANDLE);
            return status;
        }
        r.writeU32(0, handle);
        return status;
    }

    /**
     * TF-M's {@code *_abort} ({@code in iov{op}; out the handle}): {@code out_vec[0]} gets the handle, then 0 once its
     * slot is freed. An invalid handle (free, of another type or another client's) succeeds and changes nothing.
     *
     * @param wipe clears the operation's secrets before its slot is freed; {@code null} if it holds none
     */
    int abort(Type type, CryptoRequest r, Consumer<Object> wipe) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        int handle = r.iov.opHandle();
        Object context = lookup(type, r.clientId(), handle);
        if (context == null) {
            r.writeU32(0, handle);
            return PsaStatus.SUCCESS.value();
        }
        if (wipe != null) {
            wipe.accept(context);
        }
        return finished(r, handle);
    }

    /** The end of a successful finish or verify: the slot is freed and {@code out_vec[0]} gets 0. */
    int finished(CryptoRequest r, int handle) {
        release(handle);
        r.writeU32(0, INVALID_HANDLE);
        return PsaStatus.SUCCESS.value();
    }

    /** A failed finish or verify echoes the handle in {@code out_vec[0]}: the slot stays taken until an abort. */
    static int keep(CryptoRequest r, int handle, int status) {
        r.writeU32(0, handle);
        return status;
    }

    /**
     * Frees every slot of {@code owner}, whatever its type: the owner is gone and nobody else may use them.
     *
     * @return the number of slots freed
     */
    int releaseAll(int owner) {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].owner == owner) {
                slots[i] = null;
                n++;
            }
        }
        return n;
    }

    private Slot slot(int handle) {
        if (handle < 1 || handle > slots.length) {
            return null;
        }
        return slots[handle - 1];
    }
}
