package dev.citadel.cli;

import java.util.HexFormat;

/** Parses numbers and byte strings as users type them. */
final class Hex {
    private Hex() {}

    /** Decimal, or hex with {@code 0x}; may be negative. */
    static int parseInt(String s, String what) {
        try {
            long v = Long.decode(s.trim());
            if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
                throw new UserException(what + " '" + s + "' does not fit in 32 bits", Main.USAGE);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new UserException(what + " '" + s + "' is not a number", Main.USAGE);
        }
    }

    static byte[] parseBytes(String s, String what) {
        String h = s.startsWith("0x") ? s.substring(2) : s;
        try {
            return HexFormat.of().parseHex(h.replace(":", ""));
        } catch (IllegalArgumentException e) {
            throw new UserException(what + " '" + s + "' is not an even number of hex digits", Main.USAGE);
        }
    }
}
