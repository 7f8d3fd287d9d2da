package dev.citadel.spe.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.psa.PsaStatus;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItsFlashFsTest {
    static final FlashGeometry SMALL = new FlashGeometry(512, 16, 16);
    static final ItsConfig CONFIG = new ItsConfig(0, 16, 2, 600, 8);
    static final ItsFileId A = new ItsFileId(-1, 1);

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void aFreshAreaIsFormattedAndEmpty() throws Exception {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), CONFIG);
        assertTrue(fs.list().isEmpty());
    }

    @Test
    void filesSurviveARemount() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        fs.write(A, bytes(100, 1), 1);
        fs.write(new ItsFileId(-2, 1), bytes(7, 2), 0);
        ItsFlashFs again = ItsFlashFs.mount(flash, CONFIG);
        assertArrayEquals(bytes(100, 1), again.read(A, 0, 100));
        assertEquals(Optional.of(new ItsFileInfo(100, 1)), again.info(A));
        assertEquals(2, again.list().size());
    }

    @Test
    void removedSpaceIsReused() throws Exception {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), CONFIG);
        for (int round = 0; round < 50; round++) {
            for (int i = 1; i <= 5; i++) {
                fs.write(new ItsFileId(-1, i), bytes(600, i + round), 0);
            }
            for (int i = 1; i <= 5; i++) {
                fs.remove(new ItsFileId(-1, i));
            }
        }
        assertTrue(fs.list().isEmpty());
    }

    @Test
    void aFullTableGivesInsufficientStorage() throws Exception {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), CONFIG);
        for (int i = 1; i <= 8; i++) {
            fs.write(new ItsFileId(-1, i), bytes(10, i), 0);
        }
        ItsException e = assertThrows(ItsException.class, () -> fs.write(new ItsFileId(-1, 9), new byte[1], 0));
        assertEquals(PsaStatus.INSUFFICIENT_STORAGE, e.status());
    }

    @Test
    void fullDataBlocksGiveInsufficientStorage() throws Exception {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), new ItsConfig(0, 16, 2, 1000, 20));
        for (int i = 1; i <= 5; i++) {
            fs.write(new ItsFileId(-1, i), bytes(1000, i), 0);
        }
        ItsException e = assertThrows(ItsException.class, () -> fs.write(new ItsFileId(-1, 6), new byte[100], 0));
        assertEquals(PsaStatus.INSUFFICIENT_STORAGE, e.status());
    }

    @Test
    void anOversizedAssetIsAnInvalidArgument() throws Exception {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), CONFIG);
        ItsException e = assertThrows(ItsException.class, () -> fs.write(A, new byte[601], 0));
        assertEquals(PsaStatus.INVALID_ARGUMENT, e.status());
    }

    @Test
    void corruptMetadataIsReportedAndNeverWiped() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        fs.write(A, bytes(50, 3), 0);
        // Clear bits in both metadata headers: neither block is valid any more.
        flash.program(0, new byte[16]);
        flash.program(1024, new byte[16]);
        byte[] before = flash.read(0, SMALL.size());
        ItsFlashFs broken = ItsFlashFs.mount(flash, CONFIG);
        ItsException e = assertThrows(ItsException.class, () -> broken.info(A));
        assertEquals(PsaStatus.DATA_CORRUPT, e.status());
        assertThrows(ItsException.class, () -> broken.write(A, new byte[1], 0));
        assertArrayEquals(before, flash.read(0, SMALL.size()));
    }

    @Test
    void corruptFileBytesAreReportedOnRead() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        // A second file in the same block: the commit before A's has its copy erased, so it is no fallback.
        fs.write(new ItsFileId(-1, 2), bytes(32, 0x11), 0);
        fs.write(A, bytes(32, 0x7F), 0);
        for (int block = 2; block < 8; block++) {
            byte[] head = flash.read(block * 1024L, 16);
            if (head[0] != (byte) 0xFF) {
                flash.program(block * 1024L, new byte[64]);
            }
        }
        ItsException e = assertThrows(ItsException.class, () -> ItsFlashFs.mount(flash, CONFIG).read(A, 0, 32));
        assertEquals(PsaStatus.DATA_CORRUPT, e.status());
    }

    @Test
    void damageToTheCopyOfAConfirmedCommitIsReportedNotRolledBack() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        fs.write(A, bytes(100, 4), 0);
        // The commit's sync returned, so this is bit rot (or tampering), not a crash: the write was acknowledged and
        // must not silently disappear behind the previous commit. (ItsHostCrashCampaignTest covers the crash case.)
        flash.program(blockHolding(flash, bytes(100, 4)) * 1024L, new byte[16]);
        ItsFlashFs again = ItsFlashFs.mount(flash, CONFIG);
        assertFalse(again.mountedPreviousCommit());
        ItsException e = assertThrows(ItsException.class, () -> again.read(A, 0, 100));
        assertEquals(PsaStatus.DATA_CORRUPT, e.status());
    }

    @Test
    void damageOutsideTheBlockTheNewestCommitCopiedIsReportedNotRolledBack() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        ItsFileId c = new ItsFileId(-1, 3);
        fs.write(A, bytes(600, 5), 0);
        fs.write(c, bytes(600, 6), 0); // does not fit beside A: the last commit copied another block
        flash.program(blockHolding(flash, bytes(600, 5)) * 1024L, new byte[16]);
        ItsFlashFs again = ItsFlashFs.mount(flash, CONFIG);
        assertFalse(again.mountedPreviousCommit());
        ItsException e = assertThrows(ItsException.class, () -> again.read(A, 0, 600));
        assertEquals(PsaStatus.DATA_CORRUPT, e.status());
        assertArrayEquals(bytes(600, 6), again.read(c, 0, 600));
    }

    /** The physical block (of 1 KiB, from 2) whose first bytes are {@code start}. */
    private static int blockHolding(FlashDevice flash, byte[] start) throws Exception {
        for (int block = 2; block < 8; block++) {
            if (Arrays.equals(start, flash.read(block * 1024L, start.length))) {
                return block;
            }
        }
        throw new AssertionError("no block starts with the file");
    }

    @Test
    void anUnreadableFlashIsAStorageFailure() throws Exception {
        FlashDevice flash = FlashDevice.inMemory(SMALL);
        flash.close();
        ItsFlashFs fs = ItsFlashFs.mount(flash, CONFIG);
        // A closed in-memory flash may still read; accept either a working store or STORAGE_FAILURE.
        try {
            fs.list();
        } catch (ItsException e) {
            assertEquals(PsaStatus.STORAGE_FAILURE, e.status());
        }
    }
}
