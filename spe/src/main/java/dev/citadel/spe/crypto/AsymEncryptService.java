package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;

/**
 * The AsymEncrypt group ({@code crypto_asymmetric.c} over Mbed TLS's {@code psa_asymmetric_encrypt/decrypt}): RSA
 * OAEP (MGF1 with the same hash, the salt as the label) and RSA PKCS#1 v1.5, with Bouncy Castle's
 * {@code OAEPEncoding} / {@code PKCS1Encoding} over {@code RSABlindedEngine}. Vectors: {@code iov{key, alg}},
 * {@code input}, [{@code salt}] in; {@code output} out.
 */
final class AsymEncryptService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_HANDLE = PsaStatus.INVALID_HANDLE.value();
    private static final int INVALID_PADDING = PsaStatus.INVALID_PADDING.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();

    private final KeyStore keys;
    private final SecureRandom random;

    AsymEncryptService(KeyStore keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    int serve(CryptoFunction function, CryptoRequest r) {
        switch (function) {
            case ASYMMETRIC_ENCRYPT:
                return crypt(r, true);
            case ASYMMETRIC_DECRYPT:
                return crypt(r, false);
            default:
                return NOT_SUPPORTED;
        }
    }

    /**
     * Checks in Mbed TLS's order: a salt with anything but OAEP ({@code INVALID_ARGUMENT}); the key and its policy
     * ({@link KeyUse}); decryption needs a key pair ({@code INVALID_ARGUMENT}); a non-RSA key
     * ({@code NOT_SUPPORTED}); the algorithm ({@code INVALID_ARGUMENT}, or {@code NOT_SUPPORTED} for an OAEP hash
     * this partition lacks); the output buffer against the modulus length when encrypting; a ciphertext not exactly
     * the modulus length ({@code INVALID_ARGUMENT}); then the padding ({@code INVALID_PADDING}).
     */
    private int crypt(CryptoRequest r, boolean encrypt) {
        Algorithm alg = r.iov.alg();
        byte[] salt = r.in(2);
        if (!alg.isRsaOaep() && salt.length != 0) {
            return INVALID_ARGUMENT;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(),
                encrypt ? KeyUsage.ENCRYPT : KeyUsage.DECRYPT, alg);
        if (!use.ok()) {
            return use.status();
        }
        KeyType type = use.slot().attributes.type();
        if (encrypt ? !type.isAsymmetric() : !type.isKeyPair()) {
            return INVALID_ARGUMENT;
        }
        if (!type.isRsa()) {
            return NOT_SUPPORTED;
        }
        AsymmetricBlockCipher cipher;
        if (alg.equals(Algorithm.RSA_PKCS1V15_CRYPT)) {
            cipher = new PKCS1Encoding(new RSABlindedEngine());
        } else if (alg.isRsaOaep()) {
            Algorithm hash = alg.hashOf();
            if (!AsymmetricHashes.isSupported(hash)) {
                return NOT_SUPPORTED;
            }
            cipher = new OAEPEncoding(new RSABlindedEngine(), AsymmetricHashes.digest(hash),
                    AsymmetricHashes.digest(hash), salt);
        } else {
            return INVALID_ARGUMENT;
        }
        AsymmetricKey key = AsymmetricKeys.of(use.slot());
        if (key == null) {
            return INVALID_HANDLE;
        }
        byte[] input = r.in(1);
        if (encrypt && r.outSize(0) < key.modulusBytes) {
            return BUFFER_TOO_SMALL;
        }
        if (!encrypt && input.length != key.modulusBytes) {
            return INVALID_ARGUMENT;
        }
        byte[] output;
        try {
            cipher.init(encrypt, new ParametersWithRandom(encrypt ? key.publicKey : key.privateKey, random));
            output = cipher.processBlock(input, 0, input.length);
        } catch (DataLengthException tooLong) {
            return INVALID_ARGUMENT; // a message too long for the padding, or a ciphertext >= n
        } catch (InvalidCipherTextException badPadding) {
            return INVALID_PADDING;
        }
        try {
            if (r.outSize(0) < output.length) {
                return BUFFER_TOO_SMALL;
            }
            r.write(0, output);
            return SUCCESS;
        } finally {
            if (!encrypt) {
                Arrays.fill(output, (byte) 0);
            }
        }
    }
}
