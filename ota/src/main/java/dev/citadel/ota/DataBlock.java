package dev.citadel.ota;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A data message of the MQTT stream protocol: CBOR keys {@code f} file id, {@code i} block id, {@code l} length, {@code p} payload. */
public record DataBlock(int fileId, int blockId, int length, byte[] payload) {
    public DataBlock {
        payload = payload.clone();
    }

    /** A block whose declared length is its payload's. */
    public static DataBlock of(int fileId, int blockId, byte[] payload) {
        return new DataBlock(fileId, blockId, payload.length, payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f", fileId);
        m.put("i", blockId);
        m.put("l", length);
        m.put("p", payload);
        return Cbor.encode(m);
    }

    /** @throws StreamFormatException if a key is missing, of the wrong type or out of range */
    public static DataBlock decode(byte[] cbor) throws StreamFormatException {
        Map<String, Object> m = Cbor.decode(cbor);
        return new DataBlock(StreamFields.uint(m, "f", Integer.MAX_VALUE), StreamFields.uint(m, "i", Integer.MAX_VALUE),
                StreamFields.uint(m, "l", Integer.MAX_VALUE), StreamFields.bytes(m, "p"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataBlock b && fileId == b.fileId && blockId == b.blockId && length == b.length
                && Arrays.equals(payload, b.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileId, blockId, length, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "DataBlock[file " + fileId + ", block " + blockId + ", " + payload.length + " bytes]";
    }
}
