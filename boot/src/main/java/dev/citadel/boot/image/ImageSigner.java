package dev.citadel.boot.image;

import dev.citadel.boot.keys.ImagePublicKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes an MCUboot image from a binary, byte for byte as {@code imgtool sign} does: header, payload, protected
 * TLVs (SEC_CNT, BOOT_RECORD, DEPENDENCY in that order), then the unprotected hash, key and signature TLVs, and,
 * when asked, padding to the slot with the trailer's magic (and image_ok).
 */
public final class ImageSigner {
    private final SecureRandom random;

    /** @param random salt for RSA-PSS signatures (ECDSA and Ed25519 signatures are deterministic) */
    public ImageSigner(SecureRandom random) {
        this.random = random;
    }

    public byte[] sign(byte[] input, SignOptions o) throws ImageSignException {
        int hdr = o.headerSize();
        byte[] payload;
        if (o.padHeader()) {
            payload = new byte[hdr + input.length];
            Arrays.fill(payload, 0, hdr, (byte) o.erasedValue());
            System.arraycopy(input, 0, payload, hdr, input.length);
        } else {
            if (input.length < hdr) {
                throw new ImageSignException("input (" + input.length + " bytes) is shorter than the "
                        + hdr + "-byte header it should start with; use --pad-header");
            }
            for (int i = 0; i < hdr; i++) {
                if (input[i] != 0) {
                    throw new ImageSignException(
                            "Header padding was not requested and image does not start with zeros");
                }
            }
            payload = input;
        }
        long imageSize = payload.length - (long) hdr;

        HashAlgorithm alg = o.hash() != null ? o.hash()
                : o.key() != null ? o.key().type().defaultHash() : HashAlgorithm.SHA256;
        ImagePublicKey pub = o.publicKey();
        // imgtool puts a 32-byte zero signer ID into the boot record of an unsigned image
        byte[] keyHash = pub != null ? pub.hash(alg) : new byte[HashAlgorithm.SHA256.length()];

        List<Tlv> prot = new ArrayList<>();
        Long counter = o.securityCounterAuto() ? Long.valueOf(o.version().autoSecurityCounter())
                : o.securityCounter();
        if (counter != null) {
            prot.add(new Tlv(TlvType.SEC_CNT, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) (long) counter).array()));
        }
        if (o.bootRecordType() != null) {
            prot.add(new Tlv(TlvType.BOOT_RECORD,
                    BootRecord.forSigning(o.bootRecordType(), o.version(), keyHash, alg).encode()));
        }
        for (ImageDependency d : o.dependencies()) {
            prot.add(new Tlv(TlvType.DEPENDENCY, d.encode()));
        }
        byte[] protBytes = new TlvArea(TlvArea.PROT_INFO_MAGIC, prot).encode();

        int flags = 0;
        if (o.loadAddr() != 0) {
            flags |= ImageFlag.RAM_LOAD.mask();
        }
        boolean romFixed = o.romFixed() != null && o.romFixed() != 0;
        if (romFixed) {
            flags |= ImageFlag.ROM_FIXED.mask();
        }
        if (o.nonBootable()) {
            flags |= ImageFlag.NON_BOOTABLE.mask();
        }
        if (imageSize > 0xFFFF_FFFFL) {
            throw new ImageSignException("payload larger than 4 GiB");
        }
        ImageHeader header = new ImageHeader(ImageHeader.MAGIC, romFixed ? o.romFixed() : o.loadAddr(), hdr,
                protBytes.length, imageSize, flags, o.version());

        ByteArrayOutputStream image = new ByteArrayOutputStream(payload.length + protBytes.length + 512);
        image.writeBytes(header.encode());
        image.write(payload, ImageHeader.SIZE, payload.length - ImageHeader.SIZE);
        image.writeBytes(protBytes);
        byte[] digest = alg.digest(image.toByteArray());

        List<Tlv> unprot = new ArrayList<>();
        unprot.add(new Tlv(alg.tlv(), digest));
        if (o.key() != null) {
            unprot.add(o.publicKeyFull() ? new Tlv(TlvType.PUBKEY, pub.raw()) : new Tlv(TlvType.KEYHASH, keyHash));
            unprot.add(new Tlv(o.key().type().signatureTlv(), o.key().sign(digest, random)));
        }
        image.writeBytes(new TlvArea(TlvArea.INFO_MAGIC, unprot).encode());
        byte[] out = image.toByteArray();

        if (o.slotSize() > 0) {
            int tsize = o.trailer().size();
            if (out.length + (long) tsize > o.slotSize()) {
                throw new ImageSignException(String.format(
                        "Image size (0x%x) + trailer (0x%x) exceeds requested size 0x%x", out.length, tsize,
                        o.slotSize()));
            }
        }
        if (o.pad()) {
            byte[] slot = Arrays.copyOf(out, (int) o.slotSize());
            o.trailer().writePadded(slot, out.length, (byte) o.erasedValue(), o.confirm());
            return slot;
        }
        return out;
    }
}
