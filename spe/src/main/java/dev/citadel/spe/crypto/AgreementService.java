package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyUsage;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;

/**
 * Key agreement: {@code psa_raw_key_agreement} (function {@code RAW_KEY_AGREEMENT} of the KeyDerivation group:
 * {@code iov{alg, key=private}}, {@code peer_key} in; {@code output} out), and {@link #agree} for
 * {@code psa_key_derivation_key_agreement}. ECDH on secp256r1/384r1/521r1 (Bouncy Castle's
 * {@code ECDHBasicAgreement}; the shared secret is the x-coordinate, {@code ceil(bits/8)} bytes) and X25519 (32
 * bytes). The peer key is in the public-key export format of the private key's curve.
 */
final class AgreementService {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();
    private static final int INVALID_HANDLE = PsaStatus.INVALID_HANDLE.value();
    private static final int BUFFER_TOO_SMALL = PsaStatus.BUFFER_TOO_SMALL.value();
    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();

    private final KeyStore keys;

    AgreementService(KeyStore keys) {
        this.keys = keys;
    }

    /**
     * {@code psa_raw_key_agreement}, checks in Mbed TLS's order: {@code alg} a key agreement
     * ({@code INVALID_ARGUMENT}); the key with {@code DERIVE} and a policy permitting {@code alg} ({@link KeyUse});
     * the output buffer against {@code PSA_RAW_KEY_AGREEMENT_OUTPUT_SIZE} ({@code BUFFER_TOO_SMALL}); a raw
     * agreement, not one combined with a KDF ({@code NOT_SUPPORTED}); then {@link #agree}.
     */
    int rawKeyAgreement(CryptoRequest r) {
        Algorithm alg = r.iov.alg();
        if (!alg.isKeyAgreement()) {
            return INVALID_ARGUMENT;
        }
        KeyUse use = KeyUse.lookup(keys, r.clientId(), r.iov.keyId(), KeyUsage.DERIVE, alg);
        if (!use.ok()) {
            return use.status();
        }
        KeyAttributes a = use.slot().attributes;
        if (r.outSize(0) < CryptoSizes.rawKeyAgreementOutputSize(a.type(), a.bits())) {
            return BUFFER_TOO_SMALL;
        }
        if (!alg.isStandaloneKeyAgreement()) {
            return NOT_SUPPORTED;
        }
        Outcome secret = agree(use.slot(), alg, r.in(1));
        if (!secret.ok()) {
            return secret.status;
        }
        try {
            if (r.outSize(0) < secret.bytes.length) {
                return BUFFER_TOO_SMALL;
            }
            r.write(0, secret.bytes);
            return SUCCESS;
        } finally {
            Arrays.fill(secret.bytes, (byte) 0);
        }
    }

    /**
     * The shared secret of {@code privateKey} (already looked up through {@link KeyUse} with {@code DERIVE}) and
     * {@code peer}, for the key agreement {@code alg} (a standalone one, or its base when combined with a KDF).
     * Failures: FFDH and Ed25519 keys {@code NOT_SUPPORTED}; not ECDH, or not an ECC key pair
     * {@code INVALID_ARGUMENT}; a peer key of the wrong length, not on the curve, or giving the identity or an
     * all-zero X25519 result {@code INVALID_ARGUMENT}; a key destroyed meanwhile {@code INVALID_HANDLE}. The caller
     * zeroes the secret.
     */
    Outcome agree(KeySlot privateKey, Algorithm alg, byte[] peer) {
        if (!alg.isKeyAgreement()) {
            return Outcome.fail(INVALID_ARGUMENT);
        }
        if (alg.isFfdh()) {
            return Outcome.fail(NOT_SUPPORTED);
        }
        KeyAttributes a = privateKey.attributes;
        if (!alg.isEcdh() || !a.type().isEccKeyPair()) {
            return Outcome.fail(INVALID_ARGUMENT);
        }
        AsymmetricKey key = AsymmetricKeys.of(privateKey);
        if (key == null) {
            return Outcome.fail(INVALID_HANDLE);
        }
        switch (key.curve) {
            case CURVE25519:
                return x25519(key, peer);
            case EDWARDS25519:
                return Outcome.fail(NOT_SUPPORTED);
            default:
                return ecdh(key, peer);
        }
    }

    private static Outcome x25519(AsymmetricKey key, byte[] peer) {
        if (peer.length != X25519.POINT_SIZE) {
            return Outcome.fail(INVALID_ARGUMENT);
        }
        byte[] secret = new byte[X25519.POINT_SIZE];
        byte[] scalar = ((X25519PrivateKeyParameters) key.privateKey).getEncoded();
        try {
            // false when the result is all zeros (a small-order peer point), which Mbed TLS refuses
            if (!X25519.calculateAgreement(scalar, 0, peer, 0, secret, 0)) {
                return Outcome.fail(INVALID_ARGUMENT);
            }
            return Outcome.of(secret);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    private static Outcome ecdh(AsymmetricKey key, byte[] peer) {
        ECPublicKeyParameters peerKey;
        try {
            peerKey = new ECPublicKeyParameters(AsymmetricKeys.decodeUncompressed(key.curve, peer),
                    key.curve.domain);
        } catch (IllegalArgumentException invalid) {
            return Outcome.fail(INVALID_ARGUMENT);
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(key.privateKey);
        BigInteger x;
        try {
            x = agreement.calculateAgreement(peerKey);
        } catch (IllegalStateException infinity) {
            return Outcome.fail(INVALID_ARGUMENT);
        }
        return Outcome.of(BigIntegers.asUnsignedByteArray(key.curve.bytes(), x));
    }
}
