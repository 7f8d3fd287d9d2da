package dev.citadel.boot.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The image hash algorithms, each with its hash TLV. */
public enum HashAlgorithm {
    SHA256("SHA-256", 32, TlvType.SHA256, "SHA256"),
    SHA384("SHA-384", 48, TlvType.SHA384, "SHA384"),
    SHA512("SHA-512", 64, TlvType.SHA512, "SHA512");

    private final String jcaName;
    private final int length;
    private final TlvType tlv;
    private final String measurementDescription;

    HashAlgorithm(String jcaName, int length, TlvType tlv, String measurementDescription) {
        this.jcaName = jcaName;
        this.length = length;
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
