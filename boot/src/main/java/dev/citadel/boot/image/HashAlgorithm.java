package dev.citadel.boot.image;

import dev.citadel.psa.names.HashName;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The image hash algorithms, each with its hash TLV; JCA names and lengths from the name table. */
public enum HashAlgorithm {
    SHA256(HashName.SHA_256, TlvType.SHA256, "SHA256"),
    SHA384(HashName.SHA_384, TlvType.SHA384, "SHA384"),
    SHA512(HashName.SHA_512, TlvType.SHA512, "SHA512");

    private final String jcaName;
    private final int length;
    private final TlvType tlv;
    private final String measurementDescription;

    HashAlgorithm(HashName name, TlvType tlv, String measurementDescription) {
        this.jcaName = name.jcaName();
        this.length = name.length();
        this.tlv = tlv;
        this.measurementDescription = measurementDescription;
    }

    public int length() {
        return length;
    }

    public TlvType tlv() {
        return tlv;
    }

    /** The text a BOOT_RECORD carries as measurement description (imgtool writes the hash TLV's name). */
    public String measurementDescription() {
        return measurementDescription;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + jcaName, e);
        }
    }

    public byte[] digest(byte[] data, int off, int len) {
        MessageDigest md = newDigest();
        md.update(data, off, len);
        return md.digest();
    }

    public byte[] digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    public static HashAlgorithm forTlv(TlvType t) {
        for (HashAlgorithm h : values()) {
            if (h.tlv == t) {
                return h;
            }
        }
        return null;
    }

    /** The algorithm whose output has this length; null if none. */
    public static HashAlgorithm ofLength(int length) {
        for (HashAlgorithm h : values()) {
            if (h.length == length) {
                return h;
            }
        }
        return null;
    }
}
