package dev.citadel.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutVecTest {

    @Test
    void allocateGivesAFreshArrayOfThatCapacityAndLengthZero() {
        OutVec v = OutVec.allocate(8);
        assertThat(v.capacity()).isEqualTo(8);
        assertThat(v.array()).hasSize(8);
        assertThat(v.offset()).isZero();
        assertThat(v.length()).isZero();
    }

    @Test
    void allocateRefusesANegativeCapacity() {
        assertThatThrownBy(() -> OutVec.allocate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofARangeHasTheRangeAsCapacity() {
        byte[] buf = new byte[10];
        OutVec v = OutVec.of(buf, 2, 5);
        assertThat(v.array()).isSameAs(buf);
        assertThat(v.offset()).isEqualTo(2);
        assertThat(v.capacity()).isEqualTo(5);
    }

    @ParameterizedTest(name = "offset {0}, capacity {1}")
    @CsvSource({"-1, 1", "0, 11", "6, 5", "11, 0", "0, -1"})
    void ofARangeOutsideTheBufferIsRefused(int offset, int capacity) {
        assertThatThrownBy(() -> OutVec.of(new byte[10], offset, capacity))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofNullIsRefused() {
        assertThatThrownBy(() -> OutVec.of(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void setLengthAcceptsZeroUpToTheCapacity(int length) {
        OutVec v = OutVec.allocate(4);
        v.setLength(length);
        assertThat(v.length()).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 5, Integer.MAX_VALUE})
    void setLengthRefusesALengthOutsideTheCapacity(int length) {
        OutVec v = OutVec.allocate(4);
        assertThatThrownBy(() -> v.setLength(length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(v.length()).isZero();
    }

    @Test
    void toByteArrayCopiesTheWrittenBytesOfTheRange() {
        byte[] buf = {0, 1, 2, 3, 4, 5};
        OutVec v = OutVec.of(buf, 2, 3);
        v.setLength(2);
        byte[] copy = v.toByteArray();
        assertThat(copy).containsExactly(2, 3);
        copy[0] = 42;
        assertThat(buf[2]).isEqualTo((byte) 2);
    }

    @Test
    void toByteArrayOfANewVectorIsEmpty() {
        assertThat(OutVec.allocate(4).toByteArray()).isEmpty();
    }
}
