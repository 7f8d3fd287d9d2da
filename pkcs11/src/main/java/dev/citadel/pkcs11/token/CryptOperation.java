package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.CipherOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.MechanismParams;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.names.HashName;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One active encryption or decryption. AES-GCM runs one-shot (multi-part input is gathered and the whole result given
 * at the end, so no plaintext leaves before its tag is checked); AES-CBC-PAD runs on an SPE cipher operation whose
 * output per update the token predicts exactly (whole blocks; decryption holds back the last one); RSA is
 * single-part. An output that is computed before its exact length is known (decryption's last block, RSA
 * decryption) and does not fit the caller's buffer is kept for the repeated call.
 */
final class CryptOperation {
    private static final int BLOCK = 16;
    /** The most input AES-GCM gathers over updates (the wire's frame is 1 MiB). */
    private static final int MAX_GATHERED = 512 * 1024;

    final boolean encrypting;
    private final PsaCrypto crypto;
    private final Mechanism mechanism;
    private final int keyId;
    private final Algorithm algorithm;
    private final byte[] iv;
    private final byte[] aad;
    private final int tagLength;
    /** The OAEP label, or null. */
    private final byte[] label;
    private final int modulusLength;
    /** For OAEP, the hash length; else 0. */
    private final int oaepHashLength;
    private ByteArrayOutputStream gathered;
    private CipherOperation cipher;
    /** Bytes the SPE's cipher operation holds back. */
    private int held;
    private boolean updated;
    private byte[] pending;

    private CryptOperation(boolean encrypting, PsaCrypto crypto, Mechanism mechanism, int keyId, Algorithm algorithm,
            byte[] iv, byte[] aad, int tagLength, byte[] label, int modulusLength, int oaepHashLength) {
        this.encrypting = encrypting;
        this.crypto = crypto;
        this.mechanism = mechanism;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.iv = iv;
        this.aad = aad;
        this.tagLength = tagLength;
        this.label = label;
        this.modulusLength = modulusLength;
        this.oaepHashLength = oaepHashLength;
    }

    /**
     * {@code C_EncryptInit}/{@code C_DecryptInit}'s checks: an encryption mechanism, a key of its type (a secret key
     * for AES; a public key to encrypt and a private key to decrypt with RSA) with {@code CKA_ENCRYPT}/{@code DECRYPT}
     * and a policy that permits it, and valid parameters.
     */
    static CryptOperation init(boolean encrypting, PsaCrypto crypto, CkMechanism m, TokenObject key)
            throws CkException {
        Mechanism mech = Mechanism.of(m.type(), Mechanism::crypts)
                .orElseThrow(() -> new CkException(Ckr.MECHANISM_INVALID));
        long wanted = mech.keyType == Cko.KEY_AES ? Cko.SECRET_KEY : encrypting ? Cko.PUBLIC_KEY : Cko.PRIVATE_KEY;
        if (key.objectClass() != wanted || key.keyType() != mech.keyType) {
            throw new CkException(Ckr.KEY_TYPE_INCONSISTENT, mech + " with this key");
        }
        byte[] iv = null;
        byte[] aad = null;
        int tag = 0;
        byte[] label = null;
        int hashLength = 0;
        Algorithm alg;
        MechanismParams p = m.params();
        if (mech == Mechanism.AES_GCM) {
            if (!(p instanceof MechanismParams.Gcm g)) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "CK_GCM_PARAMS needed");
            }
            iv = g.iv();
            aad = g.aad();
            long bits = g.tagBits();
            if (iv.length < 1 || iv.length > 16 || bits < 96 || bits > 128 || bits % 8 != 0) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "GCM: IV of 1..16 bytes, tag of 96..128 bits");
            }
            tag = (int) bits / 8;
            alg = Algorithm.aeadWithShortenedTag(Algorithm.GCM, tag);
        } else if (mech == Mechanism.AES_CBC_PAD) {
            if (!(p instanceof MechanismParams.Bytes b) || b.value().length != BLOCK) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "a 16-byte IV");
            }
            iv = b.value();
            alg = Algorithm.CBC_PKCS7;
        } else if (mech == Mechanism.RSA_PKCS_OAEP) {
            if (!(p instanceof MechanismParams.RsaOaep o)) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "CK_RSA_PKCS_OAEP_PARAMS needed");
            }
            HashName h = HashName.byCkm(o.hashAlg())
                    .orElseThrow(() -> new CkException(Ckr.MECHANISM_PARAM_INVALID, "hash"));
            byte[] data = o.sourceData();
            boolean sourceOk = o.source() == Ckm.OAEP_SOURCE_DATA_SPECIFIED || o.source() == 0 && data.length == 0;
            if (o.mgf() != h.mgf1().orElseThrow() || !sourceOk) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, "OAEP: MGF1 must use the hash; label as data");
            }
            label = data.length == 0 ? null : data;
            hashLength = h.length();
            alg = mech.psaAlgorithm(h.psa());
        } else {
            if (!(p instanceof MechanismParams.None)) {
                throw new CkException(Ckr.MECHANISM_PARAM_INVALID, mech + " takes no parameter");
            }
            alg = mech.psaAlgorithm(null);
        }
        Keys.checkUse(key, mech.type, encrypting ? Cka.ENCRYPT : Cka.DECRYPT, alg);
        int modulus = mech.keyType == Cko.KEY_RSA ? Der.unsigned(key.get(Cka.MODULUS)).length : 0;
        return new CryptOperation(encrypting, crypto, mech, key.psaKeyId, alg, iv, aad, tag, label, modulus,
                hashLength);
    }

    /** {@code C_Encrypt}/{@code C_Decrypt}. */
    int single(byte[] input, byte[] out) throws CkException {
        if (updated) {
            throw new CkException(Ckr.OPERATION_ACTIVE, "a multi-part operation is under way");
        }
        if (pending != null) {
            return deliver(pending, out);
        }
        int bound = bound(input.length);
        if (out == null) {
            return bound;
        }
        if (exact() && out.length < bound) {
            throw CkException.bufferTooSmall(bound);
        }
        return deliver(compute(input), out);
    }

    /** {@code C_EncryptUpdate}/{@code C_DecryptUpdate}. */
    int update(byte[] part, byte[] out) throws CkException {
        if (mechanism.kind == Mechanism.Kind.ASYMMETRIC_CRYPT) {
            throw new CkException(Ckr.FUNCTION_NOT_SUPPORTED, mechanism + " is single-part");
        }
        if (mechanism == Mechanism.AES_GCM) {
            if (out == null) {
                return 0;
            }
            if (gathered == null) {
                gathered = new ByteArrayOutputStream();
            }
            if (gathered.size() + part.length > MAX_GATHERED) {
                throw new CkException(Ckr.DATA_LEN_RANGE, "more than " + MAX_GATHERED + " bytes");
            }
            gathered.writeBytes(part);
            updated = true;
            return 0;
        }
        int total = held + part.length;
        int n = encrypting ? total - total % BLOCK
                : total <= BLOCK ? 0 : total - (total % BLOCK == 0 ? BLOCK : total % BLOCK);
        if (out == null) {
            return n;
        }
        if (out.length < n) {
            throw CkException.bufferTooSmall(n);
        }
        try {
            byte[] r = cipher().update(part);
            if (r.length != n) {
                throw new CkException(Ckr.DEVICE_ERROR, "the SPE gave " + r.length + " bytes, not " + n);
            }
            System.arraycopy(r, 0, out, 0, n);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, encrypting ? Ckr.DATA_LEN_RANGE : Ckr.ENCRYPTED_DATA_INVALID);
        }
        held = total - n;
        updated = true;
        return n;
    }

    /** {@code C_EncryptFinal}/{@code C_DecryptFinal}. */
    int finish(byte[] out) throws CkException {
        if (mechanism.kind == Mechanism.Kind.ASYMMETRIC_CRYPT) {
            throw new CkException(Ckr.FUNCTION_NOT_SUPPORTED, mechanism + " is single-part");
        }
        if (pending != null) {
            return deliver(pending, out);
        }
        if (mechanism == Mechanism.AES_GCM) {
            byte[] input = gathered == null ? new byte[0] : gathered.toByteArray();
            int bound = bound(input.length);
            if (out == null) {
                return bound;
            }
            if (out.length < bound) {
                throw CkException.bufferTooSmall(bound);
            }
            return deliver(compute(input), out);
        }
        if (!encrypting && held != BLOCK) {
            throw new CkException(Ckr.ENCRYPTED_DATA_LEN_RANGE, "not whole blocks");
        }
        if (out == null) {
            return BLOCK;
        }
        if (encrypting && out.length < BLOCK) {
            throw CkException.bufferTooSmall(BLOCK);
        }
        try {
            CipherOperation op = cipher();
            cipher = null;
            return deliver(op.finish(), out);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, encrypting ? Ckr.DATA_LEN_RANGE : Ckr.ENCRYPTED_DATA_INVALID);
        }
    }

    /** Whether {@link #bound} is the exact output length (else an upper bound). */
    private boolean exact() {
        return encrypting || mechanism == Mechanism.AES_GCM;
    }

    /** The output length for {@code n} bytes of whole input: exact, or for decryption with padding an upper bound. */
    private int bound(int n) throws CkException {
        if (mechanism == Mechanism.AES_GCM) {
            if (encrypting) {
                return n + tagLength;
            }
            if (n < tagLength) {
                throw new CkException(Ckr.ENCRYPTED_DATA_LEN_RANGE, "shorter than the tag");
            }
            return n - tagLength;
        }
        if (mechanism == Mechanism.AES_CBC_PAD) {
            if (encrypting) {
                return (n / BLOCK + 1) * BLOCK;
            }
            if (n == 0 || n % BLOCK != 0) {
                throw new CkException(Ckr.ENCRYPTED_DATA_LEN_RANGE, "not whole blocks");
            }
            return n;
        }
        if (encrypting) {
            int max = oaepHashLength > 0 ? modulusLength - 2 * oaepHashLength - 2 : modulusLength - 11;
            if (n > max) {
                throw new CkException(Ckr.DATA_LEN_RANGE, "at most " + max + " bytes");
            }
        } else if (n != modulusLength) {
            throw new CkException(Ckr.ENCRYPTED_DATA_LEN_RANGE, "the modulus length");
        }
        return modulusLength;
    }

    private byte[] compute(byte[] input) throws CkException {
        try {
            if (mechanism == Mechanism.AES_GCM) {
                return encrypting ? crypto.aeadEncrypt(keyId, algorithm, iv, aad, input)
                        : crypto.aeadDecrypt(keyId, algorithm, iv, aad, input);
            }
            if (mechanism == Mechanism.AES_CBC_PAD) {
                try (CipherOperation op = setup()) {
                    byte[] first = op.update(input);
                    byte[] last = op.finish();
                    byte[] r = Arrays.copyOf(first, first.length + last.length);
                    System.arraycopy(last, 0, r, first.length, last.length);
                    return r;
                }
            }
            return encrypting ? crypto.asymmetricEncrypt(keyId, algorithm, input, label)
                    : crypto.asymmetricDecrypt(keyId, algorithm, input, label);
        } catch (PsaException e) {
            if (!encrypting && e.psaStatus() == PsaStatus.INVALID_SIGNATURE) {
                throw new CkException(Ckr.ENCRYPTED_DATA_INVALID, "the tag does not match");
            }
            throw PsaErrors.toCk(e, encrypting ? Ckr.DATA_LEN_RANGE : Ckr.ENCRYPTED_DATA_INVALID);
        }
    }

    private CipherOperation cipher() throws PsaException {
        if (cipher == null) {
            cipher = setup();
        }
        return cipher;
    }

    private CipherOperation setup() throws PsaException {
        CipherOperation op = encrypting ? crypto.cipherEncryptSetup(keyId, algorithm)
                : crypto.cipherDecryptSetup(keyId, algorithm);
        try {
            op.setIv(iv);
        } catch (PsaException e) {
            op.close();
            throw e;
        }
        return op;
    }

    /** Copies {@code result} to {@code out}, or keeps it and answers {@code CKR_BUFFER_TOO_SMALL}. */
    private int deliver(byte[] result, byte[] out) throws CkException {
        if (out == null || out.length < result.length) {
            pending = result;
            if (out == null) {
                return result.length;
            }
            throw CkException.bufferTooSmall(result.length);
        }
        System.arraycopy(result, 0, out, 0, result.length);
        Arrays.fill(result, (byte) 0);
        pending = null;
        return result.length;
    }

    /** Frees the SPE's cipher operation and wipes what the token holds. */
    void close() {
        if (cipher != null) {
            try {
                cipher.close();
            } catch (PsaException ignored) {
                // the slot is freed with the client's session anyway
            }
            cipher = null;
        }
        if (pending != null) {
            Arrays.fill(pending, (byte) 0);
            pending = null;
        }
        gathered = null;
    }
}
