package dev.citadel.itest.ps;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.storage.StoreConcurrencyTest;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.spe.ps.PsConfig;
import java.nio.file.Path;

/**
 * 16 NS clients on PS over flash files (see {@link StoreConcurrencyTest} for where they live): every set and remove
 * goes through the Crypto partition (a HUK-derived key per object) and the Platform partition (three NV counter
 * increments), so the SPM's nested calls are under load too.
 */
class PsConcurrencyTest extends StoreConcurrencyTest {

    @Override
    protected Spe spe(Path dir) throws Exception {
        FlashDevice external = FlashDevice.openFile(dir.resolve("external_flash.bin"),
                DeviceDirectory.DEFAULT_EXTERNAL_FLASH);
        FlashDevice nv = FlashDevice.openFile(dir.resolve("nv_counters.bin"), NvCounters.GEOMETRY);
        StorageSpe spe = new StorageSpe(external, PsConfig.defaults(), nv);
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
        PsaPs ps = new PsaPs(client);
        return new Store() {
            @Override
            public void set(long uid, byte[] data) throws PsaException {
                ps.set(uid, data, PsaPs.FLAG_NONE);
            }

            @Override
            public byte[] get(long uid, int offset, int size) throws PsaException {
                return ps.get(uid, offset, size);
            }

            @Override
            public int size(long uid) throws PsaException {
                return ps.getInfo(uid).size();
            }

            @Override
            public void remove(long uid) throws PsaException {
                ps.remove(uid);
            }
        };
    }
}
