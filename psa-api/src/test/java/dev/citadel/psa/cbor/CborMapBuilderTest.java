package dev.citadel.psa.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CborMapBuilderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ZERO = CborEncoder.integer(0);

    @Test
    void deterministicMapsSortKeysByTheBytewiseOrderOfTheirEncodings() {
        // Put out of order: 10 (0a), -75000 (3a000124f7), 256 (190100), -1 (20), 1 (01).
        byte[] map = CborMapBuilder.deterministic()
                .put(10, ZERO).put(-75000, ZERO).put(256, ZERO).put(-1, ZERO).put(1, ZERO).build();
        assertThat(HEX.formatHex(map)).isEqualTo("a5" + "0100" + "0a00" + "19010000" + "2000" + "3a000124f700");
    }

    @Test
    void deterministicOrderIsTheRfcsExampleOrderForMixedKeys() {
        // RFC 8949 §4.2.1's example: 10, 100, -1, "z", "aa", [100], [-1], false.
        byte[] ten = CborEncoder.integer(10);
        byte[] hundred = CborEncoder.integer(100);
        byte[] minusOne = CborEncoder.integer(-1);
        byte[] z = CborEncoder.text("z");
        byte[] aa = CborEncoder.text("aa");
        byte[] arrayHundred = CborEncoder.array(List.of(hundred));
        byte[] arrayMinusOne = CborEncoder.array(List.of(minusOne));
        byte[] falseValue = HEX.parseHex("f4");
        byte[] map = CborMapBuilder.deterministic().put(falseValue, ZERO).put(arrayMinusOne, ZERO).put(aa, ZERO)
                .put(z, ZERO).put(arrayHundred, ZERO).put(minusOne, ZERO).put(hundred, ZERO).put(ten, ZERO).build();
        assertThat(HEX.formatHex(map)).isEqualTo("a8" + "0a00" + "186400" + "2000" + "617a00" + "62616100"
                + "81186400" + "812000" + "f400");
    }

    @Test
    void equalContentsPutInAnyOrderGiveEqualBytes() {
        byte[] a = CborMapBuilder.deterministic().put("nonce", ZERO).put(2394, ZERO).put(-75000, ZERO).build();
        byte[] b = CborMapBuilder.deterministic().put(-75000, ZERO).put("nonce", ZERO).put(2394, ZERO).build();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void insertionOrderMapsKeepTheOrderEntriesWerePut() {
        byte[] map = CborMapBuilder.inInsertionOrder().put(1, ZERO).put(4, ZERO).put(2, ZERO).build();
        assertThat(HEX.formatHex(map)).isEqualTo("a3" + "0100" + "0400" + "0200");
    }

    @Test
    void aKeyPutTwiceIsRefusedInEitherOrder() {
        assertThatThrownBy(() -> CborMapBuilder.deterministic().put(1, ZERO).put(1, ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> CborMapBuilder.inInsertionOrder().put("f", ZERO).put("f", ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    }

    @Test
    void changingAnArrayAfterPuttingItDoesNotChangeTheMap() {
        byte[] value = CborEncoder.bytes(new byte[] {1});
        CborMapBuilder builder = CborMapBuilder.inInsertionOrder().put(1, value);
        value[1] = 9;
        assertThat(HEX.formatHex(builder.build())).isEqualTo("a1014101");
    }
}
