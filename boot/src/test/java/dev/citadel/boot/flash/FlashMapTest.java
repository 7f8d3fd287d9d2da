package dev.citadel.boot.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlashMapTest {

    @Test
    void theDefaultMapFitsTheInternalFlashBeforeTheItsArea() {
        FlashMap m = FlashMap.defaults();
        m.checkFits(DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        assertThat(m.end()).isLessThanOrEqualTo(432L * 4096);
        assertThat(m.slots().get(0).primary().size()).isEqualTo(128 * 1024);
        assertThat(m.slots().get(1).secondary().size()).isEqualTo(576 * 1024);
        assertThat(m.scratch().size()).isEqualTo(32 * 1024);
        assertThat(m.maxImageSectors(4096)).isEqualTo(144);
    }

    @Test
    void overlappingAreasAreRefused() {
        FlashMap.Region a = new FlashMap.Region(0, 8192);
        assertThatThrownBy(() -> new FlashMap(List.of(new FlashMap.ImageSlots(a, new FlashMap.Region(4096, 8192))),
                new FlashMap.Region(65536, 4096))).hasMessageContaining("overlap");
    }

    @Test
    void areasAreSectorAlignedAndAccessStaysInside() throws Exception {
        FlashDevice d = FlashDevice.inMemory(DeviceDirectory.DEFAULT_INTERNAL_FLASH);
        assertThatThrownBy(() -> new FlashArea("x", d, 100, 4096)).isInstanceOf(IllegalArgumentException.class);
        FlashArea a = FlashMap.defaults().primary(d, 1);
        assertThat(a.offset()).isEqualTo(128 * 1024);
        assertThat(a.align()).isEqualTo(16);
        assertThatThrownBy(() -> a.read(a.size() - 1, 2)).isInstanceOf(IllegalArgumentException.class);
        a.write(0, new byte[16]);
        a.erase(0, 4096);
        assertThat(FlashArea.isErased(a.read(0, 16))).isTrue();
        assertThat(FlashArea.isErased(d.read(0, 128 * 1024))).as("the neighbour is untouched").isTrue();
    }
}
