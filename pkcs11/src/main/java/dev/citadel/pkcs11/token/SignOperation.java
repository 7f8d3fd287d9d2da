package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.MacOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.MechanismParams;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.names.HashName;
import java.io.ByteArrayOutputStream;

/**
 * One active signing or verification: the mechanism, the key, the PSA algorithm, and for multi-part use either an
 * SPE hash operation (hash-and-sign mechanisms) or the input gathered so far (mechanisms that sign their input).
 */
final class SignOperation {
    /** The most input a mechanism that signs its input whole will gather over {@code C_SignUpdate}. */
    private static final int MAX_GATHERED = 64 * 1024;

    final boolean signing;
    private final PsaCrypto crypto;
    private final Mechanism mechanism;
    private final int keyId;
    private final Algorithm algorithm;
    private final Algorithm hash;
    /** For {@code CKM_RSA_PKCS_PSS}: the hash length the input must have. */
    private final int inputLength;
    private final int signatureLength;
    private HashOperation hashOperation;
    private MacOperation macOperation;
    private ByteArrayOutputStream gathered;

    private SignOperation(boolean signing, PsaCrypto crypto, Mechanism mechanism, int keyId, Algorithm algorithm,
            Algorithm hash, int inputLength, int signatureLength) {
        this.signing = signing;
        this.crypto = crypto;
        this.mechanism = mechanism;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.hash = hash;
        this.inputLength = inputLength;
        this.signatureLength = signatureLength;
    }

    /**
     * {@code C_SignInit}/{@code C_VerifyInit}'s checks: a signature mechanism, a key of its type and of the right
     * class with {@code CKA_SIGN}/{@code CKA_VERIFY}, and valid parameters.
     */
    static SignOperation init(boolean signing, PsaCrypto crypto, CkMechanism m, TokenObject key) throws CkException {
        Mechanism mech = Mechanism.of(m.type(), Mechanism::signs)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        long cls = key.objectClass();
        long wanted = mech.kind == Mechanism.Kind.MAC ? Cko.SECRET_KEY : signing ? Cko.PRIVATE_KEY : Cko.PUBLIC_KEY;
        if (cls != wanted || key.keyType() != mech.keyType) {
            throw new CkException(Ckr.KEY_TYPE_INCONSISTENT, mech + " with this key");
        }
        Algorithm hash = mech.hash;
        int inputLength = -1;
        if (mech.isPss()) {
            if (!(m.params() instanceof MechanismParams.RsaPss p)) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "CK_RSA_PKCS_PSS_PARAMS needed");
            }
            HashName h = HashName.byCkm(p.hashAlg())
                    .orElseThrow(() -> new CkException(Ckr.MECHANISM_PARAM_INVALID, "hash"));
            if (hash != null && !hash.equals(h.psa()) || p.mgf() != h.mgf1().orElseThrow()
                    || p.saltLength() != h.length()) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "PSS: hash, MGF1 and salt must match");
            }
            hash = h.psa();
            inputLength = mech.hash == null ? h.length() : -1;
        } else if (!(m.params() instanceof MechanismParams.None)) {
            throw new CkException(Ckr.MECHANISM_PARAM_INVALID, mech + " takes no parameter");
        }
        Algorithm alg = mech.psaAlgorithm(hash);
        boolean hashLengthsOnly = false;
        if (mech == Mechanism.ECDSA && !Keys.permits(key, Algorithm.ECDSA_ANY)) {
            // a key whose policy gave ECDSA_ANY's place to ECDH signs hashes of the known lengths only
            hashLengthsOnly = true;
            alg = Algorithm.ecdsa(Algorithm.SHA_256);
        }
        Keys.checkUse(key, mech.type, signing ? Cka.SIGN : Cka.VERIFY, alg);
        int length = mech.kind == Mechanism.Kind.MAC ? HashName.byPsa(hash).orElseThrow().length()
                : signatureLength(key);
        SignOperation op = new SignOperation(signing, crypto, mech, key.psaKeyId,
                hashLengthsOnly ? null : alg, hash, inputLength, length);
        return op;
    }

    private static int signatureLength(TokenObject key) throws CkException {
        if (key.keyType() == Cko.KEY_RSA) {
            return Der.unsigned(key.get(Cka.MODULUS)).length;
        }
        return Curve.of(key.keyType(), key.get(Cka.EC_PARAMS))
                .orElseThrow(() -> new CkException(Ckr.GENERAL_ERROR, "curve")).signatureLength();
    }

    int signatureLength() {
        return signatureLength;
    }

    boolean isMultipart() {
        return hashOperation != null || macOperation != null || gathered != null;
    }

    /** {@code C_SignUpdate}/{@code C_VerifyUpdate}. */
    void update(byte[] part) throws CkException {
        try {
            if (mechanism.kind == Mechanism.Kind.MAC) {
                if (macOperation == null) {
                    macOperation = signing ? crypto.macSignSetup(keyId, algorithm)
                            : crypto.macVerifySetup(keyId, algorithm);
                }
                macOperation.update(part);
            } else if (mechanism.kind == Mechanism.Kind.HASH_AND_SIGN) {
                if (hashOperation == null) {
                    hashOperation = crypto.hashSetup(hash);
                }
                hashOperation.update(part);
            } else {
                if (gathered == null) {
                    gathered = new ByteArrayOutputStream();
                }
                if (gathered.size() + part.length > MAX_GATHERED) {
                    throw new CkException(Ckr.DATA_LEN_RANGE);
                }
                gathered.writeBytes(part);
            }
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DATA_LEN_RANGE);
        }
    }

    /** The signature of all of {@code data} (single part), or of what the updates gave when {@code data} is null. */
    byte[] sign(byte[] data) throws CkException {
        try {
            return switch (mechanism.kind) {
                case MAC -> data != null || macOperation == null
                        ? crypto.macCompute(keyId, algorithm, input(data)) : finishMac(null);
                case SIGN_MESSAGE -> crypto.signMessage(keyId, algorithm, input(data));
                case HASH_AND_SIGN -> crypto.signHash(keyId, algorithm, digest(data));
                default -> {
                    byte[] in = checkedInput(data);
                    yield crypto.signHash(keyId, algorithmFor(in), in);
                }
            };
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DATA_LEN_RANGE);
        }
    }

    /** Checks {@code signature} over all of {@code data}, or over what the updates gave when {@code data} is null. */
    void verify(byte[] data, byte[] signature) throws CkException {
        if (mechanism.kind == Mechanism.Kind.MAC) {
            verifyMac(data, signature);
            return;
        }
        byte[] input;
        try {
            input = mechanism.kind == Mechanism.Kind.HASH_AND_SIGN ? digest(data)
                    : mechanism.kind == Mechanism.Kind.SIGN_MESSAGE ? input(data) : checkedInput(data);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.DATA_LEN_RANGE);
        }
        if (signature.length != signatureLength) {
            throw new CkException(Ckr.SIGNATURE_LEN_RANGE);
        }
        try {
            if (mechanism.kind == Mechanism.Kind.SIGN_MESSAGE) {
                crypto.verifyMessage(keyId, algorithm, input, signature);
            } else {
                crypto.verifyHash(keyId, algorithmFor(input), input, signature);
            }
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.SIGNATURE_INVALID);
        }
    }

    private void verifyMac(byte[] data, byte[] mac) throws CkException {
        if (mac.length != signatureLength) {
            throw new CkException(Ckr.SIGNATURE_LEN_RANGE);
        }
        try {
            if (data != null || macOperation == null) {
                crypto.macVerify(keyId, algorithm, input(data), mac);
            } else {
                finishMac(mac);
            }
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.SIGNATURE_INVALID);
        }
    }

    /** Finishes the SPE's MAC operation: the MAC when signing, else checks {@code expected}. */
    private byte[] finishMac(byte[] expected) throws PsaException {
        MacOperation op = macOperation;
        macOperation = null;
        if (expected == null) {
            return op.signFinish();
        }
        op.verifyFinish(expected);
        return null;
    }

    /**
     * The PSA algorithm for this input: the operation's, or for {@code CKM_ECDSA} on a key without
     * {@code ECDSA_ANY}, ECDSA with the hash of the input's length.
     */
    private Algorithm algorithmFor(byte[] input) throws CkException {
        if (algorithm != null) {
            return algorithm;
        }
        return java.util.stream.Stream.of(HashName.SHA_256, HashName.SHA_384, HashName.SHA_512)
                .filter(h -> h.length() == input.length).findFirst().map(h -> Algorithm.ecdsa(h.psa()))
                .orElseThrow(() -> new CkException(Ckr.DATA_LEN_RANGE, "a SHA-256, -384 or -512 hash"));
    }

    private byte[] input(byte[] data) {
        return data != null ? data : gathered == null ? new byte[0] : gathered.toByteArray();
    }

    private byte[] checkedInput(byte[] data) throws CkException {
        byte[] in = input(data);
        if (inputLength >= 0 && in.length != inputLength) {
            throw new CkException(Ckr.DATA_LEN_RANGE, "the input must be a " + inputLength + "-byte hash");
        }
        return in;
    }

    private byte[] digest(byte[] data) throws PsaException {
        if (data != null) {
            return crypto.hashCompute(hash, data);
        }
        if (hashOperation == null) {
            return crypto.hashCompute(hash, new byte[0]);
        }
        HashOperation op = hashOperation;
        hashOperation = null;
        return op.finish();
    }

    /** Frees the SPE's hash or MAC operation, if any. */
    void close() {
        if (macOperation != null) {
            try {
                macOperation.close();
            } catch (PsaException ignored) {
                // the slot is freed with the client's session anyway
            }
            macOperation = null;
        }
        if (hashOperation != null) {
            try {
                hashOperation.close();
            } catch (PsaException ignored) {
                // the slot is freed with the client's session anyway
            }
            hashOperation = null;
        }
    }
}
