package dev.citadel.boot.image;

import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.keys.KeyFormatException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Validates an MCUboot image held in memory, as {@code bootutil_img_validate} does, and reports what it found.
 * Bad input never throws: it gives a {@link VerificationResult.Refused} with its reason.
 *
 * <p>Order: structure first (header against the slot, TLV info headers, every TLV's bounds, which TLVs may appear
 * where and how often), then the hash over header, payload and protected TLVs, then the key and the signature
 * over that hash. Nothing is hashed or parsed beyond a bound that has not been checked.
 *
 * <p>Trust: an image's KEYHASH must match one of the {@linkplain Builder#trustKey trusted keys} (MCUboot's
 * built-in keys); an image's PUBKEY must be a trusted key or hash to one of the {@linkplain Builder#allowKeyHash
 * allowed key hashes} (ROTPK hashes provisioned in OTP, MCUboot's {@code MCUBOOT_HW_KEY}). A key hash is compared
 * under the algorithm its length names (32 bytes SHA-256, 48 SHA-384, 64 SHA-512), in constant time.
 */
public final class ImageVerifier {
    private final long slotSize;
    private final long maxImageSize;
    private final List<ImagePublicKey> trustedKeys;
    private final List<byte[]> allowedKeyHashes;
    private final boolean requireSignature;

    private ImageVerifier(Builder b) {
        this.slotSize = b.slotSize;
        this.maxImageSize = b.maxImageSize;
        this.trustedKeys = List.copyOf(b.trustedKeys);
        this.allowedKeyHashes = b.allowedKeyHashes.stream().map(byte[]::clone).toList();
        this.requireSignature = b.requireSignature;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Verifies the image at the start of {@code data} (the image alone, or its whole slot). */
    public VerificationResult verify(byte[] data) {
        try {
            return new VerificationResult.Valid(check(data));
        } catch (ImageFormatException e) {
            return new VerificationResult.Refused(e.reason(), e.getMessage());
        }
    }

    private VerifiedImage check(byte[] data) throws ImageFormatException {
        long slot = slotSize > 0 ? slotSize : data.length;
        long max = maxImageSize > 0 ? Math.min(maxImageSize, slot) : slot;
        if (data.length >= ImageHeader.SIZE && ImageHeader.decode(data).magic() == ImageHeader.MAGIC) {
            checkFlags(ImageHeader.decode(data)); // before the TLVs: an encrypted image's TLVs are not ours to judge
        }
        ParsedImage p = ParsedImage.parse(data, slot, max);
        Protected prot = readProtected(p.protectedTlvs());
        Tlv hashTlv = checkUnprotected(p.unprotectedArea().tlvs());

        HashAlgorithm alg = HashAlgorithm.forTlv(hashTlv.knownType());
        byte[] hash = alg.digest(data, 0, (int) p.header().hashedLength());
        if (!MessageDigest.isEqual(hash, hashTlv.value())) {
            throw new ImageFormatException(Refusal.HASH_MISMATCH, alg.measurementDescription()
                    + " of header, payload and protected TLVs is " + hex(hash) + ", the image says "
                    + hex(hashTlv.value()));
        }

        ImagePublicKey signer = findSigner(p.unprotectedArea().tlvs(), hash, alg);
        return new VerifiedImage(p.header(), alg, hash, signer == null ? new byte[0] : signer.hash(alg),
                signer == null ? null : signer.type(), prot.securityCounter, prot.dependencies,
                Optional.ofNullable(prot.bootRecord), p.tlvEnd());
    }

    private static void checkFlags(ImageHeader h) throws ImageFormatException {
        List<String> bad = new ArrayList<>();
        for (ImageFlag f : h.flagSet()) {
            if (!f.bootable()) {
                bad.add(f.name());
            }
        }
        int unknown = ImageFlag.unknownBits(h.flags());
        if (unknown != 0) {
            bad.add(String.format("undefined bits 0x%x", unknown));
        }
        if (!bad.isEmpty()) {
            throw new ImageFormatException(Refusal.UNSUPPORTED_FLAGS,
                    "header flags " + String.join(", ", bad) + " are not supported");
        }
    }

    private record Protected(OptionalLong securityCounter, List<ImageDependency> dependencies, byte[] bootRecord) {}

    /** SEC_CNT, DEPENDENCY and BOOT_RECORD are believed only from here, where the hash covers them. */
    private static Protected readProtected(List<Tlv> tlvs) throws ImageFormatException {
        OptionalLong counter = OptionalLong.empty();
        byte[] record = null;
        List<ImageDependency> deps = new ArrayList<>();
        for (Tlv t : tlvs) {
            TlvType type = t.knownType();
            if (type == null) {
                continue; // vendor TLVs are signed data for the application; MCUboot ignores them too
            }
            if (type.area() != TlvType.Area.PROTECTED) {
                throw new ImageFormatException(Refusal.TLV_NOT_ALLOWED,
                        type.imgtoolName() + " TLV may not appear in the protected area");
            }
            checkLength(t, type);
            switch (type) {
                case SEC_CNT -> {
                    if (counter.isPresent()) {
                        throw duplicate(type);
                    }
                    byte[] v = t.value();
                    counter = OptionalLong.of((v[0] & 0xFFL) | (v[1] & 0xFFL) << 8 | (v[2] & 0xFFL) << 16
                            | (v[3] & 0xFFL) << 24);
                }
                case BOOT_RECORD -> {
                    if (record != null) {
                        throw duplicate(type);
                    }
                    record = t.value();
                    try {
                        BootRecord.decode(record);
                    } catch (IllegalArgumentException e) {
                        throw new ImageFormatException(Refusal.TLV_MALFORMED, "BOOT_RECORD: " + e.getMessage());
                    }
                }
                case DEPENDENCY -> deps.add(ImageDependency.decode(t.value()));
                default -> { } // UUIDs are not configured; compression TLVs come with a refused flag
            }
        }
        return new Protected(counter, deps, record);
    }

    /** The unprotected area's allow list and lengths; returns its one hash TLV. */
    private static Tlv checkUnprotected(List<Tlv> tlvs) throws ImageFormatException {
        Tlv hash = null;
        for (Tlv t : tlvs) {
            TlvType type = t.knownType();
            if (type == null || type.area() != TlvType.Area.UNPROTECTED) {
                throw new ImageFormatException(Refusal.TLV_NOT_ALLOWED, String.format(
                        "TLV %s (0x%x) may not appear in the unprotected area", TlvType.nameOf(t.type()), t.type()));
            }
            if (HashAlgorithm.forTlv(type) != null) {
                if (hash != null) {
                    throw duplicate(type);
                }
                checkLength(t, type);
                hash = t;
            }
        }
        if (hash == null) {
            throw new ImageFormatException(Refusal.HASH_MISSING, "the image has no SHA256/SHA384/SHA512 TLV");
        }
        return hash;
    }

    /**
     * Walks the unprotected TLVs as MCUboot does: a KEYHASH or PUBKEY selects the key for the next signature TLV;
     * a signature without a trusted key before it is skipped; one verified signature suffices.
     */
    private ImagePublicKey findSigner(List<Tlv> tlvs, byte[] hash, HashAlgorithm alg) throws ImageFormatException {
        ImagePublicKey current = null;
        ImageFormatException firstProblem = null;
        boolean sawSignature = false;
        ImagePublicKey verified = null;
        for (Tlv t : tlvs) {
            TlvType type = t.knownType();
            switch (type) {
                case KEYHASH -> {
                    current = keyWithHash(t.value());
                    if (current == null && firstProblem == null) {
                        firstProblem = new ImageFormatException(Refusal.KEY_UNKNOWN, "KEYHASH "
                                + hex(t.value()) + " matches none of the " + trustedKeys.size() + " trusted keys");
                    }
                }
                case PUBKEY -> {
                    current = null;
                    try {
                        ImagePublicKey k = ImagePublicKey.fromRaw(t.value());
                        if (allowed(k)) {
                            current = k;
                        } else if (firstProblem == null) {
                            firstProblem = new ImageFormatException(Refusal.KEY_NOT_ALLOWED, "PUBKEY ("
                                    + k.type().imgtoolName() + ", SHA-256 " + hex(k.hash(HashAlgorithm.SHA256))
                                    + ") is neither trusted nor among the allowed key hashes");
                        }
                    } catch (KeyFormatException e) {
                        if (firstProblem == null) {
                            firstProblem = new ImageFormatException(Refusal.KEY_NOT_ALLOWED,
                                    "PUBKEY cannot be used: " + e.getMessage());
                        }
                    }
                }
                case RSA2048_PSS, RSA3072_PSS, ECDSA_SIG, ED25519 -> {
                    sawSignature = true;
                    ImagePublicKey key = current;
                    current = null;
                    if (key == null || verified != null) {
                        continue;
                    }
                    if (key.type().signatureTlv() != type || !key.type().allows(alg)) {
                        if (firstProblem == null) {
                            firstProblem = new ImageFormatException(Refusal.SIGNATURE_TYPE_MISMATCH,
                                    type.imgtoolName() + " signature over " + alg.measurementDescription()
                                            + " does not fit the " + key.type().imgtoolName() + " key before it");
                        }
                    } else if (key.verify(hash, t.value())) {
                        verified = key;
                    } else if (firstProblem == null) {
                        firstProblem = new ImageFormatException(Refusal.BAD_SIGNATURE, type.imgtoolName()
                                + " signature does not verify with the " + key.type().imgtoolName() + " key");
                    }
                }
                default -> { }
            }
        }
        if (verified != null || !requireSignature) {
            return verified;
        }
        if (firstProblem != null) {
            throw firstProblem;
        }
        throw new ImageFormatException(Refusal.SIGNATURE_MISSING, sawSignature
                ? "no KEYHASH or PUBKEY precedes the signature" : "the image carries no signature");
    }

    private ImagePublicKey keyWithHash(byte[] keyHash) {
        HashAlgorithm h = HashAlgorithm.ofLength(keyHash.length);
        ImagePublicKey found = null;
        if (h != null) {
            for (ImagePublicKey k : trustedKeys) {
                if (k.hashMatches(h, keyHash) && found == null) {
                    found = k;
                }
            }
        }
        return found;
    }

    private boolean allowed(ImagePublicKey k) {
        boolean ok = false;
        for (ImagePublicKey t : trustedKeys) {
            ok |= t.equals(k);
        }
        for (byte[] allowedHash : allowedKeyHashes) {
            HashAlgorithm h = HashAlgorithm.ofLength(allowedHash.length);
            ok |= h != null && k.hashMatches(h, allowedHash);
        }
        return ok;
    }

    private static void checkLength(Tlv t, TlvType type) throws ImageFormatException {
        if (type.fixedLength() >= 0 && t.length() != type.fixedLength()) {
            throw new ImageFormatException(Refusal.TLV_MALFORMED, type.imgtoolName() + " TLV has " + t.length()
                    + " bytes, not " + type.fixedLength());
        }
    }

    private static ImageFormatException duplicate(TlvType type) {
        return new ImageFormatException(Refusal.TLV_DUPLICATE, "more than one " + type.imgtoolName() + " TLV");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Configures a verifier. */
    public static final class Builder {
        private long slotSize;
        private long maxImageSize;
        private final List<ImagePublicKey> trustedKeys = new ArrayList<>();
        private final List<byte[]> allowedKeyHashes = new ArrayList<>();
        private boolean requireSignature = true;

        private Builder() {}

        /** The slot's size; 0 (the default) takes the length of the bytes given to {@link #verify}. */
        public Builder slotSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("slot size must not be negative");
            }
            this.slotSize = bytes;
            return this;
        }

        /** Where the TLV area must end at the latest (MCUboot: the slot less its trailer); 0 = the slot size. */
        public Builder maxImageSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maximum image size must not be negative");
            }
            this.maxImageSize = bytes;
            return this;
        }

        /** A key images may name by KEYHASH or carry as PUBKEY (MCUboot's built-in keys). */
        public Builder trustKey(ImagePublicKey key) {
            trustedKeys.add(key);
            return this;
        }

        /** A key hash a PUBKEY may match (a ROTPK hash); 32, 48 or 64 bytes. */
        public Builder allowKeyHash(byte[] keyHash) {
            if (HashAlgorithm.ofLength(keyHash.length) == null) {
                throw new IllegalArgumentException("a key hash has 32, 48 or 64 bytes, not " + keyHash.length);
            }
            allowedKeyHashes.add(keyHash.clone());
            return this;
        }

        /** False checks structure and hash only, as {@code imgtool verify} without a key does. */
        public Builder requireSignature(boolean require) {
            this.requireSignature = require;
            return this;
        }

        public ImageVerifier build() {
            return new ImageVerifier(this);
        }
    }
}
