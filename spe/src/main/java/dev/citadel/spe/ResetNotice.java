package dev.citadel.spe;

import java.util.OptionalInt;

/**
 * How an SPE process tells whoever started it that a system reset was requested: one line on its standard output,
 * {@code citadel-spe: reset requested by client N}, written and flushed while the Platform partition handles the
 * request, before the caller's reply is sent. The SPE keeps serving; the launcher ({@code citadel boot}) lets the NS
 * application end, stops the SPE and runs BL2 again. The one place that writes and reads the line.
 */
public final class ResetNotice {
    static final String PREFIX = "citadel-spe: reset requested by client ";

    private ResetNotice() {}

    /** The line for a request made by {@code clientId} (a partition ID, or a negative NS client ID). */
    public static String line(int clientId) {
        return PREFIX + clientId;
    }

    /** The requesting client, if {@code line} is a reset notice. */
    public static OptionalInt parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(line.substring(PREFIX.length()).trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
