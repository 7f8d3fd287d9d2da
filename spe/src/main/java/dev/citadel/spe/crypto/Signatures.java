package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.MGF1BytesGenerator;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MGFParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/**
 * The signature backends, all Bouncy Castle's lightweight API: ECDSA ({@code ECDSASigner}, with RFC 6979's
 * {@code HMacDSAKCalculator} when deterministic), Ed25519, and RSA PKCS#1 v1.5 and PSS over {@code RSABlindedEngine}
 * (measured as fast as the JDK's RSA on JDK 17). Signatures are in the PSA format: ECDSA {@code r || s}, each
 * {@code ceil(bits/8)} bytes; RSA the modulus length; Ed25519 64 bytes.
 *
 * <p>Callers have checked the key's type, the algorithm's family and the policy; these methods judge the algorithm
 * against the key and the input against the algorithm.
 */
final class Signatures {
    private Signatures() {}

    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_SIGNATURE = PsaStatus.INVALID_SIGNATURE.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();
    private static final byte PSS_TRAILER = (byte) 0xBC;

    /** The family of {@code alg} this key can compute, or the status refusing it. */
    private static int checkFamily(AsymmetricKey key, Algorithm alg) {
        if (key.curve == null) {
            return alg.isRsaPkcs1v15Sign() || alg.isRsaPss() ? SUCCESS : INVALID_ARGUMENT;
        }
        switch (key.curve) {
            case EDWARDS25519:
                if (alg.isHashEddsa()) {
                    return NOT_SUPPORTED;
                }
                return alg.equals(Algorithm.PURE_EDDSA) ? SUCCESS : INVALID_ARGUMENT;
            case CURVE25519:
                return INVALID_ARGUMENT; // X25519 keys only agree
            default:
                return alg.isEcdsa() ? SUCCESS : INVALID_ARGUMENT;
        }
    }

    /**
     * The hash a hash-and-sign {@code message} is signed over: {@code NOT_SUPPORTED} for a hash this partition lacks.
     */
    static Outcome hashMessage(Algorithm alg, byte[] message) {
        Algorithm hash = alg.hashOf();
        int status = HashAlgorithms.check(hash);
        if (status != SUCCESS) {
            return Outcome.fail(status);
        }
        return Outcome.of(HashAlgorithms.newDigest(hash).digest(message));
    }

    /**
     * Checks a hash given to sign_hash / verify_hash: for an algorithm naming a hash, a hash of that length
     * ({@code INVALID_ARGUMENT}) that this partition supports ({@code NOT_SUPPORTED}).
     */
    private static int checkHash(Algorithm alg, byte[] hash) {
        Algorithm h = alg.hashOf();
        if (h.equals(Algorithm.NONE)) {
            return SUCCESS; // ECDSA_ANY and raw PKCS#1 v1.5 sign whatever they are given
        }
        if (!AsymmetricHashes.isSupported(h)) {
            return NOT_SUPPORTED;
        }
        return hash.length == AsymmetricHashes.digest(h).getDigestSize() ? SUCCESS : INVALID_ARGUMENT;
    }

    /**
     * {@code psa_sign_message} ({@code isMessage}) or {@code psa_sign_hash} with a key pair.
     */
    static Outcome sign(AsymmetricKey key, Algorithm alg, byte[] input, boolean isMessage, SecureRandom random) {
        int status = checkFamily(key, alg);
        if (status != SUCCESS) {
            return Outcome.fail(status);
        }
        if (key.curve == EccCurve.EDWARDS25519) {
            byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            ((Ed25519PrivateKeyParameters) key.privateKey).sign(Ed25519.Algorithm.Ed25519, null, input, 0,
                    input.length, sig, 0);
            return Outcome.of(sig);
        }
        byte[] hash = input;
        if (isMessage) {
            Outcome h = hashMessage(alg, input);
            if (!h.ok()) {
                return h;
            }
            hash = h.bytes;
        }
        status = checkHash(alg, hash);
        if (status != SUCCESS) {
            return Outcome.fail(status);
        }
        if (key.curve != null) {
            return Outcome.of(ecdsaSign(key, alg, hash, random));
        }
        return alg.isRsaPss() ? pssSign(key, alg, hash, random) : pkcs1Sign(key, alg, hash, random);
    }

    /** {@code psa_verify_message} ({@code isMessage}) or {@code psa_verify_hash}, with a key pair or public key. */
    static int verify(AsymmetricKey key, Algorithm alg, byte[] input, byte[] signature, boolean isMessage) {
        int status = checkFamily(key, alg);
        if (status != SUCCESS) {
            return status;
        }
        if (key.curve == EccCurve.EDWARDS25519) {
            if (signature.length != Ed25519.SIGNATURE_SIZE) {
                return INVALID_SIGNATURE;
            }
            boolean ok = ((Ed25519PublicKeyParameters) key.publicKey).verify(Ed25519.Algorithm.Ed25519, null, input,
                    0, input.length, signature, 0);
            return ok ? SUCCESS : INVALID_SIGNATURE;
        }
        byte[] hash = input;
        if (isMessage) {
            Outcome h = hashMessage(alg, input);
            if (!h.ok()) {
                return h.status;
            }
            hash = h.bytes;
        }
        status = checkHash(alg, hash);
        if (status != SUCCESS) {
            return status;
        }
        if (key.curve != null) {
            return ecdsaVerify(key, hash, signature);
        }
        return alg.isRsaPss() ? pssVerify(key, alg, hash, signature) : pkcs1Verify(key, alg, hash, signature);
    }

    // ECDSA ----------------------------------------------------------------------------------------------------------

    private static byte[] ecdsaSign(AsymmetricKey key, Algorithm alg, byte[] hash, SecureRandom random) {
        ECDSASigner signer;
        if (alg.isDeterministicEcdsa()) {
            signer = new ECDSASigner(new HMacDSAKCalculator(AsymmetricHashes.digest(alg.hashOf())));
            signer.init(true, key.privateKey);
        } else {
            signer = new ECDSASigner();
            signer.init(true, new ParametersWithRandom(key.privateKey, random));
        }
        BigInteger[] rs = signer.generateSignature(hash);
        int n = key.curve.bytes();
        byte[] sig = new byte[2 * n];
        BigIntegers.asUnsignedByteArray(rs[0], sig, 0, n);
        BigIntegers.asUnsignedByteArray(rs[1], sig, n, n);
        return sig;
    }

    private static int ecdsaVerify(AsymmetricKey key, byte[] hash, byte[] signature) {
        int n = key.curve.bytes();
        if (signature.length != 2 * n) {
            return INVALID_SIGNATURE; // as Mbed TLS: any other length cannot be r || s
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, n));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, n, 2 * n));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, (ECPublicKeyParameters) key.publicKey);
        return verifier.verifySignature(hash, r, s) ? SUCCESS : INVALID_SIGNATURE; // r, s outside 1..n-1 fail
    }

    // RSA ------------------------------------------------------------------------------------------------------------

    /** EMSA-PKCS1-v1_5's {@code T}: the {@code DigestInfo} of the hash, or the input itself for the raw variant. */
    private static byte[] pkcs1Payload(Algorithm alg, byte[] hash) {
        Algorithm h = alg.hashOf();
        return h.equals(Algorithm.NONE) ? hash : AsymmetricHashes.digestInfo(h, hash);
    }

    private static Outcome pkcs1Sign(AsymmetricKey key, Algorithm alg, byte[] hash, SecureRandom random) {
        byte[] t = pkcs1Payload(alg, hash);
        if (t.length > key.modulusBytes - 11) {
            return Outcome.fail(INVALID_ARGUMENT); // RFC 8017 §9.2: "intended encoded message length too short"
        }
        PKCS1Encoding encoding = new PKCS1Encoding(new RSABlindedEngine()); // type 1 padding with a private key
        encoding.init(true, new ParametersWithRandom(key.privateKey, random));
        try {
            return Outcome.of(encoding.processBlock(t, 0, t.length));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("PKCS#1 v1.5 signing failed", e);
        }
    }

    /** The public RSA operation on a signature: {@code s^e mod n}, {@code k} bytes; null if {@code s >= n}. */
    private static byte[] rsaPublic(AsymmetricKey key, byte[] signature) {
        RSAEngine engine = new RSAEngine();
        engine.init(true, (RSAKeyParameters) key.publicKey);
        try {
            byte[] m = engine.processBlock(signature, 0, signature.length);
            if (m.length == key.modulusBytes) {
                return m;
            }
            byte[] padded = new byte[key.modulusBytes];
            System.arraycopy(m, 0, padded, padded.length - m.length, m.length);
            return padded;
        } catch (DataLengthException tooLarge) {
            return null;
        }
    }

    /** RSASSA-PKCS1-v1_5 verification by re-encoding and comparing (RFC 8017 §8.2.2), in constant time. */
    private static int pkcs1Verify(AsymmetricKey key, Algorithm alg, byte[] hash, byte[] signature) {
        int k = key.modulusBytes;
        if (signature.length != k) {
            return INVALID_SIGNATURE;
        }
        byte[] t = pkcs1Payload(alg, hash);
        if (t.length > k - 11) {
            return INVALID_SIGNATURE;
        }
        byte[] em = rsaPublic(key, signature);
        if (em == null) {
            return INVALID_SIGNATURE;
        }
        byte[] expected = new byte[k];
        expected[1] = 0x01;
        Arrays.fill(expected, 2, k - t.length - 1, (byte) 0xFF);
        System.arraycopy(t, 0, expected, k - t.length, t.length);
        return MessageDigest.isEqual(em, expected) ? SUCCESS : INVALID_SIGNATURE;
    }

    /**
     * The salt length Mbed TLS uses for {@code PSA_ALG_RSA_PSS}: the hash length, or less when the modulus leaves
     * less room ({@code k - hLen - 2}).
     */
    private static int standardSaltLength(AsymmetricKey key, int hashLength) {
        int room = key.modulusBytes - 2 - hashLength;
        return Math.max(0, Math.min(room, hashLength));
    }

    private static Outcome pssSign(AsymmetricKey key, Algorithm alg, byte[] hash, SecureRandom random) {
        Digest digest = AsymmetricHashes.digest(alg.hashOf());
        int saltLength = standardSaltLength(key, digest.getDigestSize());
        PSSSigner signer = PSSSigner.createRawSigner(new RSABlindedEngine(), digest,
                AsymmetricHashes.digest(alg.hashOf()), saltLength, PSSSigner.TRAILER_IMPLICIT);
        signer.init(true, new ParametersWithRandom(key.privateKey, random));
        signer.update(hash, 0, hash.length);
        try {
            return Outcome.of(signer.generateSignature());
        } catch (CryptoException | DataLengthException e) {
            return Outcome.fail(INVALID_ARGUMENT); // the modulus is too short for this hash
        }
    }

    /**
     * EMSA-PSS verification (RFC 8017 §9.1.2) with MGF1 over the same hash; the salt length must be the standard one
     * for {@code PSA_ALG_RSA_PSS}, and may be any for {@code PSA_ALG_RSA_PSS_ANY_SALT}.
     */
    private static int pssVerify(AsymmetricKey key, Algorithm alg, byte[] hash, byte[] signature) {
        if (signature.length != key.modulusBytes) {
            return INVALID_SIGNATURE;
        }
        byte[] m = rsaPublic(key, signature);
        if (m == null) {
            return INVALID_SIGNATURE;
        }
        Digest digest = AsymmetricHashes.digest(alg.hashOf());
        int hLen = digest.getDigestSize();
        int emBits = ((RSAKeyParameters) key.publicKey).getModulus().bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        int offset = m.length - emLen; // 1 when emBits is a multiple of 8: that leading byte must be 0
        for (int i = 0; i < offset; i++) {
            if (m[i] != 0) {
                return INVALID_SIGNATURE;
            }
        }
        if (emLen < hLen + 2 || m[m.length - 1] != PSS_TRAILER) {
            return INVALID_SIGNATURE;
        }
        int dbLen = emLen - hLen - 1;
        byte[] h = Arrays.copyOfRange(m, offset + dbLen, offset + dbLen + hLen);
        int topMask = 0xFF >>> (8 * emLen - emBits);
        if ((m[offset] & ~topMask & 0xFF) != 0) {
            return INVALID_SIGNATURE;
        }
        byte[] db = new byte[dbLen];
        MGF1BytesGenerator mgf = new MGF1BytesGenerator(AsymmetricHashes.digest(alg.hashOf()));
        mgf.init(new MGFParameters(h));
        mgf.generateBytes(db, 0, dbLen);
        for (int i = 0; i < dbLen; i++) {
            db[i] ^= m[offset + i];
        }
        db[0] &= (byte) topMask;
        int separator = 0;
        while (separator < dbLen && db[separator] == 0) {
            separator++;
        }
        if (separator == dbLen || db[separator] != 0x01) {
            return INVALID_SIGNATURE;
        }
        int saltLength = dbLen - separator - 1;
        if (alg.isRsaPssStandardSalt() && saltLength != standardSaltLength(key, hLen)) {
            return INVALID_SIGNATURE;
        }
        digest.update(new byte[8], 0, 8);
        digest.update(hash, 0, hash.length);
        digest.update(db, separator + 1, saltLength);
        byte[] expected = new byte[hLen];
        digest.doFinal(expected, 0);
        return MessageDigest.isEqual(h, expected) ? SUCCESS : INVALID_SIGNATURE;
    }
}
