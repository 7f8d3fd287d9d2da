package dev.citadel.ota;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A GetStream request of the MQTT stream protocol (CBOR keys {@code c} client token, {@code f} file id, {@code l}
 * block size, {@code o} first block, {@code b} bitmap, {@code n} number of blocks): the blocks whose bits are set,
 * bit {@code k} of the bitmap (byte {@code k >> 3}, mask {@code 1 << (k & 7)}) standing for block {@code o + k}.
 */
public record GetStreamRequest(String clientToken, int fileId, int blockSize, int blockOffset, byte[] bitmap,
        int numBlocks) {
    /** The largest block a request may ask for; the device's receive buffer bounds it. */
    public static final int MAX_BLOCK_SIZE = 128 * 1024;

    public GetStreamRequest {
        Objects.requireNonNull(clientToken, "clientToken");
        bitmap = bitmap.clone();
    }

    @Override
    public byte[] bitmap() {
        return bitmap.clone();
    }

    /** Whether block {@code blockOffset + k} is asked for. */
    public boolean asks(int k) {
        return k >= 0 && k >> 3 < bitmap.length && (bitmap[k >> 3] & 1 << (k & 7)) != 0;
    }

    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c", clientToken);
        m.put("f", fileId);
        m.put("l", blockSize);
        m.put("o", blockOffset);
        m.put("b", bitmap);
        m.put("n", numBlocks);
        return Cbor.encode(m);
    }

    /** @throws StreamFormatException if a key is missing, of the wrong type or out of range */
    public static GetStreamRequest decode(byte[] cbor) throws StreamFormatException {
        Map<String, Object> m = Cbor.decode(cbor);
        String token = m.get("c") instanceof String s ? s : "";
        int size = StreamFields.uint(m, "l", MAX_BLOCK_SIZE);
        if (size == 0) {
            throw new StreamFormatException("block size 0");
        }
        return new GetStreamRequest(token, StreamFields.uint(m, "f", Integer.MAX_VALUE), size,
                StreamFields.uint(m, "o", Integer.MAX_VALUE), StreamFields.bytes(m, "b"),
                StreamFields.uint(m, "n", Integer.MAX_VALUE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GetStreamRequest r && clientToken.equals(r.clientToken) && fileId == r.fileId
                && blockSize == r.blockSize && blockOffset == r.blockOffset && Arrays.equals(bitmap, r.bitmap)
                && numBlocks == r.numBlocks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, fileId, blockSize, blockOffset, Arrays.hashCode(bitmap), numBlocks);
    }

    @Override
    public String toString() {
        return "GetStream[file " + fileId + ", " + numBlocks + " blocks of " + blockSize + " from " + blockOffset + "]";
    }
}
