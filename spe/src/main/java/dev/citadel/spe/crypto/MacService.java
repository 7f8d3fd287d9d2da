package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyUsage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The MAC group ({@code crypto_mac.c}), with the vectors of {@code reference/tfm.md} §2.2 and Mbed TLS 3.6's statuses
 * ({@code psa_mac_setup}, {@code psa_mac_compute_internal}, {@code psa_mac_sign_finish}, ...). Signing needs
 * {@code SIGN_MESSAGE}, verifying {@code VERIFY_MESSAGE}; every key use goes through {@link KeyUse}. Multi-part
 * operations live in the partition's {@link OperationTable} with the handle rules of {@link HashService}.
 */
final class MacService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int INVALID_SIGNATURE = PsaStatus.INVALID_SIGNATURE.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int HANDLE_SIZE = 4;

    /**
     * A MAC operation's context. Once a finish fails it is inactive, as Mbed TLS aborts it: the slot is still held,
     * every call but abort answers {@code BAD_STATE}, and abort frees it.
     */
    private static final class MacOperation {
        final boolean sign;
        int macLength;
        MacAlgorithms.Engine engine; // null until set up, and again once inactive

        MacOperation(boolean sign) {
            this.sign = sign;
        }
    }

    /** A keyed engine and its MAC length, or the status that refused the key or algorithm. */
    private static final class Keyed {
        final int status;
        final int macLength;
        final MacAlgorithms.Engine engine;

        Keyed(int status, int macLength, MacAlgorithms.Engine engine) {
            this.status = status;
            this.macLength = macLength;
            this.engine = engine;
        }
    }

    private final KeyStore keys;
    private final OperationTable operations;

    MacService(KeyStore keys, OperationTable operations) {
        this.keys = keys;
        this.operations = operations;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case MAC_COMPUTE:
                return compute(r);
            case MAC_VERIFY:
                return verify(r);
            case MAC_SIGN_SETUP:
                return setup(r, true);
            case MAC_VERIFY_SETUP:
                return setup(r, false);
            case MAC_UPDATE:
                return update(r);
            case MAC_SIGN_FINISH:
                return signFinish(r);
            case MAC_VERIFY_FINISH:
                return verifyFinish(r);
            case MAC_ABORT:
                return abort(r);
            default:
                return PsaStatus.NOT_SUPPORTED.value();
        }
    }

    /** The policy lookup, then Mbed TLS's key-and-algorithm validation, then a keyed engine. */
    private Keyed key(CryptoRequest r, boolean sign) {
        Algorithm alg = r.iov.alg();
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                sign ? KeyUsage.SIGN_MESSAGE : KeyUsage.VERIFY_MESSAGE, alg);
        if (!use.ok()) {
            return new Keyed(use.status(), 0, null);
        }
        KeySlot slot = use.slot();
        int length = MacAlgorithms.macLengthOrStatus(alg, slot.attributes.type());
        if (length < 0) {
            return new Keyed(length, 0, null);
        }
        MacAlgorithms.Engine engine = MacAlgorithms.newEngine(alg, slot);
        if (engine == null) {
            return new Keyed(PsaStatus.INVALID_HANDLE.value(), 0, null); // destroyed meanwhile
        }
        return new Keyed(SUCCESS, length, engine);
    }

    /** Feeds input vector {@code i} to {@code engine} in place. */
    private static void updateInPlace(MacAlgorithms.Engine engine, CryptoRequest r, int i) {
        ByteBuffer in = r.mapIn(i);
        engine.update(in.array(), in.arrayOffset() + in.position(), in.remaining());
    }

    /** {@code psa_mac_compute}: in {@code iov{key, alg}, input}; out {@code mac}. */
    private int compute(CryptoRequest r) {
        Keyed k = key(r, true);
        if (k.status != SUCCESS) {
            return k.status;
        }
        if (r.outSize(0) < k.macLength) {
            return BUFFER_TOO_SMALL;
        }
        updateInPlace(k.engine, r, 1);
        r.write(0, MacAlgorithms.truncate(k.engine.doFinal(), k.macLength));
        return SUCCESS;
    }

    /** {@code psa_mac_verify}: in {@code iov{key, alg}, input, mac}. */
    private int verify(CryptoRequest r) {
        Keyed k = key(r, false);
        if (k.status != SUCCESS) {
            return k.status;
        }
        updateInPlace(k.engine, r, 1);
        return matches(k.engine.doFinal(), k.macLength, r.in(2)) ? SUCCESS : INVALID_SIGNATURE;
    }

    /** Constant-time comparison of the MAC truncated to {@code length} with {@code expected}. */
    private static boolean matches(byte[] fullMac, int length, byte[] expected) {
        byte[] actual = MacAlgorithms.truncate(fullMac, length);
        boolean equal = expected.length == length && MessageDigest.isEqual(actual, expected);
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    /** {@code psa_mac_sign_setup} / {@code psa_mac_verify_setup}: in {@code iov{key, alg, op_handle}}; out the handle. */
    private int setup(CryptoRequest r, boolean sign) {
        // As TF-M: take the slot first, then let Mbed TLS judge the key and algorithm, and free the slot if it refuses.
        return operations.setup(OperationTable.Type.MAC, r, new MacOperation(sign), op -> {
            Keyed k = key(r, sign);
            if (k.status == SUCCESS) {
                op.macLength = k.macLength;
                op.engine = k.engine;
            }
            return k.status;
        });
    }

    /** {@code psa_mac_update}: in {@code iov{op}, input}. */
    private int update(CryptoRequest r) {
        MacOperation op = lookup(r, r.iov.opHandle());
        if (op == null || op.engine == null) {
            return BAD_STATE;
        }
        updateInPlace(op.engine, r, 1);
        return SUCCESS;
    }

    /** {@code psa_mac_sign_finish}: in {@code iov{op}}; out the handle (0 once released) and {@code mac}. */
    private int signFinish(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        MacOperation op = lookup(r, handle);
        if (op == null || op.engine == null) {
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        MacAlgorithms.Engine engine = op.engine;
        op.engine = null; // Mbed TLS aborts the operation whatever the outcome
        if (!op.sign) {
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        if (r.outSize(1) < op.macLength) {
            return OperationTable.keep(r, handle, BUFFER_TOO_SMALL);
        }
        byte[] mac = MacAlgorithms.truncate(engine.doFinal(), op.macLength);
        operations.release(handle);
        r.writeU32(0, OperationTable.INVALID_HANDLE);
        r.write(1, mac);
        return SUCCESS;
    }

    /** {@code psa_mac_verify_finish}: in {@code iov{op}, mac}; out the handle (0 once released). */
    private int verifyFinish(CryptoRequest r) {
        if (r.outSize(0) < HANDLE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        int handle = r.iov.opHandle();
        MacOperation op = lookup(r, handle);
        if (op == null || op.engine == null) {
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        MacAlgorithms.Engine engine = op.engine;
        op.engine = null;
        if (op.sign) {
            return OperationTable.keep(r, handle, BAD_STATE);
        }
        if (!matches(engine.doFinal(), op.macLength, r.in(1))) {
            return OperationTable.keep(r, handle, INVALID_SIGNATURE);
        }
        return operations.finished(r, handle);
    }

    /** {@code psa_mac_abort}: in {@code iov{op}}; out the handle (0 once released). An invalid handle succeeds. */
    private int abort(CryptoRequest r) {
        return operations.abort(OperationTable.Type.MAC, r, null);
    }


    private MacOperation lookup(CryptoRequest r, int handle) {
        return (MacOperation) operations.lookup(OperationTable.Type.MAC, r.clientId(), handle);
    }
}
