package dev.citadel.psa.cbor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads CBOR items (RFC 8949) one after another from a byte array, strictly: definite lengths only, and every
 * malformed input (a truncated head or string, reserved additional information 28–30, an indefinite length or a
 * stray break, a length or count beyond the bytes left, an integer beyond 64-bit signed range, text that is not
 * UTF-8, nesting deeper than {@value #MAX_DEPTH}) is a {@link CborException} that names the offset and the reason.
 * A length is checked against the bytes left before anything is allocated for it. Arguments need not be in their
 * shortest form: that is well-formed CBOR, only not deterministic. Keys are not interpreted, so refusing a
 * duplicate map key is the caller's part.
 *
 * <p>A reader keeps a position in an array it does not copy; the caller must not change the array while reading.
 */
public final class CborReader {
    /** Deeper nesting than any of the project's formats has is taken for an attack on the recursion. */
    public static final int MAX_DEPTH = 16;

    private static final int INDEFINITE = 31;

    private final byte[] in;
    private int pos;

    public CborReader(byte[] input) {
        this.in = input;
    }

    /**
     * Checks that {@code data} is exactly one well-formed item of definite length (nested items included).
     *
     * @throws CborException if it is not, or bytes follow it
     */
    public static void checkOneItem(byte[] data) throws CborException {
        CborReader r = new CborReader(data);
        r.skip();
        r.expectEnd();
    }

    /** The offset of the next item. */
    public int position() {
        return pos;
    }

    public int remaining() {
        return in.length - pos;
    }

    /** The major type of the next item, without reading it. */
    public MajorType peekType() throws CborException {
        need(1, "an item");
        return MajorType.ofInitialByte(in[pos]);
    }

    /** Reads an unsigned integer (major type 0). */
    public long readUnsigned() throws CborException {
        int at = pos;
        long n = argument(MajorType.UNSIGNED_INTEGER);
        if (n < 0) {
            throw new CborException("an unsigned integer of " + Long.toUnsignedString(n) + " at offset " + at
                    + " is beyond 2^63-1");
        }
        return n;
    }

    /** Reads an integer of either sign (major type 0 or 1). */
    public long readInteger() throws CborException {
        if (peekType() != MajorType.NEGATIVE_INTEGER) {
            return readUnsigned();
        }
        int at = pos;
        long n = argument(MajorType.NEGATIVE_INTEGER);
        if (n < 0) {
            throw new CborException("a negative integer of -1-" + Long.toUnsignedString(n) + " at offset " + at
                    + " is below -2^63");
        }
        return -1 - n;
    }

    /** Reads a byte string. */
    public byte[] readBytes() throws CborException {
        return content(MajorType.BYTE_STRING);
    }

    /** Reads a text string, refusing bytes that are not UTF-8. */
    public String readText() throws CborException {
        int at = pos;
        byte[] utf8 = content(MajorType.TEXT_STRING);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new CborException("the text string at offset " + at + " is not UTF-8");
        }
    }

    /** Reads an array's head; its items follow. */
    public int readArrayHeader() throws CborException {
        return count(MajorType.ARRAY, 1);
    }

    /** Reads a map's head: the number of key-value pairs that follow. */
    public int readMapHeader() throws CborException {
        return count(MajorType.MAP, 2);
    }

    /** Reads a tag number; the tagged item follows. */
    public long readTag() throws CborException {
        int at = pos;
        long tag = argument(MajorType.TAG);
        if (tag < 0) {
            throw new CborException("tag " + Long.toUnsignedString(tag) + " at offset " + at + " is beyond 2^63-1");
        }
        return tag;
    }

    /** Reads past the next item, whatever its type, checking that it is well formed. */
    public void skip() throws CborException {
        skip(0);
    }

    /**
     * Checks that nothing follows what was read.
     *
     * @throws CborException naming how many bytes follow
     */
    public void expectEnd() throws CborException {
        if (pos != in.length) {
            throw new CborException((in.length - pos) + " bytes after the CBOR item, at offset " + pos);
        }
    }

    private void skip(int depth) throws CborException {
        if (depth > MAX_DEPTH) {
            throw new CborException("CBOR nested more than " + MAX_DEPTH + " deep at offset " + pos);
        }
        MajorType type = peekType();
        switch (type) {
            case UNSIGNED_INTEGER, NEGATIVE_INTEGER, SIMPLE_OR_FLOAT -> argument(type);
            case BYTE_STRING, TEXT_STRING -> {
                int n = length(type); // read before pos: the head moves it
                pos += n;
            }
            case ARRAY, MAP -> {
                int items = type == MajorType.MAP ? 2 * count(type, 2) : count(type, 1);
                for (int i = 0; i < items; i++) {
                    skip(depth + 1);
                }
            }
            case TAG -> {
                argument(type);
                skip(depth + 1);
            }
        }
    }

    /** Reads a string's head and content. */
    private byte[] content(MajorType type) throws CborException {
        int n = length(type);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    /** Reads a string's head; its length is checked against the bytes left. */
    private int length(MajorType type) throws CborException {
        int at = pos;
        long n = argument(type);
        if (n < 0 || n > remaining()) { // n < 0: a length of 2^63 or more
            throw new CborException(type.description() + " of " + Long.toUnsignedString(n) + " bytes at offset " + at
                    + ", " + remaining() + " left");
        }
        return (int) n;
    }

    /** Reads an array's or map's head; every item takes at least a byte, so the count is checked against that. */
    private int count(MajorType type, int itemsPerEntry) throws CborException {
        int at = pos;
        long n = argument(type);
        if (n < 0 || n > remaining() / itemsPerEntry) {
            throw new CborException(type.description() + " of " + Long.toUnsignedString(n)
                    + (itemsPerEntry == 2 ? " pairs" : " items") + " at offset " + at + " cannot fit in the "
                    + remaining() + " bytes left");
        }
        return (int) n;
    }

    /**
     * Reads the head of an item of major type {@code expected}: its argument, as 64 unsigned bits (negative when
     * 2^63 or more). A float's argument is its bits.
     */
    private long argument(MajorType expected) throws CborException {
        int at = pos;
        MajorType type = peekType();
        if (type != expected) {
            throw new CborException(type.description() + " at offset " + at + " where " + expected.description()
                    + " is expected");
        }
        int info = in[pos] & 0x1F;
        if (info < 24) {
            pos++;
            return info;
        }
        if (info == INDEFINITE) {
            throw new CborException(switch (type) {
                case BYTE_STRING, TEXT_STRING, ARRAY, MAP -> "indefinite-length " + type.noun() + " at offset " + at
                        + "; only definite lengths are read";
                case SIMPLE_OR_FLOAT -> "a break (0xff) at offset " + at + " outside an indefinite-length item";
                default -> "indefinite length (additional information 31) on " + type.description()
                        + " at offset " + at + " is not well-formed";
            });
        }
        if (info > 27) {
            throw new CborException("reserved additional information " + info + " at offset " + at);
        }
        int size = 1 << (info - 24);
        need(1 + size, "a head");
        pos++;
        long n = 0;
        for (int i = 0; i < size; i++) {
            n = n << 8 | (in[pos++] & 0xFF);
        }
        if (type == MajorType.SIMPLE_OR_FLOAT && size == 1 && n < 32) {
            throw new CborException("simple value " + n + " in the two-byte form at offset " + at
                    + " is not well-formed (RFC 8949 §3.3)");
        }
        return n;
    }

    private void need(int n, String what) throws CborException {
        if (remaining() < n) {
            throw new CborException("the CBOR input ends early: " + what + " at offset " + pos + " needs " + n
                    + (n == 1 ? " byte, " : " bytes, ") + remaining() + " left");
        }
    }
}
