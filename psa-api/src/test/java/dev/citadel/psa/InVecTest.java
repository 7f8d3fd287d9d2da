package dev.citadel.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InVecTest {
    private static final byte[] DATA = {10, 11, 12, 13, 14};

    @Test
    void ofAnArrayCoversTheWholeArray() {
        InVec v = InVec.of(DATA);
        assertThat(v.offset()).isZero();
        assertThat(v.length()).isEqualTo(5);
        assertThat(v.array()).isSameAs(DATA);
    }

    @Test
    void ofARangeCoversOnlyTheRange() {
        InVec v = InVec.of(DATA, 1, 3);
        assertThat(v.offset()).isEqualTo(1);
        assertThat(v.length()).isEqualTo(3);
        assertThat(v.toByteArray()).containsExactly(11, 12, 13);
    }

    @Test
    void aRangeMayEndAtTheEndOfTheArray() {
        assertThat(InVec.of(DATA, 5, 0).length()).isZero();
        assertThat(InVec.of(DATA, 2, 3).toByteArray()).containsExactly(12, 13, 14);
    }

    @ParameterizedTest(name = "offset {0}, length {1}")
    @CsvSource({"-1, 1", "0, 6", "1, 5", "5, 1", "6, 0", "0, -1"})
    void ofARangeOutsideTheArrayIsRefused(int offset, int length) {
        assertThatThrownBy(() -> InVec.of(DATA, offset, length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofNullIsRefused() {
        assertThatThrownBy(() -> InVec.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> InVec.of(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toByteArrayIsACopy() {
        byte[] data = {1, 2, 3};
        InVec v = InVec.of(data);
        byte[] copy = v.toByteArray();
        copy[0] = 99;
        data[1] = 98;
        assertThat(copy).containsExactly(99, 2, 3);
        assertThat(v.toByteArray()).containsExactly(1, 98, 3);
    }

    @Test
    void emptyHasLengthZero() {
        assertThat(InVec.EMPTY.length()).isZero();
        assertThat(InVec.EMPTY.toByteArray()).isEmpty();
    }
}
