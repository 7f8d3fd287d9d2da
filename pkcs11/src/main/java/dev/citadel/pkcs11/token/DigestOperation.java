package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.MechanismParams;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.names.HashName;

/** One active digest: {@code psa_hash_compute} single-part, an SPE hash operation multi-part. */
final class DigestOperation {
    private final PsaCrypto crypto;
    private final Algorithm hash;
    private final int length;
    private HashOperation operation;

    private DigestOperation(PsaCrypto crypto, Algorithm hash, int length) {
        this.crypto = crypto;
        this.hash = hash;
        this.length = length;
    }

    /** {@code C_DigestInit}'s checks: a digest mechanism without a parameter. */
    static DigestOperation init(PsaCrypto crypto, CkMechanism m) throws CkException {
        Mechanism mech = Mechanism.of(m.type(), x -> x.kind == Mechanism.Kind.DIGEST)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        if (!(m.params() instanceof MechanismParams.None)) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID, mech + " takes no parameter");
        }
        return new DigestOperation(crypto, mech.hash, HashName.byPsa(mech.hash).orElseThrow().length());
    }

    int length() {
        return length;
    }

    boolean isMultipart() {
        return operation != null;
    }

    void update(byte[] part) throws CkException {
        try {
            if (operation == null) {
                operation = crypto.hashSetup(hash);
            }
            operation.update(part);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DATA_LEN_RANGE);
        }
    }

    /** The digest of {@code data}, or of what the updates gave when {@code data} is null. */
    byte[] digest(byte[] data) throws CkException {
        try {
            if (data != null || operation == null) {
                return crypto.hashCompute(hash, data == null ? new byte[0] : data);
            }
            HashOperation op = operation;
            operation = null;
            return op.finish();
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DATA_LEN_RANGE);
        }
    }

    void close() {
        if (operation != null) {
            try {
                operation.close();
            } catch (PsaException ignored) {
                // the slot is freed with the client's session anyway
            }
            operation = null;
        }
    }
}
