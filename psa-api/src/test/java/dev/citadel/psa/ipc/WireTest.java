package dev.citadel.psa.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTest {

    @Test
    void maxFrameLengthIsOneMebibyte() {
        assertThat(Wire.MAX_FRAME_LENGTH).isEqualTo(1_048_576);
    }

    @Test
    void magicIsTheBytesCTReadLittleEndian() {
        assertThat(Wire.MAGIC & 0xFF).isEqualTo('C');
        assertThat(Wire.MAGIC >>> 8).isEqualTo('T');
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void aReplyOfExactlyMaxFrameLengthFits(int outCount) {
        long capacities = Wire.MAX_FRAME_LENGTH - 16 - 4L * outCount;

        assertThat(Wire.replyFits(outCount, capacities)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void aReplyOneByteOverMaxFrameLengthDoesNotFit(int outCount) {
        long capacities = Wire.MAX_FRAME_LENGTH - 16 - 4L * outCount + 1;

        assertThat(Wire.replyFits(outCount, capacities)).isFalse();
    }

    @Test
    void capacitiesBeyondThe32BitRangeDoNotFit() {
        assertThat(Wire.replyFits(4, 4L * 0xFFFFFFFFL)).isFalse();
    }
}
