package dev.citadel.boot.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BOOT_RECORD TLV: a CBOR map of PSA attestation software-component claims, keys in this order: 1 type
 * (text), 4 version (text {@code maj.min.rev}), 5 signer ID (bytes: the key hash), 6 measurement description
 * (text: the hash TLV's name), 2 measurement value (bytes, zero at signing time). The value is last so the
 * bootloader can overwrite the record's final bytes with the image hash.
 */
public record BootRecord(String swType, String version, byte[] signerId, String measurementDescription,
        byte[] measurementValue) {
    /** imgtool's limit on the software type. */
    public static final int MAX_SW_TYPE_LENGTH = 12;

    private static final int TYPE = 1;
    private static final int MEASUREMENT_VALUE = 2;
    private static final int VERSION = 4;
    private static final int SIGNER_ID = 5;
    private static final int MEASUREMENT_DESCRIPTION = 6;

    public BootRecord {
        signerId = signerId.clone();
        measurementValue = measurementValue.clone();
    }

    @Override
    public byte[] signerId() {
        return signerId.clone();
    }

    @Override
    public byte[] measurementValue() {
        return measurementValue.clone();
    }

    /** The record imgtool writes at signing time: measurement value all zeros. */
    public static BootRecord forSigning(String swType, ImageVersion version, byte[] signerId, HashAlgorithm hash) {
        return new BootRecord(swType, version.toShortString(), signerId, hash.measurementDescription(),
                new byte[hash.length()]);
    }

    /** Canonical CBOR, byte for byte what imgtool's cbor2 writes. */
    public byte[] encode() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        head(o, 5, 5);
        head(o, 0, TYPE);
        text(o, swType);
        head(o, 0, VERSION);
        text(o, version);
        head(o, 0, SIGNER_ID);
        head(o, 2, signerId.length);
        o.writeBytes(signerId);
        head(o, 0, MEASUREMENT_DESCRIPTION);
        text(o, measurementDescription);
        head(o, 0, MEASUREMENT_VALUE);
        head(o, 2, measurementValue.length);
        o.writeBytes(measurementValue);
        return o.toByteArray();
    }

    private static void text(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(o, 3, b.length);
        o.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream o, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            o.write(m | (int) n);
        } else if (n <= 0xFF) {
            o.write(m | 24);
            o.write((int) n);
        } else if (n <= 0xFFFF) {
            o.write(m | 25);
            o.write((int) (n >> 8));
            o.write((int) n);
        } else {
            o.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                o.write((int) (n >> s));
            }
        }
    }

    /**
     * Decodes a record: a definite-length map with unsigned keys and text or byte-string values. Missing claims
     * are empty; unknown keys are skipped.
     *
     * @throws IllegalArgumentException if it is not such a map, or has bytes after it
     */
    public static BootRecord decode(byte[] cbor) {
        Reader r = new Reader(cbor);
        long n = r.head(5);
        String type = "";
        String version = "";
        String desc = "";
        byte[] signer = new byte[0];
        byte[] value = new byte[0];
        for (long i = 0; i < n; i++) {
            long key = r.head(0);
            int major = r.peekMajor();
            if (major != 2 && major != 3) {
                throw new IllegalArgumentException("boot record value of claim " + key + " is not a string");
            }
            byte[] v = r.string(major);
            String s = new String(v, StandardCharsets.UTF_8);
            switch ((int) key) {
                case TYPE -> type = s;
                case VERSION -> version = s;
                case MEASUREMENT_DESCRIPTION -> desc = s;
                case SIGNER_ID -> signer = v;
                case MEASUREMENT_VALUE -> value = v;
                default -> { }
            }
        }
        if (r.pos != cbor.length) {
            throw new IllegalArgumentException("bytes after the boot record's CBOR map");
        }
        return new BootRecord(type, version, signer, desc, value);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int peekMajor() {
            need(1);
            return (b[pos] & 0xFF) >> 5;
        }

        long head(int expectedMajor) {
            need(1);
            int ib = b[pos++] & 0xFF;
            if (ib >> 5 != expectedMajor) {
                throw new IllegalArgumentException("unexpected CBOR major type " + (ib >> 5));
            }
            int info = ib & 0x1F;
            if (info < 24) {
                return info;
            }
            int len = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                default -> throw new IllegalArgumentException("unsupported CBOR length encoding " + info);
            };
            need(len);
            long v = 0;
            for (int i = 0; i < len; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        byte[] string(int major) {
            long len = head(major);
            if (len > b.length - pos) {
                throw new IllegalArgumentException("CBOR string runs past the record");
            }
            byte[] v = Arrays.copyOfRange(b, pos, pos + (int) len);
            pos += (int) len;
            return v;
        }

        private void need(int n) {
            if (b.length - pos < n) {
                throw new IllegalArgumentException("boot record ends inside a CBOR item");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootRecord r && r.swType.equals(swType) && r.version.equals(version)
                && Arrays.equals(r.signerId, signerId) && r.measurementDescription.equals(measurementDescription)
                && Arrays.equals(r.measurementValue, measurementValue);
    }

    @Override
    public int hashCode() {
        return swType.hashCode() * 31 + version.hashCode();
    }
}
