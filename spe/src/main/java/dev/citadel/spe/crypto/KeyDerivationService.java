package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.util.BigIntegers;

/**
 * The Key Derivation group ({@code crypto_key_derivation.c} over Mbed TLS 3.6's {@code psa_key_derivation_*}), with
 * the vectors of {@code reference/tfm.md} §2.2. Operations live in the partition's {@link OperationTable}; the
 * algorithms' state machines are {@link Hkdf}, {@link Tls12Prf} and {@link Pbkdf2}, chosen by {@link KdfAlgorithms}.
 *
 * <p>Mbed TLS's operation rules kept here: a failed input (bytes, key or integer) aborts the operation, which stays
 * in its slot but answers {@code BAD_STATE} to everything but abort; a failed output wipes the state but keeps the
 * algorithm with capacity 0 (so further output gives {@code INSUFFICIENT_DATA}); {@code output_key} needs a SECRET or
 * PASSWORD fed from a key, or a SECRET from {@code psa_key_derivation_key_agreement} (ECDH or X25519 through the
 * {@link AgreementService}); {@code RAW_KEY_AGREEMENT} is not this service's.
 */
final class KeyDerivationService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final int NOT_PERMITTED = PsaStatus.NOT_PERMITTED.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INSUFFICIENT_DATA = PsaStatus.INSUFFICIENT_DATA.value();
    private static final int PROGRAMMER_ERROR = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int HANDLE_SIZE = 4;
    /** {@code sizeof(size_t)} on TF-M's 32-bit secure side, the size of {@code get_capacity}'s output. */
    private static final int CAPACITY_SIZE = 4;

    /** A key-derivation operation's context ({@code psa_key_derivation_operation_t}). */
    static final class Operation {
        Algorithm alg = Algorithm.NONE; // NONE once aborted: blank
        long capacity;
        boolean canOutputKey;
        Kdf kdf;

        /** Starts a blank operation on {@code alg}, which {@code psa_key_derivation_setup} accepted. */
        Operation start(Algorithm alg) {
            this.alg = alg;
            capacity = KdfAlgorithms.defaultCapacity(kdfAlg());
            kdf = KdfAlgorithms.newKdf(kdfAlg());
            return this;
        }

        boolean isBlank() {
            return alg.equals(Algorithm.NONE);
        }

        /** The key derivation inside {@link #alg}, which may be a key agreement combined with one. */
        Algorithm kdfAlg() {
            return alg.isKeyAgreement() ? alg.keyAgreementKdf() : alg;
        }

        /** {@code psa_key_derivation_abort} in place: everything is wiped and the operation is blank. */
        void abort() {
            if (kdf != null) {
                kdf.wipe();
            }
            kdf = null;
            alg = Algorithm.NONE;
            capacity = 0;
            canOutputKey = false;
        }

        /** What a failed output leaves: the algorithm, a fresh state machine, no capacity. */
        void exhaust() {
            Algorithm kept = alg;
            abort();
            alg = kept;
            kdf = KdfAlgorithms.newKdf(kdfAlg());
        }
    }

    private final KeyStore keys;
    private final OperationTable operations;
    private final KeyManagementService keyManagement;
    private final Supplier<AgreementService> agreement;

    /** @param agreement the key agreement service, asked for only when an operation takes a key agreement */
    KeyDerivationService(KeyStore keys, OperationTable operations, KeyManagementService keyManagement,
            Supplier<AgreementService> agreement) {
        this.keys = keys;
        this.operations = operations;
        this.keyManagement = keyManagement;
        this.agreement = agreement;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case KEY_DERIVATION_SETUP:
                return setup(r);
            case KD_ABORT:
                return abort(r);
            case KD_GET_CAPACITY:
            case KD_SET_CAPACITY:
            case KD_INPUT_BYTES:
            case KD_INPUT_KEY:
            case KD_INPUT_INTEGER:
            case KD_KEY_AGREEMENT:
            case KD_OUTPUT_BYTES:
            case KD_OUTPUT_KEY:
                return serveOperation(function, r);
            default:
                return NOT_SUPPORTED; // RAW_KEY_AGREEMENT belongs to the key agreement service
        }
    }

    /** The calls on an existing operation: TF-M looks the handle up before anything else ({@code BAD_STATE}). */
    private int serveOperation(CryptoFunction function, CryptoRequest r) {
        Operation op = lookup(r);
        if (op == null) {
            return BAD_STATE;
        }
        switch (function) {
            case KD_GET_CAPACITY:
                return getCapacity(r, op);
            case KD_SET_CAPACITY:
                return setCapacity(r, op);
            case KD_INPUT_BYTES:
                return inputBytes(r, op);
            case KD_INPUT_KEY:
                return inputKey(r, op);
            case KD_INPUT_INTEGER:
                return inputInteger(r, op);
            case KD_OUTPUT_BYTES:
                return outputBytes(r, op);
            case KD_OUTPUT_KEY:
                return outputKey(r, op);
            case KD_KEY_AGREEMENT:
                return keyAgreement(r, op);
            default:
                return NOT_SUPPORTED;
        }
    }

    /** {@code psa_key_derivation_setup}: in {@code iov{alg, op_handle}}; out the new handle. */
    private int setup(CryptoRequest r) {
        // As TF-M: take the slot first, then let the library judge the algorithm and free the slot if it refuses.
        Algorithm alg = r.iov.alg();
        return operations.setup(OperationTable.Type.KEY_DERIVATION, r, new Operation(), op -> {
            int status = setupStatus(alg);
            if (status == SUCCESS) {
                op.start(alg);
            }
            return status;
        });
    }

    /**
     * Mbed TLS's setup checks: a standalone key agreement is {@code INVALID_ARGUMENT}; a key agreement other than
     * ECDH (FFDH) combined with a key derivation is {@code NOT_SUPPORTED}, ECDH is judged by its key derivation; an
     * unknown or unsupported key derivation (or hash) is {@code NOT_SUPPORTED}; anything else is
     * {@code INVALID_ARGUMENT}.
     */
    private static int setupStatus(Algorithm alg) {
        if (alg.isStandaloneKeyAgreement()) {
            return INVALID_ARGUMENT;
        }
        if (alg.isKeyAgreement()) {
            return alg.keyAgreementBase().equals(Algorithm.ECDH)
                    ? KdfAlgorithms.check(alg.keyAgreementKdf())
                    : NOT_SUPPORTED;
        }
        if (alg.isKeyDerivation()) {
            return KdfAlgorithms.check(alg);
        }
        return INVALID_ARGUMENT;
    }

    /** {@code psa_key_derivation_get_capacity}: in {@code iov{op}}; out {@code capacity} (u32). */
    private int getCapacity(CryptoRequest r, Operation op) {
        if (r.outSize(0) != CAPACITY_SIZE) {
            return PROGRAMMER_ERROR;
        }
        if (op.isBlank()) {
            return BAD_STATE;
        }
        r.writeU32(0, (int) op.capacity);
        return SUCCESS;
    }

    /** {@code psa_key_derivation_set_capacity}: in {@code iov{op, capacity}}. Capacity may only go down. */
    private int setCapacity(CryptoRequest r, Operation op) {
        if (op.isBlank()) {
            return BAD_STATE;
        }
        long capacity = r.iov.capacity();
        if (capacity > op.capacity) {
            return INVALID_ARGUMENT;
        }
        op.capacity = capacity;
        return SUCCESS;
    }

    /** {@code psa_key_derivation_input_bytes}: in {@code iov{op, step}, data}. */
    private int inputBytes(CryptoRequest r, Operation op) {
        byte[] data = r.in(1);
        try {
            return input(op, r.iov.step(), KeyType.NONE, data);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * {@code psa_key_derivation_input_key}: in {@code iov{op, step, key_id}}. The key needs {@code USAGE_DERIVE} and
     * a policy that permits the operation's algorithm; a refused key aborts the operation, as in Mbed TLS.
     */
    private int inputKey(CryptoRequest r, Operation op) {
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.DERIVE,
                op.isBlank() ? null : op.alg);
        if (!use.ok()) {
            op.abort();
            return use.status();
        }
        int step = r.iov.step();
        if (step == KeyDerivationStep.SECRET.value() || step == KeyDerivationStep.PASSWORD.value()) {
            op.canOutputKey = true; // a key-held secret may become a key again
        }
        KeySlot slot = use.slot();
        byte[] material;
        try {
            material = slot.material.copy();
        } catch (IllegalStateException destroyedMeanwhile) {
            op.abort();
            return PsaStatus.INVALID_HANDLE.value();
        }
        try {
            return input(op, step, slot.attributes.type(), material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * {@code psa_key_derivation_key_agreement}: in {@code iov{op, step, key_id = private key}, peer_key}. Only an
     * operation set up with {@code KEY_AGREEMENT(ka, kdf)} takes one ({@code INVALID_ARGUMENT}); the private key needs
     * {@code USAGE_DERIVE} and a policy permitting the operation's algorithm (a refusal leaves the operation as it
     * is, as in Mbed TLS); a failed agreement or input aborts the operation.
     */
    private int keyAgreement(CryptoRequest r, Operation op) {
        if (!op.alg.isKeyAgreement()) {
            return INVALID_ARGUMENT;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.DERIVE, op.alg);
        if (!use.ok()) {
            return use.status();
        }
        Outcome secret = agreement.get().agree(use.slot(), op.alg.keyAgreementBase(), r.in(1));
        if (!secret.ok()) {
            op.abort();
            return secret.status;
        }
        try {
            return inputSecretFromAgreement(op, r.iov.step(), secret.bytes);
        } finally {
            Arrays.fill(secret.bytes, (byte) 0);
        }
    }

    /**
     * Feeds the shared secret of a key agreement to {@code step} as Mbed TLS's {@code psa_key_agreement_internal}
     * does: as a {@code DERIVE}-typed input; a SECRET fed this way lets the operation output keys. On failure the
     * operation is aborted. The caller keeps (and zeroes) {@code secret}.
     */
    int inputSecretFromAgreement(Operation op, int step, byte[] secret) {
        int status = input(op, step, KeyType.DERIVE, secret);
        if (status == SUCCESS && step == KeyDerivationStep.SECRET.value()) {
            op.canOutputKey = true;
        }
        return status;
    }

    /** {@code psa_key_derivation_input_internal}: the blank check, the key-type check, then the algorithm's rules. */
    private static int input(Operation op, int stepValue, KeyType keyType, byte[] data) {
        int status;
        Optional<KeyDerivationStep> step = KeyDerivationStep.fromValue(stepValue);
        if (op.isBlank()) {
            status = BAD_STATE;
        } else if (step.isEmpty() || !acceptsKeyType(step.get(), keyType)) {
            status = INVALID_ARGUMENT;
        } else {
            status = op.kdf.input(step.get(), data);
        }
        if (status != SUCCESS) {
            op.abort();
        }
        return status;
    }

    /**
     * {@code psa_key_derivation_check_input_type}: secrets from {@code DERIVE} keys, a password from a
     * {@code PASSWORD} or {@code DERIVE} key, public inputs from {@code RAW_DATA} keys; bytes ({@code NONE}) go
     * anywhere. {@code COST} takes no bytes at all.
     */
    private static boolean acceptsKeyType(KeyDerivationStep step, KeyType type) {
        if (type.equals(KeyType.NONE)) {
            return step != KeyDerivationStep.COST;
        }
        switch (step) {
            case SECRET:
            case OTHER_SECRET:
                return type.equals(KeyType.DERIVE);
            case PASSWORD:
                return type.equals(KeyType.PASSWORD) || type.equals(KeyType.DERIVE);
            case LABEL:
            case SALT:
            case INFO:
            case SEED:
                return type.equals(KeyType.RAW_DATA);
            default:
                return false;
        }
    }

    /** {@code psa_key_derivation_input_integer}: in {@code iov{op, step, value}}. */
    private int inputInteger(CryptoRequest r, Operation op) {
        int status;
        if (op.isBlank()) {
            status = BAD_STATE;
        } else {
            Optional<KeyDerivationStep> step = KeyDerivationStep.fromValue(r.iov.step());
            status = step.isEmpty() ? INVALID_ARGUMENT : op.kdf.inputInteger(step.get(), r.iov.value());
        }
        if (status != SUCCESS) {
            op.abort();
        }
        return status;
    }

    /** {@code psa_key_derivation_output_bytes}: in {@code iov{op}}; out as many bytes as {@code out_vec[0]} holds. */
    private int outputBytes(CryptoRequest r, Operation op) {
        byte[] out = new byte[r.outSize(0)];
        try {
            int status = read(op, out);
            if (status == SUCCESS && out.length > 0) {
                r.write(0, out);
            }
            return status;
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** The capacity rules of {@code psa_key_derivation_output_bytes}, then the algorithm's output. */
    static int read(Operation op, byte[] out) {
        if (op.isBlank()) {
            return BAD_STATE;
        }
        if (out.length == 0 && op.capacity == 0) {
            return INSUFFICIENT_DATA; // a finished operation, even for nothing
        }
        if (out.length > op.capacity) {
            op.exhaust();
            return INSUFFICIENT_DATA;
        }
        op.capacity -= out.length;
        int status = op.kdf.read(out);
        if (status != SUCCESS) {
            op.exhaust();
        }
        return status;
    }

    /**
     * {@code psa_key_derivation_output_key}: in {@code iov{op}, attrs(24)}; out {@code key_id(4)} (0 on failure). For
     * the unstructured types the next {@code bits / 8} bytes are the key; ECC keys ({@code
     * psa_generate_derived_ecc_key_*}) are not supported yet.
     */
    private int outputKey(CryptoRequest r, Operation op) {
        if (r.outSize(0) < HANDLE_SIZE || r.inSize(1) != KeyAttributes.CLIENT_WIRE_SIZE) {
            return PROGRAMMER_ERROR;
        }
        KeyAttributes a = KeyAttributes.fromClientWire(r.in(1));
        int status = deriveKey(r, op, a);
        if (status != SUCCESS) {
            r.writeU32(0, 0);
        }
        return status;
    }

    private int deriveKey(CryptoRequest r, Operation op, KeyAttributes a) {
        int bits = a.bits();
        if (bits == 0) {
            return INVALID_ARGUMENT;
        }
        if (op.isBlank()) {
            return BAD_STATE;
        }
        if (!op.canOutputKey) {
            return NOT_PERMITTED;
        }
        int status = KeyManagementService.validateCreation(a);
        if (status != SUCCESS) {
            return status;
        }
        if (bits > KeyManagementService.MAX_UNSTRUCTURED_BYTES * 8) {
            return NOT_SUPPORTED; // psa_validate_key_attributes' size limit, judged before any output is taken
        }
        KeyType type = a.type();
        if (type.isPublicKey()) {
            return INVALID_ARGUMENT;
        }
        if (type.isEccKeyPair()) {
            return deriveEccKey(r, op, a);
        }
        if (!type.isUnstructured()) {
            return NOT_SUPPORTED; // RSA and DH key pairs cannot be derived (as in Mbed TLS)
        }
        if (bits % 8 != 0) {
            return INVALID_ARGUMENT;
        }
        byte[] material = new byte[bits / 8];
        try {
            status = read(op, material);
            if (status != SUCCESS) {
                return status;
            }
            return keyManagement.importMaterial(r, a, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * An ECC key pair from the stream, as the PSA Crypto API 1.2 defines it for {@code psa_key_derivation_output_key}:
     * on a Weierstrass curve of order n (m bits), draw ceil(m/8) bytes, clear the excess top bits, and retry while the
     * integer k exceeds n - 2; the private key is k + 1. On Curve25519 and Edwards25519 the 32 bytes drawn are the
     * private key (X25519's clamping is applied at import). A curve this partition lacks is {@code NOT_SUPPORTED}.
     */
    private int deriveEccKey(CryptoRequest r, Operation op, KeyAttributes a) {
        Optional<EccCurve> curve = EccCurve.of(a.type().eccFamily().orElseThrow(), a.bits());
        if (curve.isEmpty()) {
            return NOT_SUPPORTED;
        }
        EccCurve c = curve.get();
        byte[] drawn = new byte[c.bytes()];
        byte[] material = drawn;
        try {
            int status = read(op, drawn);
            if (status != SUCCESS) {
                return status;
            }
            if (c.isWeierstrass()) {
                BigInteger n = c.domain.getN();
                int excessBits = 8 * drawn.length - n.bitLength();
                BigInteger k;
                while (true) {
                    drawn[0] &= (byte) (0xFF >>> excessBits);
                    k = new BigInteger(1, drawn);
                    if (k.compareTo(n.subtract(BigInteger.TWO)) <= 0) {
                        break;
                    }
                    status = read(op, drawn);
                    if (status != SUCCESS) {
                        return status;
                    }
                }
                material = BigIntegers.asUnsignedByteArray(drawn.length, k.add(BigInteger.ONE));
            }
            return keyManagement.importMaterial(r, a, material);
        } finally {
            Arrays.fill(drawn, (byte) 0);
            Arrays.fill(material, (byte) 0);
        }
    }

    /** {@code psa_key_derivation_abort}: in {@code iov{op}}; out the handle (0 once released). */
    private int abort(CryptoRequest r) {
        return operations.abort(OperationTable.Type.KEY_DERIVATION, r, op -> ((Operation) op).abort());
    }

    private Operation lookup(CryptoRequest r) {
        return (Operation) operations.lookup(OperationTable.Type.KEY_DERIVATION, r.clientId(), r.iov.opHandle());
    }
}
