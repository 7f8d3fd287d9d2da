package dev.citadel.boot.image;

import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.keys.ImageSigningKey;
import java.util.List;

/**
 * What {@code imgtool sign} takes, as one value. Build with {@link #builder()}; the builder checks each option as
 * imgtool does.
 *
 * @param key null for an image with a hash and no signature
 * @param securityCounter null for none; see {@link Builder#securityCounterAuto()}
 * @param slotSize 0 skips the fit check (imgtool too), and then padding is impossible
 * @param publicKeyFull PUBKEY (imgtool {@code --public-key-format full}) instead of KEYHASH
 * @param hash null: the key's default (SHA-256 without a key)
 * @param bootRecordType null for no BOOT_RECORD
 */
public record SignOptions(ImageSigningKey key, boolean publicKeyFull, ImageVersion version, int headerSize,
        boolean padHeader, long slotSize, boolean pad, boolean confirm, TrailerLayout trailer, Long securityCounter,
        boolean securityCounterAuto, List<ImageDependency> dependencies, String bootRecordType, int erasedValue,
        long loadAddr, Long romFixed, boolean nonBootable, HashAlgorithm hash) {

    public SignOptions {
        dependencies = List.copyOf(dependencies);
    }

    public ImagePublicKey publicKey() {
        return key == null ? null : key.publicKey();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects options; {@link #build} validates their combination. */
    public static final class Builder {
        private ImageSigningKey key;
        private boolean publicKeyFull;
        private ImageVersion version;
        private int headerSize = -1;
        private boolean padHeader;
        private long slotSize;
        private boolean pad;
        private boolean confirm;
        private int align = 1;
        private Integer maxAlign;
        private Integer maxSectors;
        private boolean overwriteOnly;
        private Long securityCounter;
        private boolean securityCounterAuto;
        private List<ImageDependency> dependencies = List.of();
        private String bootRecordType;
        private int erasedValue = 0xFF;
        private long loadAddr;
        private Long romFixed;
        private boolean nonBootable;
        private HashAlgorithm hash;

        private Builder() {}

        public Builder key(ImageSigningKey k) {
            key = k;
            return this;
        }

        public Builder publicKeyFull(boolean full) {
            publicKeyFull = full;
            return this;
        }

        public Builder version(ImageVersion v) {
            version = v;
            return this;
        }

        public Builder headerSize(int n) {
            headerSize = n;
            return this;
        }

        public Builder padHeader(boolean b) {
            padHeader = b;
            return this;
        }

        public Builder slotSize(long n) {
            slotSize = n;
            return this;
        }

        public Builder pad(boolean b) {
            pad = b;
            return this;
        }

        /** Marks the image confirmed (image_ok); implies padding, as in imgtool. */
        public Builder confirm(boolean b) {
            confirm = b;
            return this;
        }

        public Builder align(int n) {
            align = n;
            return this;
        }

        public Builder maxAlign(Integer n) {
            maxAlign = n;
            return this;
        }

        public Builder maxSectors(Integer n) {
            maxSectors = n;
            return this;
        }

        public Builder overwriteOnly(boolean b) {
            overwriteOnly = b;
            return this;
        }

        public Builder securityCounter(long n) {
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("security counter must be a u32, got " + n);
            }
            securityCounter = n;
            securityCounterAuto = false;
            return this;
        }

        /** imgtool's {@code -s auto}: derived from the version. */
        public Builder securityCounterAuto() {
            securityCounter = null;
            securityCounterAuto = true;
            return this;
        }

        public Builder dependencies(List<ImageDependency> deps) {
            dependencies = List.copyOf(deps);
            return this;
        }

        public Builder bootRecord(String swType) {
            bootRecordType = swType;
            return this;
        }

        public Builder erasedValue(int v) {
            erasedValue = v;
            return this;
        }

        public Builder loadAddr(long a) {
            loadAddr = a;
            return this;
        }

        public Builder romFixed(Long a) {
            romFixed = a;
            return this;
        }

        public Builder nonBootable(boolean b) {
            nonBootable = b;
            return this;
        }

        public Builder hash(HashAlgorithm h) {
            hash = h;
            return this;
        }

        /** @throws IllegalArgumentException with a one-line message for the first invalid option */
        public SignOptions build() {
            if (version == null) {
                throw new IllegalArgumentException("a version is required");
            }
            if (headerSize < ImageHeader.SIZE || headerSize > 0xFFFF) {
                throw new IllegalArgumentException(headerSize < ImageHeader.SIZE
                        ? "minimum value for the header size is 32" : "header size must fit 16 bits");
            }
            if (slotSize < 0) {
                throw new IllegalArgumentException("slot size must not be negative");
            }
            if (erasedValue != 0 && erasedValue != 0xFF) {
                throw new IllegalArgumentException("erased value must be 0 or 0xff");
            }
            if (loadAddr != 0 && romFixed != null) {
                throw new IllegalArgumentException("cannot set rom-fixed and load-addr at the same time");
            }
            if (loadAddr < 0 || loadAddr > 0xFFFF_FFFFL || (romFixed != null && (romFixed < 0 || romFixed > 0xFFFF_FFFFL))) {
                throw new IllegalArgumentException("addresses must fit 32 bits");
            }
            if (bootRecordType != null && bootRecordType.length() > BootRecord.MAX_SW_TYPE_LENGTH) {
                throw new IllegalArgumentException("'" + bootRecordType + "' is too long ("
                        + bootRecordType.length() + " characters) for sw_type; its maximum is 12");
            }
            if (hash != null && key != null && !key.allows(hash)) {
                throw new IllegalArgumentException("a " + key.type().imgtoolName() + " key cannot be used with "
                        + hash.measurementDescription());
            }
            boolean padded = pad || confirm;
            if (padded && slotSize == 0) {
                throw new IllegalArgumentException("padding needs a slot size");
            }
            TrailerLayout trailer = TrailerLayout.of(align, maxAlign, maxSectors, overwriteOnly);
            return new SignOptions(key, publicKeyFull, version, headerSize, padHeader, slotSize, padded, confirm,
                    trailer, securityCounter, securityCounterAuto, dependencies, bootRecordType, erasedValue,
                    loadAddr, romFixed, nonBootable, hash);
        }
    }
}
