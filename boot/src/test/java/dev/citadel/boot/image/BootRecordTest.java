package dev.citadel.boot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The BOOT_RECORD map read back, and refused with the reason when it is not the map it should be. */
class BootRecordTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theClaimsAreWrittenInImgtoolsOrderAsRfc8949Heads() {
        byte[] cbor = new BootRecord("SPE", "1.2.3", new byte[] {(byte) 0xAA}, "SHA256", new byte[2]).encode();
        // {1: "SPE", 4: "1.2.3", 5: h'aa', 6: "SHA256", 2: h'0000'}, written out by hand
        assertThat(HEX.formatHex(cbor)).isEqualTo("a5" + "0163535045" + "0465312e322e33" + "0541aa"
                + "0666534841323536" + "02420000");
    }

    @Test
    void unknownClaimsAreSkippedAndAKeyBeyond32BitsIsNotTakenForAKnownOne() {
        // {1: "SPE", 0x100000001: "x", 7: h''}: the long key must not wrap to claim 1.
        BootRecord r = BootRecord.decode(HEX.parseHex("a3" + "0163535045" + "1b00000001000000016178" + "0740"));
        assertThat(r.swType()).isEqualTo("SPE");
        assertThat(r.version()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "a501, cannot fit", "a10163535045ff, bytes after", "a101635350, 2 left", "a10159, ends early",
        "a10101, not a string", "a1206161, where an unsigned integer is expected", "bf016161ff, indefinite-length",
        "80, where a map is expected", "a10162c328, not UTF-8"
    })
    void aMalformedRecordIsRefusedWithTheReason(String hex, String reason) {
        byte[] cbor = HEX.parseHex(hex);
        assertThatThrownBy(() -> BootRecord.decode(cbor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
