package dev.citadel.ota.server;

import java.util.Objects;

/**
 * A fault the server simulates for tests.
 *
 * @param kind what goes wrong
 * @param atBlock the block it concerns: the block corrupted, or how many blocks are sent before the connection drops
 *     (0 for {@link Kind#LOSE_REPORT})
 */
public record Fault(Kind kind, int atBlock) {
    public enum Kind {
        /** After {@code atBlock} blocks sent, the device's connection is dropped (once). */
        DROP_CONNECTION,
        /** Block {@code atBlock} is sent one byte short. */
        TRUNCATE_BLOCK,
        /** Block {@code atBlock} is sent with another file id. */
        WRONG_FILE_ID,
        /** Block {@code atBlock} is sent with one payload bit flipped. */
        FLIP_BIT,
        /** The device's report before install ({@code updatedBy}) is lost on its way to the service (once). */
        LOSE_REPORT
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (atBlock < 0) {
            throw new IllegalArgumentException("block " + atBlock);
        }
    }
}
