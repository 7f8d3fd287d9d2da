package dev.citadel.boot.image;

import dev.citadel.psa.cbor.CborEncoder;
import dev.citadel.psa.cbor.CborException;
import dev.citadel.psa.cbor.CborMapBuilder;
import dev.citadel.psa.cbor.CborReader;
import dev.citadel.psa.cbor.MajorType;
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

    /** Canonical CBOR, byte for byte what imgtool's cbor2 writes: the claims in the order above. */
    public byte[] encode() {
        return CborMapBuilder.inInsertionOrder()
                .put(TYPE, CborEncoder.text(swType))
                .put(VERSION, CborEncoder.text(version))
                .put(SIGNER_ID, CborEncoder.bytes(signerId))
                .put(MEASUREMENT_DESCRIPTION, CborEncoder.text(measurementDescription))
                .put(MEASUREMENT_VALUE, CborEncoder.bytes(measurementValue))
                .build();
    }

    /**
     * Decodes a record: a definite-length map with unsigned keys and text or byte-string values. Missing claims
     * are empty; unknown keys are skipped.
     *
     * @throws IllegalArgumentException if it is not such a map, or has bytes after it; the message says why
     */
    public static BootRecord decode(byte[] cbor) {
        try {
            return read(new CborReader(cbor));
        } catch (CborException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static BootRecord read(CborReader r) throws CborException {
        String type = "";
        String version = "";
        String desc = "";
        byte[] signer = new byte[0];
        byte[] value = new byte[0];
        for (int n = r.readMapHeader(); n > 0; n--) {
            long key = r.readUnsigned();
            MajorType major = r.peekType();
            if (major != MajorType.BYTE_STRING && major != MajorType.TEXT_STRING) {
                throw new CborException("boot record value of claim " + key + " is not a string");
            }
            byte[] v = major == MajorType.BYTE_STRING ? r.readBytes()
                    : r.readText().getBytes(StandardCharsets.UTF_8);
            if (key == TYPE) {
                type = new String(v, StandardCharsets.UTF_8);
            } else if (key == VERSION) {
                version = new String(v, StandardCharsets.UTF_8);
            } else if (key == MEASUREMENT_DESCRIPTION) {
                desc = new String(v, StandardCharsets.UTF_8);
            } else if (key == SIGNER_ID) {
                signer = v;
            } else if (key == MEASUREMENT_VALUE) {
                value = v;
            }
        }
        r.expectEnd();
        return new BootRecord(type, version, signer, desc, value);
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
