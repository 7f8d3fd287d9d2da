package dev.citadel.itest.ps;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.StorageSpe;
import dev.citadel.itest.storage.StoreConcurrencyTest;
import dev.citadel.psa.TfmService;
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
        return Spe.of(spe::open, spe::close);
    }

    @Override
    protected int handle() {
        return TfmService.PROTECTED_STORAGE.handle();
    }
}
