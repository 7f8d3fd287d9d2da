package dev.citadel.psa.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every class of malformed input refused with a checked exception that says what and where. */
class CborReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @ValueSource(strings = {"", "18", "1901", "1a000f42", "1b000000e8d4a510", "59", "9a0000", "c0", "d8", "820118"})
    void aTruncatedHeadOrAMissingItemIsRefused(String hex) {
        assertRefused(hex, "ends early");
    }

    @ParameterizedTest
    @CsvSource({"4401020304, 44010203", "6449455446, 64494554", "62c3bc, 62c3"})
    void aTruncatedStringIsRefusedWithItsLengthAndTheBytesLeft(String whole, String truncated) throws Exception {
        CborReader.checkOneItem(HEX.parseHex(whole));
        assertRefused(truncated, "left");
    }

    @Test
    void aStringLongerThanTheInputIsRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("5a7fff0000")).readBytes())
                .isInstanceOf(CborException.class)
                .hasMessage("a byte string of 2147418112 bytes at offset 0, 0 left");
        assertRefused("5bffffffffffffffff", "18446744073709551615 bytes");
        assertRefused("7b7fffffffffffffff01", "1 left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9bffffffffffffffff", "9a7fffffff00", "8201", "bbffffffffffffffff", "a20102", "a301020304"})
    void anArrayOrMapCountBeyondTheInputIsRefused(String hex) {
        assertRefused(hex, "cannot fit");
    }

    @ParameterizedTest
    @CsvSource({
        "5f4101ff, indefinite-length byte string", "7f6161ff, indefinite-length text string",
        "9fff, indefinite-length array", "bfff, indefinite-length map"
    })
    void indefiniteLengthsAreRefused(String hex, String message) {
        assertRefused(hex, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1f", "3f", "df00"})
    void additionalInformation31OnAnIntegerOrTagIsNotWellFormed(String hex) {
        assertRefused(hex, "not well-formed");
    }

    @Test
    void aBreakOutsideAnIndefiniteLengthItemIsRefused() {
        assertRefused("ff", "break");
        assertRefused("81ff", "break");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1c", "1d", "1e", "3c", "5d", "7e", "9c", "bd", "de", "fc", "fd", "fe"})
    void reservedAdditionalInformation28To30IsRefused(String hex) {
        assertRefused(hex, "reserved additional information " + (HEX.parseHex(hex)[0] & 0x1F));
    }

    @Test
    void aTwoByteSimpleValueBelow32IsNotWellFormed() throws Exception {
        assertRefused("f800", "simple value 0");
        assertRefused("f81f", "simple value 31");
        CborReader.checkOneItem(HEX.parseHex("f820"));
    }

    @Test
    void trailingBytesAreRefusedWhereExactlyOneItemIsAsked() throws Exception {
        assertThatThrownBy(() -> CborReader.checkOneItem(HEX.parseHex("a00000")))
                .isInstanceOf(CborException.class).hasMessage("2 bytes after the CBOR item, at offset 1");
        CborReader r = new CborReader(HEX.parseHex("0102"));
        assertThat(r.readInteger()).isEqualTo(1);
        assertThatThrownBy(r::expectEnd).isInstanceOf(CborException.class).hasMessageContaining("1 bytes after");
        assertThat(r.readInteger()).as("a sequence reads on").isEqualTo(2);
        r.expectEnd();
    }

    @Test
    void anItemOfAnotherTypeIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("6161")).readBytes())
                .isInstanceOf(CborException.class)
                .hasMessage("a text string at offset 0 where a byte string is expected");
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("20")).readUnsigned())
                .isInstanceOf(CborException.class)
                .hasMessage("a negative integer at offset 0 where an unsigned integer is expected");
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("a0")).readArrayHeader())
                .isInstanceOf(CborException.class).hasMessage("a map at offset 0 where an array is expected");
    }

    @Test
    void integersAndTagsBeyondALongAreRefusedNotWrapped() {
        assertRefusedBy("1b8000000000000000", "beyond 2^63-1", true);
        assertRefusedBy("3b8000000000000000", "below -2^63", true);
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("db800000000000000000")).readTag())
                .isInstanceOf(CborException.class).hasMessageContaining("beyond 2^63-1");
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        assertThatThrownBy(() -> new CborReader(HEX.parseHex("62c328")).readText())
                .isInstanceOf(CborException.class).hasMessage("the text string at offset 0 is not UTF-8");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedAndTheLimitItselfIsRead() throws Exception {
        byte[] atLimit = new byte[CborReader.MAX_DEPTH + 1];
        byte[] beyond = new byte[CborReader.MAX_DEPTH + 2];
        java.util.Arrays.fill(atLimit, (byte) 0x81);
        java.util.Arrays.fill(beyond, (byte) 0x81);
        atLimit[atLimit.length - 1] = 0;
        beyond[beyond.length - 1] = 0;
        CborReader.checkOneItem(atLimit);
        assertThatThrownBy(() -> CborReader.checkOneItem(beyond))
                .isInstanceOf(CborException.class).hasMessageContaining("nested more than 16 deep");
    }

    @Test
    void nonShortestArgumentsAreWellFormedAndRead() throws Exception {
        // Preferred serialization is for writers; a reader takes any definite length (RFC 8949 §4.1).
        assertThat(new CborReader(HEX.parseHex("1b0000000000000001")).readInteger()).isEqualTo(1);
        assertThat(new CborReader(HEX.parseHex("5800")).readBytes()).isEmpty();
    }

    @Test
    void everyPrefixOfAnItemIsRefusedAsTruncated() {
        byte[] item = HEX.parseHex("a26161016162820203");
        for (int n = 0; n < item.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(item, n);
            assertThatThrownBy(() -> CborReader.checkOneItem(prefix)).as("first %d bytes", n)
                    .isInstanceOf(CborException.class);
        }
        assertThatCode(() -> CborReader.checkOneItem(item)).doesNotThrowAnyException();
    }

    private static void assertRefused(String hex, String message) {
        assertRefusedBy(hex, message, false);
    }

    private static void assertRefusedBy(String hex, String message, boolean asInteger) {
        byte[] data = HEX.parseHex(hex);
        assertThatThrownBy(() -> {
            if (asInteger) {
                new CborReader(data).readInteger();
            } else {
                CborReader.checkOneItem(data);
            }
        }).as(hex).isInstanceOf(CborException.class).hasMessageContaining(message);
    }
}
