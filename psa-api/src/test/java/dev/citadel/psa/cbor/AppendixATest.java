package dev.citadel.psa.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples of RFC 8949 Appendix A (Table 6), their hex copied from the RFC, encoded and decoded. */
class AppendixATest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "0, 00", "1, 01", "10, 0a", "23, 17", "24, 1818", "25, 1819", "100, 1864", "1000, 1903e8",
        "1000000, 1a000f4240", "1000000000000, 1b000000e8d4a51000", "-1, 20", "-10, 29", "-100, 3863",
        "-1000, 3903e7"
    })
    void integersEncodeAndDecodeAsInTheRfc(long n, String hex) throws Exception {
        assertThat(HEX.formatHex(CborEncoder.integer(n))).isEqualTo(hex);
        CborReader r = new CborReader(HEX.parseHex(hex));
        assertThat(r.readInteger()).isEqualTo(n);
        r.expectEnd();
    }

    @Test
    void theLongExtremesUseTheEightByteHead() throws Exception {
        // Not in the table, but the same rule: 2^63-1 and -2^63 are the largest arguments a long carries.
        assertThat(HEX.formatHex(CborEncoder.integer(Long.MAX_VALUE))).isEqualTo("1b7fffffffffffffff");
        assertThat(HEX.formatHex(CborEncoder.integer(Long.MIN_VALUE))).isEqualTo("3b7fffffffffffffff");
        assertThat(new CborReader(HEX.parseHex("3b7fffffffffffffff")).readInteger()).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1bffffffffffffffff", "3bffffffffffffffff"})
    void integersBeyondALongAreWellFormedButNotReadAsALong(String hex) throws Exception {
        // 18446744073709551615 and -18446744073709551616: read into a long they would wrap.
        CborReader.checkOneItem(HEX.parseHex(hex));
        assertThatThrownBy(() -> new CborReader(HEX.parseHex(hex)).readInteger())
                .isInstanceOf(CborException.class).hasMessageContaining("at offset 0 is");
    }

    @ParameterizedTest
    @CsvSource({"2, c249010000000000000000", "3, c349010000000000000000"})
    void bignumsAreTaggedByteStrings(long tag, String hex) throws Exception {
        // 18446744073709551616 and -18446744073709551617 (§3.4.3).
        byte[] magnitude = HEX.parseHex("010000000000000000");
        assertThat(HEX.formatHex(CborEncoder.tag(tag, CborEncoder.bytes(magnitude)))).isEqualTo(hex);
        CborReader r = new CborReader(HEX.parseHex(hex));
        assertThat(r.readTag()).isEqualTo(tag);
        assertThat(r.readBytes()).isEqualTo(magnitude);
        r.expectEnd();
    }

    @Test
    void byteStringsEncodeAndDecodeAsInTheRfc() throws Exception {
        assertBytes("", "40");
        assertBytes("01020304", "4401020304");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|60", "a|6161", "IETF|6449455446", "\"\\|62225c", "\u00fc|62c3bc", "\u6c34|63e6b0b4",
        "\ud800\udd51|64f0908591"
    })
    void textStringsEncodeAndDecodeAsInTheRfc(String text, String hex) throws Exception {
        assertThat(HEX.formatHex(CborEncoder.text(text))).isEqualTo(hex);
        CborReader r = new CborReader(HEX.parseHex(hex));
        assertThat(r.readText()).isEqualTo(text);
        r.expectEnd();
    }

    @Test
    void arraysEncodeAndDecodeAsInTheRfc() throws Exception {
        assertThat(HEX.formatHex(CborEncoder.array(List.of()))).isEqualTo("80");
        assertThat(HEX.formatHex(CborEncoder.array(ints(1, 2, 3)))).isEqualTo("83010203");
        byte[] nested = CborEncoder.array(List.of(CborEncoder.integer(1), CborEncoder.array(ints(2, 3)),
                CborEncoder.array(ints(4, 5))));
        assertThat(HEX.formatHex(nested)).isEqualTo("8301820203820405");
        List<Long> oneTo25 = new ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            oneTo25.add(i);
        }
        String hex25 = "98190102030405060708090a0b0c0d0e0f101112131415161718181819";
        assertThat(HEX.formatHex(CborEncoder.array(ints(oneTo25.stream().mapToLong(Long::longValue).toArray()))))
                .isEqualTo(hex25);

        CborReader r = new CborReader(HEX.parseHex("8301820203820405"));
        assertThat(r.readArrayHeader()).isEqualTo(3);
        assertThat(r.readInteger()).isEqualTo(1);
        assertThat(r.readArrayHeader()).isEqualTo(2);
        assertThat(r.readInteger()).isEqualTo(2);
        assertThat(r.readInteger()).isEqualTo(3);
        assertThat(r.readArrayHeader()).isEqualTo(2);
        assertThat(r.readInteger()).isEqualTo(4);
        assertThat(r.readInteger()).isEqualTo(5);
        r.expectEnd();
        CborReader r25 = new CborReader(HEX.parseHex(hex25));
        assertThat(r25.readArrayHeader()).isEqualTo(25);
        for (long i = 1; i <= 25; i++) {
            assertThat(r25.readInteger()).isEqualTo(i);
        }
        r25.expectEnd();
    }

    @Test
    void mapsEncodeAndDecodeAsInTheRfc() throws Exception {
        assertThat(HEX.formatHex(CborMapBuilder.deterministic().build())).isEqualTo("a0");
        assertThat(HEX.formatHex(CborMapBuilder.deterministic().put(1, CborEncoder.integer(2))
                .put(3, CborEncoder.integer(4)).build())).isEqualTo("a201020304");
        assertThat(HEX.formatHex(CborMapBuilder.deterministic().put("a", CborEncoder.integer(1))
                .put("b", CborEncoder.array(ints(2, 3))).build())).isEqualTo("a26161016162820203");
        assertThat(HEX.formatHex(CborEncoder.array(List.of(CborEncoder.text("a"),
                CborMapBuilder.deterministic().put("b", CborEncoder.text("c")).build()))))
                .isEqualTo("826161a161626163");
        CborMapBuilder letters = CborMapBuilder.deterministic();
        for (String k : List.of("a", "b", "c", "d", "e")) {
            letters.put(k, CborEncoder.text(k.toUpperCase()));
        }
        assertThat(HEX.formatHex(letters.build())).isEqualTo("a56161614161626142616361436164614461656145");

        CborReader r = new CborReader(HEX.parseHex("a26161016162820203"));
        assertThat(r.readMapHeader()).isEqualTo(2);
        assertThat(r.readText()).isEqualTo("a");
        assertThat(r.readInteger()).isEqualTo(1);
        assertThat(r.readText()).isEqualTo("b");
        assertThat(r.readArrayHeader()).isEqualTo(2);
        assertThat(r.readInteger()).isEqualTo(2);
        assertThat(r.readInteger()).isEqualTo(3);
        r.expectEnd();
    }

    @Test
    void tagsEncodeAndDecodeAsInTheRfc() throws Exception {
        assertThat(HEX.formatHex(CborEncoder.tag(0, CborEncoder.text("2013-03-21T20:04:00Z"))))
                .isEqualTo("c074323031332d30332d32315432303a30343a30305a");
        assertThat(HEX.formatHex(CborEncoder.tag(1, CborEncoder.integer(1363896240)))).isEqualTo("c11a514b67b0");
        assertThat(HEX.formatHex(CborEncoder.tag(23, CborEncoder.bytes(HEX.parseHex("01020304")))))
                .isEqualTo("d74401020304");
        assertThat(HEX.formatHex(CborEncoder.tag(24, CborEncoder.bytes(HEX.parseHex("6449455446")))))
                .isEqualTo("d818456449455446");
        assertThat(HEX.formatHex(CborEncoder.tag(32, CborEncoder.text("http://www.example.com"))))
                .isEqualTo("d82076687474703a2f2f7777772e6578616d706c652e636f6d");

        CborReader r = new CborReader(HEX.parseHex("d82076687474703a2f2f7777772e6578616d706c652e636f6d"));
        assertThat(r.readTag()).isEqualTo(32);
        assertThat(r.readText()).isEqualTo("http://www.example.com");
        r.expectEnd();
    }

    /** Floats and simple values: no user writes them, but a reader must pass over them as one item each. */
    @ParameterizedTest
    @ValueSource(strings = {
        "f90000", "f98000", "f93c00", "fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000", "fa7f7fffff",
        "fb7e37e43c8800759c", "f90001", "f90400", "f9c400", "fbc010666666666666", "f97c00", "f97e00", "f9fc00",
        "fa7f800000", "fa7fc00000", "faff800000", "fb7ff0000000000000", "fb7ff8000000000000", "fbfff0000000000000",
        "f4", "f5", "f6", "f7", "f0", "f8ff", "c1fb41d452d9ec200000"
    })
    void floatsAndSimpleValuesAreOneWellFormedItemEach(String hex) throws Exception {
        byte[] item = HEX.parseHex(hex);
        CborReader.checkOneItem(item);
        CborReader r = new CborReader(HEX.parseHex(hex + hex));
        r.skip();
        assertThat(r.position()).isEqualTo(item.length);
    }

    /** The table's indefinite-length examples: well-formed CBOR, but outside what this strict reader accepts. */
    @ParameterizedTest
    @ValueSource(strings = {
        "5f42010243030405ff", "7f657374726561646d696e67ff", "9fff", "9f018202039f0405ffff", "9f01820203820405ff",
        "83018202039f0405ff", "83019f0203ff820405",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", "bf61610161629f0203ffff",
        "826161bf61626163ff", "bf6346756ef563416d7421ff"
    })
    void indefiniteLengthExamplesAreRefused(String hex) {
        assertThatThrownBy(() -> CborReader.checkOneItem(HEX.parseHex(hex)))
                .isInstanceOf(CborException.class).hasMessageContaining("indefinite-length");
    }

    private static void assertBytes(String content, String hex) throws Exception {
        assertThat(HEX.formatHex(CborEncoder.bytes(HEX.parseHex(content)))).isEqualTo(hex);
        CborReader r = new CborReader(HEX.parseHex(hex));
        assertThat(r.readBytes()).isEqualTo(HEX.parseHex(content));
        r.expectEnd();
    }

    private static List<byte[]> ints(long... values) {
        List<byte[]> items = new ArrayList<>();
        for (long v : values) {
            items.add(CborEncoder.integer(v));
        }
        return items;
    }
}
