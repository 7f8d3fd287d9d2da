package dev.citadel.itest.its;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.storage.StoreConcurrencyTest;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsPartition;
import java.nio.file.Path;

/** 16 NS clients on ITS over a flash file (see {@link StoreConcurrencyTest} for where it lives). */
class ItsConcurrencyTest extends StoreConcurrencyTest {

    @Override
    protected Spe spe(Path dir) throws Exception {
        FlashDevice flash = FlashDevice.openFile(dir.resolve("internal_flash.bin"), DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        TestSpe spe = new TestSpe(new ItsPartition(flash, ItsConfig.defaults()));
        return new Spe() {
            @Override
            public Dispatcher open(TestSpe.Door door) {
                return spe.open(door);
            }

            @Override
            public void close() {
                spe.close();
            }
        };
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
