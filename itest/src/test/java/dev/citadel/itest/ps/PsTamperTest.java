package dev.citadel.itest.ps;

import static dev.citadel.itest.ps.PsTest.assertStatus;
import static dev.citadel.itest.ps.PsTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.its.ItsFileId;
import dev.citadel.spe.its.ItsFlashFs;
import dev.citadel.spe.ps.PsConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attacker who can rewrite the external flash never gets wrong data out of PS: every single-byte change of the
 * stored bytes makes a get return the right data or fail; an older copy of the flash is detected as a rollback; two
 * objects' stored ciphertexts swapped are detected.
 */
class PsTamperTest {
    private static final FlashGeometry GEOMETRY = new FlashGeometry(4096, 16, 1);
    private static final PsConfig CONFIG = new PsConfig(0, 16, 1, 256, 8);
    private static final long[] UIDS = {1, 2, 3};
    private static final int[] SIZES = {100, 120, 100};

    private static FlashDevice flashWith(byte[] image) throws Exception {
        FlashDevice f = FlashDevice.inMemory(GEOMETRY);
        f.program(0, image);
        return f;
    }

    private static FlashDevice copy(FlashDevice f) throws Exception {
        FlashDevice c = FlashDevice.inMemory(f.geometry());
        c.program(0, f.read(0, f.geometry().size()));
        return c;
    }

    @Test
    void everySingleByteChangeOfTheStoredBytesGivesTheRightDataOrAFailure() throws Exception {
        FlashDevice external = FlashDevice.inMemory(GEOMETRY);
        FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
        try (StorageSpe spe = new StorageSpe(external, CONFIG, nv)) {
            PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
            for (int i = 0; i < UIDS.length; i++) {
                ps.set(UIDS[i], bytes(SIZES[i], i), 0);
            }
            ps.set(2, bytes(SIZES[1], 1), 0); // a replacement, so the FS holds history too
        }
        byte[] image = external.read(0, GEOMETRY.size());
        int flips = 0;
        int failures = 0;
        for (int at = 0; at < image.length && flips < 4000; at++) {
            if (image[at] == (byte) 0xFF) {
                continue; // erased: holds nothing
            }
            byte[] tampered = image.clone();
            tampered[at] ^= (byte) 0xFF;
            flips++;
            try (StorageSpe spe = new StorageSpe(flashWith(tampered), CONFIG, copy(nv))) {
                PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
                for (int i = 0; i < UIDS.length; i++) {
                    try {
                        assertThat(ps.get(UIDS[i], 0, 4096)).as("byte %d, uid %d", at, UIDS[i])
                                .isEqualTo(bytes(SIZES[i], i));
                    } catch (PsaException e) {
                        failures++;
                    }
                }
            }
        }
        System.out.printf("PS tamper: %d single-byte changes, %d gets failed, none returned wrong data%n", flips,
                failures);
        assertThat(flips).isGreaterThan(500);
        assertThat(failures).isPositive();
    }

    @Test
    void anOlderCopyOfTheFlashIsDetectedAsARollback() throws Exception {
        FlashDevice external = FlashDevice.inMemory(GEOMETRY);
        FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
        byte[] older;
        try (StorageSpe spe = new StorageSpe(external, CONFIG, nv)) {
            PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
            ps.set(1, bytes(50, 1), 0);
            older = external.read(0, GEOMETRY.size());
            ps.set(1, bytes(50, 2), 0);
        }
        try (StorageSpe spe = new StorageSpe(flashWith(older), CONFIG, nv)) {
            PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
            assertStatus(() -> ps.get(1, 0, 50), PsaStatus.DATA_CORRUPT);
            assertStatus(() -> ps.set(2, bytes(5, 5), 0), PsaStatus.DATA_CORRUPT);
        }
    }

    @Test
    void twoObjectsWithTheirStoredCiphertextsSwappedAreDetected() throws Exception {
        FlashDevice external = FlashDevice.inMemory(GEOMETRY);
        FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
        try (StorageSpe spe = new StorageSpe(external, CONFIG, nv)) {
            PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
            for (int i = 0; i < UIDS.length; i++) {
                ps.set(UIDS[i], bytes(SIZES[i], i), 0);
            }
        }
        // Rewrite the FS as an attacker could (valid CRCs): the files of uids 1 and 3 (same size) trade places.
        ItsFlashFs fs = ItsFlashFs.mount(external, CONFIG.fsConfig());
        List<ItsFileId> objects = fs.list().stream().filter(id -> id.uid() >= 3).toList();
        ItsFileId a = objects.stream().filter(id -> size(fs, id) == 24 + 100).findFirst().orElseThrow();
        ItsFileId b = objects.stream().filter(id -> size(fs, id) == 24 + 100 && !id.equals(a)).findFirst().orElseThrow();
        byte[] bytesA = fs.read(a, 0, 124);
        byte[] bytesB = fs.read(b, 0, 124);
        assertThat(Arrays.equals(bytesA, bytesB)).isFalse();
        fs.update(List.of(ItsFlashFs.Change.write(a, bytesB, 0), ItsFlashFs.Change.write(b, bytesA, 0)));
        try (StorageSpe spe = new StorageSpe(external, CONFIG, nv)) {
            PsaPs ps = new PsaPs(spe.open(Door.FUNCTION_CALL));
            assertStatus(() -> ps.get(1, 0, 100), PsaStatus.GENERIC_ERROR);
            assertStatus(() -> ps.get(3, 0, 100), PsaStatus.GENERIC_ERROR);
            assertThat(ps.get(2, 0, 120)).isEqualTo(bytes(120, 1));
        }
    }

    private static int size(ItsFlashFs fs, ItsFileId id) {
        try {
            return fs.info(id).orElseThrow().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
