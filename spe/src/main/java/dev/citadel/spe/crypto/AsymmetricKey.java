package dev.citadel.spe.crypto;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * A key's material parsed once into Bouncy Castle's form, so that no use parses it again. Cached in its
 * {@link KeySlot} and dropped when the key is destroyed.
 */
final class AsymmetricKey {
    /** The curve of an ECC key; null for RSA. */
    final EccCurve curve;
    /** Null for a public key. */
    final AsymmetricKeyParameter privateKey;
    final AsymmetricKeyParameter publicKey;
    /** The public key in {@code psa_export_public_key} format. */
    private final byte[] publicExport;
    /** The RSA modulus length in bytes; 0 for ECC. */
    final int modulusBytes;

    AsymmetricKey(EccCurve curve, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey,
            byte[] publicExport, int modulusBytes) {
        this.curve = curve;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicExport = publicExport;
        this.modulusBytes = modulusBytes;
    }

    byte[] publicExport() {
        return publicExport.clone();
    }

    int publicExportLength() {
        return publicExport.length;
    }

    @Override
    public String toString() {
        return "AsymmetricKey[" + (curve != null ? curve : "RSA") + (privateKey != null ? ", pair" : ", public")
                + "]";
    }
}
