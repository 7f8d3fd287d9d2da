package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BootDataTest {
    /** MCUboot's layout: magic 0x2016, total 21; IAS module 0 boot record "abc"; IAS module 1 boot record "de"; a 0x2 entry. */
    private static final String AREA = "1620" + "1500"
            + "3f10" + "0300" + "616263"
            + "7f10" + "0200" + "6465"
            + "0520" + "0000";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void parsesEntriesInOrder() {
        BootData d = BootData.parse(hex(AREA));
        assertThat(d.entries()).hasSize(3);
        assertThat(d.entries().get(2).major()).isEqualTo(2);
        assertThat(d.entries().get(2).minor()).isEqualTo(5);
        assertThat(d.bootRecord(0)).contains(hex("616263"));
        assertThat(d.bootRecord(1)).contains(hex("6465"));
        assertThat(d.bootRecord(2)).isEmpty();
        assertThat(d.measuredImages()).isEqualTo(2);
    }

    @Test
    void forMajorIsTfmsGetBootDataShape() {
        BootData d = BootData.parse(hex(AREA));
        assertThat(HexFormat.of().formatHex(d.forMajor(BootData.TLV_MAJOR_IAS)))
                .isEqualTo("1620" + "1100" + "3f100300616263" + "7f1002006465");
        assertThat(HexFormat.of().formatHex(d.forMajor(3))).isEqualTo("16200400");
    }

    @Test
    void refusesAMalformedArea() {
        assertThatThrownBy(() -> BootData.parse(hex("1620"))).hasMessageContaining("less than its header");
        assertThatThrownBy(() -> BootData.parse(hex("17200400"))).hasMessage("boot data magic is 0x2017, not 0x2016");
        assertThatThrownBy(() -> BootData.parse(hex("16200900" + "3f100200" + "61")))
                .hasMessage("boot data entry at offset 4 runs past the end");
        assertThatThrownBy(() -> BootData.parse(hex("16200600" + "3f10")))
                .hasMessage("boot data ends inside an entry header at offset 4");
        assertThatThrownBy(() -> BootData.parse(hex("16200c00" + "3f100000" + "3f100000")))
                .hasMessage("boot data holds major 0x1 minor 0x3f twice");
        assertThatThrownBy(() -> BootData.parse(hex("16200500" + "3f100000")))
                .hasMessage("boot data says 5 bytes but has 8");
    }

    @Test
    void readsExactlyOneAreaFromAStream() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(hex(AREA + "ffee"));
        assertThat(BootData.read(in).measuredImages()).isEqualTo(2);
        assertThat(in.readAllBytes()).isEqualTo(hex("ffee"));
        assertThatThrownBy(() -> BootData.read(new ByteArrayInputStream(hex("16201000"))))
                .isInstanceOf(IOException.class).hasMessage("boot data ends after 4 of 16 bytes");
    }
}
