package dev.citadel.psa.fwu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code psa_fwu_component_info_t}'s 60 bytes at TF-M's offsets, written out by hand. */
class ComponentInfoTest {

    @Test
    void encodesEveryFieldAtItsOffsetLittleEndian() {
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 0xAB);
        ComponentInfo info = new ComponentInfo(FwuState.CANDIDATE, -149, new FwuImageVersion(1, 2, 0x0304, 0x05060708L),
                0x1234, FwuWire.FLAG_VOLATILE_STAGING, 0x20000, digest);
        String expected = "02000000" + "6bffffff" + "0102" + "0403" + "08070605" + "34120000" + "01000000"
                + "00000200" + "ab".repeat(32);
        assertThat(HexFormat.of().formatHex(info.encode())).isEqualTo(expected);
        assertThat(ComponentInfo.decode(info.encode())).isEqualTo(info);
    }

    @Test
    void statesHaveTheSpecsValues() {
        assertThat(Arrays.stream(FwuState.values()).mapToInt(FwuState::value)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(FwuState.TRIAL.value()).isEqualTo(5);
        assertThat(FwuState.FAILED.value()).isEqualTo(4);
    }

    @Test
    void aShortBufferOrAnUnknownStateIsRefused() {
        assertThatThrownBy(() -> ComponentInfo.decode(new byte[59])).isInstanceOf(IllegalArgumentException.class);
        byte[] raw = new byte[60];
        raw[0] = 8;
        assertThatThrownBy(() -> ComponentInfo.decode(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
