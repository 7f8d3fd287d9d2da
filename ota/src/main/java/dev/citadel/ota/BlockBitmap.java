package dev.citadel.ota;

import java.util.BitSet;

/**
 * Which blocks of a file are still needed. As in the FreeRTOS agent a set bit means "still needed"; a block counts
 * once, however often it arrives. Not thread-safe: the agent's download thread owns it.
 */
public final class BlockBitmap {
    private final int blocks;
    private final BitSet needed;

    public BlockBitmap(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("a file of " + blocks + " blocks");
        }
        this.blocks = blocks;
        this.needed = new BitSet(blocks);
        needed.set(0, blocks);
    }

    /** The blocks of a file of {@code fileSize} bytes cut in blocks of {@code blockSize}. */
    public static int blockCount(long fileSize, int blockSize) {
        return (int) ((fileSize + blockSize - 1) / blockSize);
    }

    public int blocks() {
        return blocks;
    }

    public int remaining() {
        return needed.cardinality();
    }

    public boolean complete() {
        return needed.isEmpty();
    }

    public boolean needs(int block) {
        return block >= 0 && block < blocks && needed.get(block);
    }

    /** Marks {@code block} received; false if it was already (a duplicate) or is out of range. */
    public boolean received(int block) {
        if (!needs(block)) {
            return false;
        }
        needed.clear(block);
        return true;
    }

    /** The first block still needed, or -1. */
    public int firstNeeded() {
        return needed.nextSetBit(0);
    }

    /**
     * The bitmap of a GetStream request for at most {@code max} needed blocks from {@code first} on: bit {@code k}
     * for block {@code first + k}; bits of blocks already received or past the end stay clear.
     */
    public byte[] window(int first, int max) {
        int span = Math.min(blocks - first, windowSpan(first, max));
        byte[] b = new byte[(span + 7) / 8];
        for (int k = 0; k < span; k++) {
            if (needed.get(first + k)) {
                b[k >> 3] |= (byte) (1 << (k & 7));
            }
        }
        return b;
    }

    /** The blocks a window from {@code first} with at most {@code max} needed ones asks for. */
    public int countInWindow(int first, int max) {
        return needed.get(first, first + windowSpan(first, max)).cardinality();
    }

    private int windowSpan(int first, int max) {
        int span = 0;
        int found = 0;
        for (int i = first; i < blocks && found < max; i++, span++) {
            if (needed.get(i)) {
                found++;
            }
        }
        return span;
    }
}
