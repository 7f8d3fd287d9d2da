package dev.citadel.itest.its;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.storage.StoreConcurrencyTest;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsPartition;
import java.nio.file.Path;

/** 16 NS clients on ITS over a flash file on the normal disk, every set and remove durable (fsync). */
class ItsConcurrencyTest extends StoreConcurrencyTest {

    @Override
    protected TestSpe spe(Path dir) throws Exception {
        FlashDevice flash = FlashDevice.openFile(dir.resolve("internal_flash.bin"), DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        return new TestSpe(new ItsPartition(flash, ItsConfig.defaults()));
    }

    @Override
    protected Store store(PsaClient client) {
        PsaIts its = new PsaIts(client);
        return new Store() {
            @Override
            public void set(long uid, byte[] data) throws PsaException {
                its.set(uid, data, PsaIts.FLAG_NONE);
            }

            @Override
            public byte[] get(long uid, int offset, int size) throws PsaException {
                return its.get(uid, offset, size);
            }

            @Override
            public int size(long uid) throws PsaException {
                return its.getInfo(uid).size();
            }

            @Override
            public void remove(long uid) throws PsaException {
                its.remove(uid);
            }
        };
    }
}
