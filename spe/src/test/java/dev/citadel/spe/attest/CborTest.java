package dev.citadel.spe.attest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token's CBOR writer against RFC 8949 Appendix A's examples and §4.2.1's key order. */
class CborTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "0, 00", "1, 01", "10, 0a", "23, 17", "24, 1818", "25, 1819", "100, 1864", "1000, 1903e8",
        "1000000, 1a000f4240", "1000000000000, 1b000000e8d4a51000", "-1, 20", "-10, 29", "-100, 3863",
        "-1000, 3903e7", "-75000, 3a000124f7"
    })
    void integersAsAppendixA(long n, String hex) {
        assertThat(HEX.formatHex(Cbor.integer(n))).isEqualTo(hex);
    }

    @Test
    void stringsArraysTagsAsAppendixA() {
        assertThat(HEX.formatHex(Cbor.bytes(new byte[0]))).isEqualTo("40");
        assertThat(HEX.formatHex(Cbor.bytes(HEX.parseHex("01020304")))).isEqualTo("4401020304");
        assertThat(HEX.formatHex(Cbor.text("IETF"))).isEqualTo("6449455446");
        assertThat(HEX.formatHex(Cbor.text("\u00fc"))).isEqualTo("62c3bc");
        assertThat(HEX.formatHex(Cbor.array(List.of(Cbor.integer(1), Cbor.integer(2), Cbor.integer(3)))))
                .isEqualTo("83010203");
        assertThat(HEX.formatHex(Cbor.tag(18, Cbor.array(List.of())))).isEqualTo("d280");
        assertThat(HEX.formatHex(Cbor.bytes(new byte[300])).substring(0, 6)).isEqualTo("59012c");
    }

    @Test
    void mapKeysInBytewiseOrderOfTheirEncoding() {
        // Added out of order: 10 (0a), -75000 (3a...), 256 (190100), -1 (20), 1 (01).
        byte[] map = new Cbor.MapBuilder()
                .put(10, Cbor.integer(0)).put(-75000, Cbor.integer(0)).put(256, Cbor.integer(0))
                .put(-1, Cbor.integer(0)).put(1, Cbor.integer(0)).build();
        assertThat(HEX.formatHex(map)).isEqualTo("a5" + "0100" + "0a00" + "19010000" + "2000" + "3a000124f700");
    }

    @Test
    void isOneMapAcceptsOnlyOneWellFormedDefiniteMap() {
        assertThat(Cbor.isOneMap(HEX.parseHex("a201020304"))).isTrue();
        assertThat(Cbor.isOneMap(HEX.parseHex("a1016449455446"))).isTrue();
        assertThat(Cbor.isOneMap(HEX.parseHex("a0"))).isTrue();
        assertThat(Cbor.isOneMap(HEX.parseHex("a20102"))).as("truncated").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("a1010203"))).as("trailing byte").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("bf01ff"))).as("indefinite").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("a1016549455446"))).as("string past the end").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("83010203"))).as("an array").isFalse();
        assertThat(Cbor.isOneMap(new byte[0])).isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("a1019bffffffffffffffff"))).as("huge array").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("a1015bffffffffffffffff"))).as("huge string").isFalse();
        assertThat(Cbor.isOneMap(HEX.parseHex("a201fbbff0000000000000021bffffffffffffffff")))
                .as("-1.0 and 2^64-1 are well-formed").isTrue();
        byte[] deep = new byte[40];
        deep[0] = (byte) 0xa1;
        deep[1] = 0x01;
        for (int i = 2; i < deep.length; i++) {
            deep[i] = (byte) 0x81;
        }
        assertThat(Cbor.isOneMap(deep)).as("nested too deeply").isFalse();
    }
}
