package dev.citadel.spe.its;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.crypto.KeyStoreException;
import org.junit.jupiter.api.Test;

/** Key files in ITS with the statuses of Mbed TLS's {@code psa_crypto_storage.c}. */
class ItsKeyStorageTest {
    private static final FlashGeometry SMALL = new FlashGeometry(512, 16, 16);
    /** Two assets at most, 200 bytes each. */
    private static final ItsConfig TIGHT = new ItsConfig(0, 16, 2, 200, 2);
    private static final long UID = 0xC4000000_00000001L;

    private final FlashDevice flash = FlashDevice.inMemory(SMALL);
    private final ItsStorage its = new ItsStorage(ItsFlashFs.mount(flash, TIGHT));
    private final ItsKeyStorage keys = new ItsKeyStorage(its);

    private static byte[] file(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    private static int status(PsaStatus s) {
        return s.value();
    }

    @Test
    void aKeyFileIsAnItsAssetOfTheCryptoPartition() throws Exception {
        assertThat(keys.create(UID, file(60, 1))).isEqualTo(status(PsaStatus.SUCCESS));
        assertThat(its.get(259, UID, 0, 200)).isEqualTo(file(60, 1));
        assertThat(its.info(259, UID)).isEqualTo(new ItsFileInfo(60, 0));
        // Another client's uid space does not hold it.
        assertThatThrownBy(() -> its.info(-0x3C000000, UID))
                .isInstanceOfSatisfying(ItsException.class, e -> assertThat(e.status()).isEqualTo(PsaStatus.DOES_NOT_EXIST));
        assertThat(keys.read(UID)).isEqualTo(file(60, 1));
        assertThat(keys.exists(UID)).isTrue();
    }

    @Test
    void anExistingUidIsAlreadyExistsAndKeepsItsFile() {
        keys.create(UID, file(60, 1));
        assertThat(keys.create(UID, file(30, 2))).isEqualTo(status(PsaStatus.ALREADY_EXISTS));
        assertThat(keys.read(UID)).isEqualTo(file(60, 1));
    }

    @Test
    void aFullFileTableIsDataInvalidAndLeavesNoFile() throws Exception {
        assertThat(keys.create(1L << 32 | 1, file(10, 1))).isZero();
        assertThat(keys.create(1L << 32 | 2, file(10, 2))).isZero();
        assertThat(keys.create(1L << 32 | 3, file(10, 3))).isEqualTo(status(PsaStatus.DATA_INVALID));
        assertThat(keys.exists(1L << 32 | 3)).isFalse();
        assertThat(ItsFlashFs.mount(flash, TIGHT).list()).hasSize(2);
    }

    @Test
    void aFileOverTheAssetLimitIsDataInvalidAndLeavesNoFile() throws Exception {
        assertThat(keys.create(UID, file(201, 1))).isEqualTo(status(PsaStatus.DATA_INVALID));
        assertThat(keys.exists(UID)).isFalse();
        assertThat(ItsFlashFs.mount(flash, TIGHT).list()).isEmpty();
    }

    @Test
    void readingAnAbsentFileIsDoesNotExist() {
        assertThatThrownBy(() -> keys.read(UID)).isInstanceOfSatisfying(KeyStoreException.class,
                e -> assertThat(e.status()).isEqualTo(status(PsaStatus.DOES_NOT_EXIST)));
        assertThat(keys.exists(UID)).isFalse();
    }

    @Test
    void removeDeletesAndAnAbsentFileIsRemovedAlready() {
        keys.create(UID, file(60, 1));
        assertThat(keys.remove(UID)).isEqualTo(status(PsaStatus.SUCCESS));
        assertThat(keys.exists(UID)).isFalse();
        assertThat(keys.remove(UID)).isEqualTo(status(PsaStatus.SUCCESS));
    }

    @Test
    void aFileFailingItsCrcReadsAsDataInvalid() throws Exception {
        byte[] f = file(60, 1);
        keys.create(UID, f);
        clearOneBitOf(f);
        ItsKeyStorage again = new ItsKeyStorage(new ItsStorage(ItsFlashFs.mount(flash, TIGHT)));
        assertThat(again.exists(UID)).isTrue();
        assertThatThrownBy(() -> again.read(UID)).isInstanceOfSatisfying(KeyStoreException.class,
                e -> assertThat(e.status()).isEqualTo(status(PsaStatus.DATA_INVALID)));
        // A corrupt file can still be destroyed.
        assertThat(again.remove(UID)).isEqualTo(status(PsaStatus.SUCCESS));
        assertThat(again.exists(UID)).isFalse();
    }

    @Test
    void aCorruptAreaIsReportedAndCountsAsPresentAsMbedTlsDoes() throws Exception {
        keys.create(UID, file(60, 1));
        // Zero the first program unit of both metadata blocks: neither commit is valid any more.
        flash.program(0, new byte[16]);
        flash.program(2 * 512, new byte[16]);
        ItsKeyStorage broken = new ItsKeyStorage(new ItsStorage(ItsFlashFs.mount(flash, TIGHT)));
        assertThatThrownBy(() -> broken.read(UID)).isInstanceOfSatisfying(KeyStoreException.class,
                e -> assertThat(e.status()).isEqualTo(status(PsaStatus.DATA_CORRUPT)));
        // psa_is_key_present_in_storage: only DOES_NOT_EXIST means absent.
        assertThat(broken.exists(UID + 1)).isTrue();
        assertThat(broken.create(UID + 1, file(10, 2))).isEqualTo(status(PsaStatus.ALREADY_EXISTS));
        assertThat(broken.remove(UID)).isEqualTo(status(PsaStatus.DATA_INVALID));
    }

    /** Finds {@code content} on the flash and clears one bit in it, as a flash cell decaying would. */
    private void clearOneBitOf(byte[] content) throws Exception {
        byte[] all = flash.read(0, SMALL.size());
        for (int at = 0; at + content.length <= all.length; at++) {
            if (java.util.Arrays.equals(all, at, at + content.length, content, 0, content.length)) {
                int target = at + 5;
                while (all[target] == 0) {
                    target++;
                }
                int unit = target - target % 16;
                byte[] bytes = java.util.Arrays.copyOfRange(all, unit, unit + 16);
                bytes[target - unit] &= (byte) (bytes[target - unit] - 1); // clear the lowest set bit
                flash.program(unit, bytes);
                return;
            }
        }
        throw new AssertionError("file not found on the flash");
    }
}
