package dev.citadel.spe.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.spe.spm.BootData;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Boot records become software components verbatim, once each is seen to be one well-formed CBOR map. */
class SoftwareComponentsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void wellFormedMapsAreCopiedVerbatimInAreaOrder() {
        byte[] first = HEX.parseHex("a201020304");
        byte[] second = HEX.parseHex("a201fbbff0000000000000021bffffffffffffffff"); // -1.0 and 2^64-1
        List<byte[]> components = SoftwareComponents.from(Optional.of(area(first, second)));
        assertThat(components).containsExactly(first, second);
    }

    @Test
    void withoutBootDataThereAreNoComponents() {
        assertThat(SoftwareComponents.from(Optional.empty())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "83010203, not a map", "a1011901, ends early", "a20102, cannot fit", "a1010203, after the CBOR item", "bf01ff, indefinite-length",
        "a1016549455446, left", "a1015bffffffffffffffff, left", "'', ends early"
    })
    void aRecordThatIsNotOneWellFormedMapIsRefusedWithTheReason(String hex, String reason) {
        assertThatThrownBy(() -> SoftwareComponents.from(Optional.of(area(HEX.parseHex(hex)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("boot record of module 0 is not one well-formed CBOR map: ")
                .hasMessageContaining(reason);
    }

    /** MCUboot's shared area holding the records as modules 0, 1, … (boot-design.md "Measured boot"). */
    private static BootData area(byte[]... records) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int module = 0; module < records.length; module++) {
            u16(entries, BootData.TLV_MAJOR_IAS << 12 | module << 6 | BootData.SW_BOOT_RECORD);
            u16(entries, records[module].length);
            entries.writeBytes(records[module]);
        }
        ByteArrayOutputStream area = new ByteArrayOutputStream();
        u16(area, BootData.MAGIC);
        u16(area, BootData.HEADER_SIZE + entries.size());
        area.writeBytes(entries.toByteArray());
        return BootData.parse(area.toByteArray());
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }
}
