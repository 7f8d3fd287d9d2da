package dev.citadel.itest.its;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TF-M's ITS regression behaviours (tfm.md §6) through both doors, on the default limits (4 KiB x 64). */
class ItsTest {
    private static final int HANDLE = TfmService.INTERNAL_TRUSTED_STORAGE.handle();
    private TestSpe spe;

    private Dispatcher open(Door door) {
        FlashDevice flash = FlashDevice.inMemory(DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        spe = new TestSpe(new ItsPartition(flash, ItsConfig.defaults()));
        return spe.open(door);
    }

    @AfterEach
    void close() {
        spe.close();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    private static void assertStatus(ThrowingRunnable r, PsaStatus status) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(PsaException.class, e -> assertThat(e.psaStatus()).isEqualTo(status));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setThenGetReturnsTheData(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        its.set(1, bytes(100), PsaIts.FLAG_NONE);
        assertThat(its.get(1, 0, 100)).isEqualTo(bytes(100));
        assertThat(its.getInfo(1)).isEqualTo(new PsaIts.Info(100, 100, 0));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void eachSupportedFlagIsAcceptedAndOthersAreNotSupported(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        its.set(1, bytes(4), PsaIts.FLAG_NO_CONFIDENTIALITY);
        its.set(2, bytes(4), PsaIts.FLAG_NO_REPLAY_PROTECTION);
        assertThat(its.getInfo(2).flags()).isEqualTo(PsaIts.FLAG_NO_REPLAY_PROTECTION);
        assertStatus(() -> its.set(3, bytes(4), 8), PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> its.getInfo(3), PsaStatus.DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anEmptyAssetCanBeSetAndRead(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        its.set(5, new byte[0], 0);
        assertThat(its.get(5, 0, 10)).isEmpty();
        assertThat(its.getInfo(5).size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void writeOnceAssetsCanBeNeitherReplacedNorRemoved(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        its.set(9, bytes(8), PsaIts.FLAG_WRITE_ONCE);
        assertStatus(() -> its.set(9, bytes(3), 0), PsaStatus.NOT_PERMITTED);
        // The write-once check comes before the size check.
        assertStatus(() -> its.set(9, new byte[5000], 0), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> its.remove(9), PsaStatus.NOT_PERMITTED);
        assertThat(its.getInfo(9).flags()).isEqualTo(PsaIts.FLAG_WRITE_ONCE);
        assertThat(its.get(9, 0, 8)).isEqualTo(bytes(8));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void uidZeroIsAnInvalidArgumentEverywhere(Door door) {
        PsaIts its = new PsaIts(open(door));
        assertStatus(() -> its.set(0, bytes(1), 0), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> its.get(0, 0, 1), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> its.getInfo(0), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> its.remove(0), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void absentUidsDoNotExist(Door door) {
        PsaIts its = new PsaIts(open(door));
        assertStatus(() -> its.get(77, 0, 1), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> its.getInfo(77), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> its.remove(77), PsaStatus.DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void offsetsGivePartialReadsAndBeyondTheEndIsInvalid(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        byte[] data = bytes(64);
        its.set(3, data, 0);
        byte[] joined = new byte[64];
        for (int at = 0; at < 64; at += 16) {
            System.arraycopy(its.get(3, at, 16), 0, joined, at, 16);
        }
        assertThat(joined).isEqualTo(data);
        assertThat(its.get(3, 60, 16)).hasSize(4);
        assertThat(its.get(3, 64, 16)).isEmpty();
        assertStatus(() -> its.get(3, 65, 1), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void removeFreesTheUidAndCompactsTheBlock(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        its.set(1, bytes(1000), 0);
        its.set(2, bytes(2000), 0);
        its.set(3, bytes(3000), 0);
        its.remove(2);
        assertStatus(() -> its.get(2, 0, 1), PsaStatus.DOES_NOT_EXIST);
        assertThat(its.get(1, 0, 1000)).isEqualTo(bytes(1000));
        assertThat(its.get(3, 0, 3000)).isEqualTo(bytes(3000));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void repeatedSetsAndARangeOfSizesReadBack(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        for (int size : new int[] {1, 15, 16, 17, 255, 256, 1000, 4095, 4096, 100, 0}) {
            its.set(11, bytes(size), 0);
            assertThat(its.get(11, 0, size)).isEqualTo(bytes(size));
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void limitsAreEnforced(Door door) throws Exception {
        PsaIts its = new PsaIts(open(door));
        assertStatus(() -> its.set(1, new byte[ItsConfig.DEFAULT_MAX_ASSET_SIZE + 1], 0), PsaStatus.INVALID_ARGUMENT);
        for (int uid = 1; uid <= ItsConfig.DEFAULT_MAX_ASSETS; uid++) {
            its.set(uid, bytes(8), 0);
        }
        assertStatus(() -> its.set(1000, bytes(8), 0), PsaStatus.INSUFFICIENT_STORAGE);
        its.set(1, bytes(16), 0); // replacing still works when full
        its.remove(2);
        its.set(1000, bytes(8), 0);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientsUidDoesNotExist(Door door) throws Exception {
        Dispatcher d = open(door);
        PsaIts mine = new PsaIts(d);
        PsaIts theirs = new PsaIts(d.asClient(-2));
        mine.set(42, bytes(10), 0);
        assertStatus(() -> theirs.get(42, 0, 10), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> theirs.getInfo(42), PsaStatus.DOES_NOT_EXIST);
        assertStatus(() -> theirs.remove(42), PsaStatus.DOES_NOT_EXIST);
        theirs.set(42, bytes(3), 0);
        assertThat(mine.get(42, 0, 10)).isEqualTo(bytes(10));
        assertThat(theirs.get(42, 0, 10)).isEqualTo(bytes(3));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void badVectorsAreProgrammerErrors(Door door) {
        Dispatcher d = open(door);
        InVec uid = InVec.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        InVec shortUid = InVec.of(new byte[4]);
        InVec u32 = InVec.of(new byte[4]);
        int pe = PsaStatus.PROGRAMMER_ERROR.value();
        assertThat(d.call(HANDLE, 1001, new InVec[] {shortUid, InVec.EMPTY, u32}, null)).isEqualTo(pe);
        assertThat(d.call(HANDLE, 1001, new InVec[] {uid, InVec.EMPTY, InVec.of(new byte[2])}, null)).isEqualTo(pe);
        assertThat(d.call(HANDLE, 1002, new InVec[] {uid, InVec.of(new byte[8])}, new OutVec[] {OutVec.allocate(4)}))
                .isEqualTo(pe);
        assertThat(d.call(HANDLE, 1003, new InVec[] {uid}, new OutVec[] {OutVec.allocate(11)})).isEqualTo(pe);
        assertThat(d.call(HANDLE, 1004, new InVec[] {shortUid}, null)).isEqualTo(pe);
        assertThat(d.call(HANDLE, 999, new InVec[] {uid}, null)).isEqualTo(PsaStatus.NOT_SUPPORTED.value());
    }
}
