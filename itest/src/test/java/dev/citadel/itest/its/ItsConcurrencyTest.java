package dev.citadel.itest.its;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.storage.StoreConcurrencyTest;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsPartition;
import java.nio.file.Path;

/** 16 NS clients on ITS over a flash file (see {@link StoreConcurrencyTest} for where it lives). */
class ItsConcurrencyTest extends StoreConcurrencyTest {

    @Override
    protected Spe spe(Path dir) throws Exception {
        FlashDevice flash = FlashDevice.openFile(dir.resolve("internal_flash.bin"), DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        TestSpe spe = new TestSpe(new ItsPartition(flash, ItsConfig.defaults()));
        return Spe.of(spe::open, spe::close);
    }

    @Override
    protected int handle() {
        return TfmService.INTERNAL_TRUSTED_STORAGE.handle();
    }
}
