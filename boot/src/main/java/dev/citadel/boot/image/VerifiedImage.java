package dev.citadel.boot.image;

import dev.citadel.boot.keys.KeyType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What verification established about an image. Security counter and dependencies come from the protected area
 * only; their policy (rollback, dependency checks) is the bootloader's.
 *
 * @param hash the image hash (the hash TLV's value, which equals the computed one)
 * @param signerKeyHash the signing key's hash under {@code hashAlgorithm} (what a KEYHASH holds); empty when the
 *     image was checked without a signature
 * @param signerType null when the image was checked without a signature
 * @param imageSize header, payload and both TLV areas
 */
public record VerifiedImage(ImageHeader header, HashAlgorithm hashAlgorithm, byte[] hash, byte[] signerKeyHash,
        KeyType signerType, OptionalLong securityCounter, List<ImageDependency> dependencies,
        Optional<byte[]> bootRecord, long imageSize) {

    public VerifiedImage {
        hash = hash.clone();
        signerKeyHash = signerKeyHash.clone();
        dependencies = List.copyOf(dependencies);
        bootRecord = bootRecord.map(byte[]::clone);
    }

    public ImageVersion version() {
        return header.version();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public byte[] signerKeyHash() {
        return signerKeyHash.clone();
    }

    @Override
    public Optional<byte[]> bootRecord() {
        return bootRecord.map(byte[]::clone);
    }

    public boolean signed() {
        return signerType != null;
    }
}
