package dev.citadel.itest.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.ps.PsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TF-M's PS NS regression behaviours ({@code TFM_NS_PS_TEST_1001-1025}, tfm.md §6) through both doors, on the default
 * limits (4 KiB x 64) over the default external flash.
 */
class PsTest {
    private static final int HANDLE = TfmService.PROTECTED_STORAGE.handle();
    private final FlashDevice external = FlashDevice.inMemory(DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
    private final FlashDevice nv = FlashDevice.inMemory(NvCounters.GEOMETRY);
    private StorageSpe spe;

    private Dispatcher boot(Door door) {
        if (spe != null) {
            spe.close();
        }
        spe = new StorageSpe(external, PsConfig.defaults(), nv);
        return spe.open(door);
    }

    private PsaPs ps(Door door) {
        return new PsaPs(boot(door));
    }

    @AfterEach
    void close() {
        spe.close();
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed * 31 + 3);
        }
        return b;
    }

    static void assertStatus(ThrowingRunnable r, PsaStatus status) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(PsaException.class,
                e -> assertThat(e.psaStatus()).isEqualTo(status));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setThenGetReturnsTheData(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(1, bytes(100, 1), PsaPs.FLAG_NONE);
        assertThat(ps.get(1, 0, 100)).isEqualTo(bytes(100, 1));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void eachSupportedFlagIsAcceptedAndOthersAreNotSupported(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(1, bytes(4, 1), PsaPs.FLAG_NO_CONFIDENTIALITY);
        ps.set(2, bytes(4, 1), PsaPs.FLAG_NO_REPLAY_PROTECTION);
        assertThat(ps.getInfo(2).flags()).isEqualTo(PsaPs.FLAG_NO_REPLAY_PROTECTION);
        assertStatus(() -> ps.set(3, bytes(4, 1), 8), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> ps.getInfo(3), PsaStatus.DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anEmptyAssetCanBeSetAndRead(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(5, new byte[0], 0);
        assertThat(ps.get(5, 0, 10)).isEmpty();
        assertThat(ps.getInfo(5)).isEqualTo(new PsaPs.Info(0, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aWriteOnceAssetCanBeNeitherReplacedNorRemoved(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(7, bytes(10, 1), PsaPs.FLAG_WRITE_ONCE);
        assertStatus(() -> ps.set(7, bytes(10, 2), 0), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> ps.set(7, bytes(9000, 2), 0), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> ps.remove(7), PsaStatus.NOT_PERMITTED);
        assertThat(ps.get(7, 0, 10)).isEqualTo(bytes(10, 1));
        assertThat(ps.getInfo(7)).isEqualTo(new PsaPs.Info(10, 10, PsaPs.FLAG_WRITE_ONCE));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void uidZeroIsInvalidAndAnUnsetUidDoesNotExist(Door door) throws Exception {
        PsaPs ps = ps(door);
        assertStatus(() -> ps.set(0, bytes(4, 1), 0), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> ps.get(0, 0, 4), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> ps.getInfo(0), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> ps.remove(0), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> ps.get(9, 0, 4), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> ps.remove(9), PsaStatus.DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void getsOfZeroLengthAndAtTheEndAreEmptyButBeyondIsInvalid(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(1, bytes(20, 1), 0);
        assertThat(ps.get(1, 0, 0)).isEmpty();
        assertThat(ps.get(1, 20, 5)).isEmpty();
        assertStatus(() -> ps.get(1, 21, 1), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void partialGetsReturnTheRightSlices(Door door) throws Exception {
        PsaPs ps = ps(door);
        byte[] data = bytes(300, 4);
        ps.set(1, data, 0);
        for (int off = 0; off < 300; off += 37) {
            byte[] want = java.util.Arrays.copyOfRange(data, off, Math.min(300, off + 50));
            assertThat(ps.get(1, off, 50)).isEqualTo(want);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void removedAssetsNoLongerExistAndTheirSpaceIsReused(Door door) throws Exception {
        PsaPs ps = ps(door);
        ps.set(1, bytes(4000, 1), 0);
        ps.set(2, bytes(4000, 2), 0);
        ps.remove(1);
        assertStatus(() -> ps.get(1, 0, 1), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> ps.remove(1), PsaStatus.DOES_NOT_EXIST);
        for (int i = 0; i < 100; i++) {
            ps.set(3, bytes(4000, i), 0);
            ps.remove(3);
        }
        assertThat(ps.get(2, 0, 4000)).isEqualTo(bytes(4000, 2));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void repeatedSetsOfOneUidKeepTheLast(Door door) throws Exception {
        PsaPs ps = ps(door);
        for (int i = 1; i <= 20; i++) {
            ps.set(1, bytes(i * 50, i), 0);
        }
        assertThat(ps.getInfo(1)).isEqualTo(new PsaPs.Info(1000, 1000, 0));
        assertThat(ps.get(1, 0, 1000)).isEqualTo(bytes(1000, 20));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void assetsOfEverySizeUpToTheMaximumRoundTripAndLargerAreInvalid(Door door) throws Exception {
        PsaPs ps = ps(door);
        int[] sizes = {1, 15, 16, 17, 255, 1024, 2048, 4095, PsConfig.DEFAULT_MAX_ASSET_SIZE};
        for (int i = 0; i < sizes.length; i++) {
            ps.set(100 + i, bytes(sizes[i], i), 0);
        }
        for (int i = 0; i < sizes.length; i++) {
            assertThat(ps.get(100 + i, 0, sizes[i])).isEqualTo(bytes(sizes[i], i));
        }
        assertStatus(() -> ps.set(1, bytes(PsConfig.DEFAULT_MAX_ASSET_SIZE + 1, 1), 0), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void getSupportReportsNoOptionalFeatures(Door door) throws Exception {
        PsaPs ps = ps(door);
        assertThat(ps.getSupport()).isZero();
        assertStatus(() -> ps.create(1, 10, 0), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> ps.setExtended(1, 0, bytes(1, 1)), PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientsUidDoesNotExistForGetInfoAndRemove(Door door) throws Exception {
        Dispatcher d = boot(door);
        PsaPs a = new PsaPs(d.asClient(-1));
        PsaPs b = new PsaPs(d.asClient(-2));
        a.set(1, bytes(10, 1), 0);
        assertStatus(() -> b.get(1, 0, 10), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> b.getInfo(1), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> b.remove(1), PsaStatus.DOES_NOT_EXIST);
        assertThat(a.get(1, 0, 10)).isEqualTo(bytes(10, 1));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void twoClientsKeepSeparateAssetsUnderOneUid(Door door) throws Exception {
        Dispatcher d = boot(door);
        PsaPs a = new PsaPs(d.asClient(-1));
        PsaPs b = new PsaPs(d.asClient(-2));
        for (int i = 0; i < 5; i++) {
            a.set(1, bytes(10 + i, 2 * i), 0);
            b.set(1, bytes(20 + i, 2 * i + 1), PsaPs.FLAG_NO_CONFIDENTIALITY);
        }
        assertThat(a.get(1, 0, 100)).isEqualTo(bytes(14, 8));
        assertThat(b.get(1, 0, 100)).isEqualTo(bytes(24, 9));
        a.remove(1);
        assertThat(b.getInfo(1)).isEqualTo(new PsaPs.Info(24, 24, PsaPs.FLAG_NO_CONFIDENTIALITY));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void isolationHoldsAfterAReboot(Door door) throws Exception {
        Dispatcher d = boot(door);
        new PsaPs(d.asClient(-1)).set(42, bytes(64, 1), 0);
        Dispatcher after = boot(door);
        assertStatus(() -> new PsaPs(after.asClient(-2)).get(42, 0, 64), PsaStatus.DOES_NOT_EXIST);
        assertThat(new PsaPs(after.asClient(-1)).get(42, 0, 64)).isEqualTo(bytes(64, 1));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void dataSurvivesARebootAndIsNotStoredInTheClear(Door door) throws Exception {
        PsaPs ps = ps(door);
        byte[] secret = "the quick brown fox jumps over the lazy dog, twice over".getBytes();
        ps.set(3, secret, 0);
        PsaPs after = ps(door);
        assertThat(after.get(3, 0, 100)).isEqualTo(secret);
        byte[] image = external.read(0, DeviceDirectory.DEFAULT_EXTERNAL_FLASH.size());
        assertThat(indexOf(image, java.util.Arrays.copyOf(secret, 16))).isNegative();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theTableHoldsTheConfiguredNumberOfAssetsAndReplacingStillWorksWhenFull(Door door) throws Exception {
        PsaPs ps = ps(door);
        for (int i = 1; i <= PsConfig.DEFAULT_MAX_ASSETS; i++) {
            ps.set(i, bytes(8, i), 0);
        }
        assertStatus(() -> ps.set(1000, bytes(8, 0), 0), PsaStatus.INSUFFICIENT_STORAGE);
        ps.set(1, bytes(16, 99), 0);
        assertThat(ps.get(1, 0, 16)).isEqualTo(bytes(16, 99));
        assertThat(ps.get(PsConfig.DEFAULT_MAX_ASSETS, 0, 8)).isEqualTo(bytes(8, PsConfig.DEFAULT_MAX_ASSETS));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownTypesAndWrongVectorSizesAreProgrammerErrors(Door door) throws Exception {
        Dispatcher d = boot(door);
        byte[] uid = {1, 0, 0, 0, 0, 0, 0, 0};
        assertThat(d.call(HANDLE, 1006, null, null)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1001, new InVec[] {InVec.of(new byte[4]), InVec.of(new byte[1]), InVec.of(new byte[4])},
                null)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1001, new InVec[] {InVec.of(uid), InVec.of(new byte[1]), InVec.of(new byte[2])},
                null)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1002, new InVec[] {InVec.of(uid), InVec.of(new byte[8])},
                new OutVec[] {OutVec.allocate(4)})).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1003, new InVec[] {InVec.of(uid)}, new OutVec[] {OutVec.allocate(8)}))
                .isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1004, new InVec[] {InVec.of(new byte[7])}, null))
                .isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(d.call(HANDLE, 1005, null, new OutVec[] {OutVec.allocate(2)}))
                .isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
