package dev.citadel.psa.cbor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes single CBOR items (RFC 8949) in the preferred serialization that core deterministic encoding requires
 * (§4.2.1): definite lengths, every argument in its shortest form. Each method returns a new array holding one
 * complete item, so items compose by concatenation: an array or tag takes items already encoded. Maps are built
 * with {@link CborMapBuilder}. Misuse (a negative length, text that is not Unicode) is a programming error and
 * throws {@link IllegalArgumentException}.
 */
public final class CborEncoder {
    private CborEncoder() {}

    /**
     * The head of an item: its major type and argument (a value, length or count) in the shortest of the 0-, 1-,
     * 2-, 4- and 8-byte forms.
     *
     * @param argument below 2^63; no user needs the top half of the 64-bit range, and a negative {@code long} here is
     *     more likely a bug than a wish for it
     */
    public static byte[] head(MajorType major, long argument) {
        if (argument < 0) {
            throw new IllegalArgumentException("a CBOR argument of " + argument + "; arguments here are 0 to 2^63-1");
        }
        int mt = major.number() << 5;
        if (argument < 24) {
            return new byte[] {(byte) (mt | argument)};
        }
        int size = argument < 0x100 ? 1 : argument < 0x1_0000 ? 2 : argument < 0x1_0000_0000L ? 4 : 8;
        byte[] h = new byte[1 + size];
        h[0] = (byte) (mt | (24 + Integer.numberOfTrailingZeros(size)));
        for (int i = 0; i < size; i++) {
            h[size - i] = (byte) (argument >>> (8 * i));
        }
        return h;
    }

    /** An integer of either sign: major type 0 for {@code n ≥ 0}, major type 1 with argument {@code -1 - n} below. */
    public static byte[] integer(long n) {
        return n >= 0 ? head(MajorType.UNSIGNED_INTEGER, n) : head(MajorType.NEGATIVE_INTEGER, -1 - n);
    }

    /** An unsigned integer; refuses a negative {@code n} rather than encode it with the other major type. */
    public static byte[] unsigned(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a negative value (" + n + ") where an unsigned integer is wanted");
        }
        return head(MajorType.UNSIGNED_INTEGER, n);
    }

    public static byte[] bytes(byte[] content) {
        return concat(head(MajorType.BYTE_STRING, content.length), content);
    }

    /** A text string in UTF-8; a string with an unpaired surrogate has no UTF-8 form and is refused. */
    public static byte[] text(String s) {
        byte[] utf8 = utf8(s);
        return concat(head(MajorType.TEXT_STRING, utf8.length), utf8);
    }

    /** An array of items already encoded, in the order given. */
    public static byte[] array(List<byte[]> items) {
        byte[][] parts = new byte[items.size() + 1][];
        parts[0] = head(MajorType.ARRAY, items.size());
        for (int i = 0; i < items.size(); i++) {
            parts[i + 1] = items.get(i);
        }
        return concat(parts);
    }

    /** A tag (RFC 8949 §3.4) on an item already encoded. */
    public static byte[] tag(long tag, byte[] item) {
        return concat(head(MajorType.TAG, tag), item);
    }

    /** The parts one after another: how encoded items become a sequence. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length = Math.addExact(length, p.length);
        }
        byte[] out = new byte[length];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static byte[] utf8(String s) {
        // String.getBytes would put '?' for an unpaired surrogate: a silent change of the text.
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = encoder.encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text with an unpaired surrogate has no UTF-8 encoding", e);
        }
    }
}
