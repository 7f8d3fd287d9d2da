package dev.citadel.boot.keys;

import dev.citadel.boot.image.HashAlgorithm;
import dev.citadel.boot.image.TlvType;
import java.util.List;

/**
 * The signing algorithms of MCUboot images, with imgtool's names: its {@code keygen -t} name, the short name its
 * C and Rust key arrays carry, the signature TLV, and the image hash algorithms it allows (first = default).
 */
public enum KeyType {
    ECDSA_P256("ecdsa-p256", "ecdsa", TlvType.ECDSA_SIG, List.of(HashAlgorithm.SHA256)),
    ECDSA_P384("ecdsa-p384", "ecdsap384", TlvType.ECDSA_SIG, List.of(HashAlgorithm.SHA384)),
    ED25519("ed25519", "ed25519", TlvType.ED25519, List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA512)),
    RSA_2048("rsa-2048", "rsa", TlvType.RSA2048_PSS, List.of(HashAlgorithm.SHA256)),
    RSA_3072("rsa-3072", "rsa", TlvType.RSA3072_PSS, List.of(HashAlgorithm.SHA256));

    private final String imgtoolName;
    private final String shortName;
    private final TlvType signatureTlv;
    private final List<HashAlgorithm> hashes;

    KeyType(String imgtoolName, String shortName, TlvType signatureTlv, List<HashAlgorithm> hashes) {
        this.imgtoolName = imgtoolName;
        this.shortName = shortName;
        this.signatureTlv = signatureTlv;
        this.hashes = hashes;
    }

    /** {@code keygen -t} name. */
    public String imgtoolName() {
        return imgtoolName;
    }

    /** Prefix of the C/Rust identifiers {@code getpub} prints. */
    public String shortName() {
        return shortName;
    }

    public TlvType signatureTlv() {
        return signatureTlv;
    }

    /** The image hash algorithm imgtool picks for this key. */
    public HashAlgorithm defaultHash() {
        return hashes.get(0);
    }

    public boolean allows(HashAlgorithm h) {
        return hashes.contains(h);
    }

    public static KeyType ofImgtoolName(String name) {
        for (KeyType t : values()) {
            if (t.imgtoolName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + name + "'");
    }
}
