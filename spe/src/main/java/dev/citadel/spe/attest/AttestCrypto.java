package dev.citadel.spe.attest;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.PackIovec;

/**
 * The attestation partition's calls to the Crypto partition, made as partition 261 through the SPM (TF-M's
 * {@code attest_asymmetric_key.c}, {@code attest_symmetric_key.c} and t_cose's PSA crypto adapter): the IAK's
 * attributes, its public key and {@code psa_sign_hash} with it; for a symmetric IAK, {@code psa_export_key} (only to
 * hash it for the instance ID, as TF-M does) and {@code psa_mac_compute}. An ECC private key never leaves the Crypto
 * partition.
 */
final class AttestCrypto {
    /** {@code TFM_BUILTIN_KEY_ID_IAK}. */
    static final int IAK = 0x7FFF815D;

    private final PsaClient spm;

    AttestCrypto(PsaClient spm) {
        this.spm = spm;
    }

    /**
     * The COSE algorithm of the IAK, from its attributes: an ECC secp-r1 key pair of 256, 384 or 521 bits (ES256,
     * ES384, ES512), or a 256-bit HMAC key (HMAC 256/256, TF-M's {@code SYMMETRIC_INITIAL_ATTESTATION}).
     *
     * @throws AttestException {@code GENERIC_ERROR} if there is no IAK or it is of another kind
     */
    CoseAlgorithm algorithm() throws AttestException {
        OutVec out = OutVec.allocate(KeyAttributes.CLIENT_WIRE_SIZE);
        int status = call(PackIovec.builder(CryptoFunction.GET_KEY_ATTRIBUTES).keyId(IAK).build(), out);
        if (status != 0 || out.length() != KeyAttributes.CLIENT_WIRE_SIZE) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "the IAK's attributes: " + PsaStatus.describe(status));
        }
        KeyAttributes a = KeyAttributes.fromClientWire(out.toByteArray());
        if (a.type().equals(KeyType.HMAC) && a.bits() == 256) {
            return CoseAlgorithm.HMAC_256_256;
        }
        if (!a.type().equals(KeyType.eccKeyPair(EccFamily.SECP_R1))) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "the IAK is not a secp-r1 key pair: " + a.type());
        }
        return CoseAlgorithm.forCurveBits(a.bits()).orElseThrow(() -> new AttestException(PsaStatus.GENERIC_ERROR,
                "no COSE algorithm for a " + a.bits() + "-bit IAK"));
    }

    /** {@code psa_export_public_key(IAK)}: the uncompressed point {@code 04 || x || y}. */
    byte[] publicKey(CoseAlgorithm alg) throws AttestException {
        int size = 1 + 2 * alg.coordinateSize();
        OutVec out = OutVec.allocate(size);
        int status = call(PackIovec.builder(CryptoFunction.EXPORT_PUBLIC_KEY).keyId(IAK).build(), out);
        if (status != 0 || out.length() != size) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "the IAK's public key: " + PsaStatus.describe(status));
        }
        return out.toByteArray();
    }

    /** {@code psa_export_key(IAK)} of a symmetric IAK: the raw key, for the instance ID only. */
    byte[] exportSymmetricKey(CoseAlgorithm alg) throws AttestException {
        OutVec out = OutVec.allocate(alg.coordinateSize());
        int status = call(PackIovec.builder(CryptoFunction.EXPORT_KEY).keyId(IAK).build(), out);
        if (status != 0 || out.length() != alg.coordinateSize()) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "the symmetric IAK: " + PsaStatus.describe(status));
        }
        return out.toByteArray();
    }

    /** {@code psa_mac_compute(IAK, HMAC(SHA-256), data)}: the tag of a COSE_Mac0. */
    byte[] macCompute(CoseAlgorithm alg, byte[] data) throws AttestException {
        if (alg != CoseAlgorithm.HMAC_256_256) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "no MAC with " + alg);
        }
        OutVec out = OutVec.allocate(alg.signatureSize());
        int status = spm.call(TfmService.CRYPTO.handle(), Psa.IPC_CALL, new InVec[] {
            InVec.of(PackIovec.builder(CryptoFunction.MAC_COMPUTE).keyId(IAK).alg(Algorithm.hmac(Algorithm.SHA_256))
                    .build().encode()),
            InVec.of(data)}, new OutVec[] {out});
        if (status != 0 || out.length() != alg.signatureSize()) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "MAC with the IAK: " + PsaStatus.describe(status));
        }
        return out.toByteArray();
    }

    /** {@code psa_sign_hash(IAK, ECDSA(hash), hash)}: the raw {@code r || s}. */
    byte[] signHash(CoseAlgorithm alg, byte[] hash) throws AttestException {
        OutVec out = OutVec.allocate(alg.signatureSize());
        Algorithm ecdsa = Algorithm.ecdsa(switch (alg) {
            case ES256 -> Algorithm.SHA_256;
            case ES384 -> Algorithm.SHA_384;
            case ES512 -> Algorithm.SHA_512;
            default -> throw new AttestException(PsaStatus.GENERIC_ERROR, "no signature with " + alg);
        });
        int status = spm.call(TfmService.CRYPTO.handle(), Psa.IPC_CALL, new InVec[] {
            InVec.of(PackIovec.builder(CryptoFunction.ASYMMETRIC_SIGN_HASH).keyId(IAK).alg(ecdsa).build().encode()),
            InVec.of(hash)}, new OutVec[] {out});
        if (status != 0 || out.length() != alg.signatureSize()) {
            throw new AttestException(PsaStatus.GENERIC_ERROR, "signing with the IAK: " + PsaStatus.describe(status));
        }
        return out.toByteArray();
    }

    private int call(PackIovec iov, OutVec out) {
        return spm.call(TfmService.CRYPTO.handle(), Psa.IPC_CALL, new InVec[] {InVec.of(iov.encode())},
                new OutVec[] {out});
    }
}
