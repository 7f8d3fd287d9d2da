package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.SecureRandom;

/**
 * The AsymSign group ({@code crypto_asymmetric.c} over Mbed TLS's {@code psa_sign_internal} /
 * {@code psa_verify_internal}): sign and verify, of a message or of a hash. Vectors: {@code iov{key, alg}},
 * {@code input}, [{@code signature}] in; {@code signature} out. Checks in Mbed TLS's order: the algorithm's kind
 * ({@code INVALID_ARGUMENT}), an empty signature buffer ({@code BUFFER_TOO_SMALL}), the key and its policy
 * ({@link KeyUse}), a key pair to sign ({@code INVALID_ARGUMENT}), the buffer against {@code PSA_SIGN_OUTPUT_SIZE},
 * then the backend ({@link Signatures}).
 */
final class AsymSignService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_HANDLE = PsaStatus.INVALID_HANDLE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();

    private final KeyStore keys;
    private final SecureRandom random;

    AsymSignService(KeyStore keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case ASYMMETRIC_SIGN_MESSAGE:
                return sign(r, true);
            case ASYMMETRIC_VERIFY_MESSAGE:
                return verify(r, true);
            case ASYMMETRIC_SIGN_HASH:
                return sign(r, false);
            case ASYMMETRIC_VERIFY_HASH:
                return verify(r, false);
            default:
                return NOT_SUPPORTED;
        }
    }

    /**
     * {@code psa_sign_verify_check_alg}: a message needs a message-signing algorithm whose hash, if it has one, is a
     * hash; a hash needs a hash-signing algorithm (so pure EdDSA is refused here, as in Mbed TLS).
     */
    private static int checkAlgorithm(Algorithm alg, boolean isMessage) {
        if (isMessage) {
            if (!alg.isSignMessage()) {
                return INVALID_ARGUMENT;
            }
            if (alg.isSignHash() && !alg.hashOf().isHash()) {
                return INVALID_ARGUMENT;
            }
            return SUCCESS;
        }
        return alg.isSignHash() ? SUCCESS : INVALID_ARGUMENT;
    }

    private int sign(CryptoRequest r, boolean isMessage) {
        Algorithm alg = r.iov.alg();
        int status = checkAlgorithm(alg, isMessage);
        if (status != SUCCESS) {
            return status;
        }
        if (r.outSize(0) == 0) {
            return BUFFER_TOO_SMALL;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                isMessage ? KeyUsage.SIGN_MESSAGE : KeyUsage.SIGN_HASH, alg);
        if (!use.ok()) {
            return use.status();
        }
        KeyAttributes a = use.slot().attributes;
        if (!a.type().isKeyPair()) {
            return INVALID_ARGUMENT;
        }
        int size = CryptoSizes.signOutputSize(a.type(), a.bits(), alg);
        if (size != 0 && r.outSize(0) < size) {
            return BUFFER_TOO_SMALL;
        }
        AsymmetricKey key = AsymmetricKeys.of(use.slot());
        if (key == null) {
            return INVALID_HANDLE;
        }
        Outcome sig = Signatures.sign(key, alg, r.in(1), isMessage, random);
        if (!sig.ok()) {
            return sig.status;
        }
        if (r.outSize(0) < sig.bytes.length) {
            return BUFFER_TOO_SMALL;
        }
        r.write(0, sig.bytes);
        return SUCCESS;
    }

    private int verify(CryptoRequest r, boolean isMessage) {
        Algorithm alg = r.iov.alg();
        int status = checkAlgorithm(alg, isMessage);
        if (status != SUCCESS) {
            return status;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                isMessage ? KeyUsage.VERIFY_MESSAGE : KeyUsage.VERIFY_HASH, alg);
        if (!use.ok()) {
            return use.status();
        }
        if (!use.slot().attributes.type().isAsymmetric()) {
            return INVALID_ARGUMENT;
        }
        AsymmetricKey key = AsymmetricKeys.of(use.slot());
        if (key == null) {
            return INVALID_HANDLE;
        }
        return Signatures.verify(key, alg, r.in(1), r.in(2), isMessage);
    }
}
