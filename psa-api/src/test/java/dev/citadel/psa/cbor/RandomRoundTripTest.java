package dev.citadel.psa.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random values (integers of every head size, byte and text strings, arrays, maps, tags; bounded in depth and size,
 * seeded so a failure repeats) written by the encoder and read back by the reader.
 */
class RandomRoundTripTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int VALUES = 2_000;
    private static final long[] EDGES = {0, 23, 24, 255, 256, 65_535, 65_536, 0xFFFF_FFFFL, 0x1_0000_0000L,
        Long.MAX_VALUE, -1, -24, -25, -256, -257, -65_536, -65_537, -0x1_0000_0000L, -0x1_0000_0001L, Long.MIN_VALUE};

    private record Tagged(long tag, Object item) {}

    @Test
    void everyValueReadsBackEqualEncodesAgainToTheSameBytesAndIsOneWellFormedItem() throws Exception {
        Random random = new Random(8949);
        for (int i = 0; i < VALUES; i++) {
            Object value = value(random, 0);
            byte[] encoded = encode(value);
            CborReader r = new CborReader(encoded);
            Object back = read(r);
            r.expectEnd();
            assertThat(back).as("value %d: %s", i, value).isEqualTo(value);
            assertThat(encode(back)).as("value %d re-encoded", i).isEqualTo(encoded);
            CborReader.checkOneItem(encoded);
        }
    }

    @Test
    void everyStrictPrefixOfAnEncodingIsRefused() {
        Random random = new Random(7049);
        for (int i = 0; i < VALUES / 4; i++) {
            byte[] encoded = encode(value(random, 0));
            for (int n = 0; n < encoded.length; n++) {
                byte[] prefix = Arrays.copyOf(encoded, n);
                assertThatThrownBy(() -> CborReader.checkOneItem(prefix)).as("value %d, %d bytes", i, n)
                        .isInstanceOf(CborException.class);
            }
        }
    }

    @Test
    void corruptedEncodingsAreReadOrRefusedButNeverCrashTheReader() {
        Random random = new Random(2013);
        int refused = 0;
        for (int i = 0; i < VALUES; i++) {
            byte[] encoded = encode(value(random, 0));
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                encoded[random.nextInt(encoded.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                CborReader r = new CborReader(encoded);
                read(r);
                r.expectEnd();
            } catch (CborException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            } catch (RuntimeException e) {
                fail("value " + i + " (" + HEX.formatHex(encoded) + ") crashed the reader", e);
            }
        }
        assertThat(refused).as("some corruptions are caught").isPositive();
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 3 : 6);
        return switch (kind) {
            case 0 -> integer(random);
            case 1 -> {
                byte[] b = new byte[random.nextInt(random.nextInt(8) == 0 ? 300 : 30)];
                random.nextBytes(b);
                yield ByteBuffer.wrap(b);
            }
            case 2 -> text(random);
            case 3 -> {
                List<Object> items = new ArrayList<>();
                for (int n = random.nextInt(6); n > 0; n--) {
                    items.add(value(random, depth + 1));
                }
                yield items;
            }
            case 4 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(6); n > 0; n--) {
                    map.put(random.nextBoolean() ? integer(random) : text(random), value(random, depth + 1));
                }
                yield map;
            }
            default -> new Tagged(random.nextInt(4) == 0 ? integer(random) & Long.MAX_VALUE
                    : random.nextInt(300), value(random, depth + 1));
        };
    }

    private static long integer(Random random) {
        return random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong() >> random.nextInt(64);
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0xE000 + random.nextInt(0x2000);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** The value in CBOR; maps in deterministic order, put in the order the value holds them. */
    private static byte[] encode(Object v) {
        if (v instanceof Long n) {
            return CborEncoder.integer(n);
        }
        if (v instanceof ByteBuffer b) {
            byte[] content = new byte[b.remaining()];
            b.duplicate().get(content);
            return CborEncoder.bytes(content);
        }
        if (v instanceof String s) {
            return CborEncoder.text(s);
        }
        if (v instanceof List<?> items) {
            return CborEncoder.array(items.stream().map(RandomRoundTripTest::encode).toList());
        }
        if (v instanceof Map<?, ?> map) {
            CborMapBuilder b = CborMapBuilder.deterministic();
            map.forEach((k, val) -> b.put(encode(k), encode(val)));
            return b.build();
        }
        Tagged t = (Tagged) v;
        return CborEncoder.tag(t.tag(), encode(t.item()));
    }

    private static Object read(CborReader r) throws CborException {
        switch (r.peekType()) {
            case UNSIGNED_INTEGER, NEGATIVE_INTEGER -> {
                return r.readInteger();
            }
            case BYTE_STRING -> {
                return ByteBuffer.wrap(r.readBytes());
            }
            case TEXT_STRING -> {
                return r.readText();
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int n = r.readArrayHeader(); n > 0; n--) {
                    items.add(read(r));
                }
                return items;
            }
            case MAP -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int n = r.readMapHeader(); n > 0; n--) {
                    map.put(read(r), read(r));
                }
                return map;
            }
            case TAG -> {
                return new Tagged(r.readTag(), read(r));
            }
            default -> {
                r.skip();
                return "simple or float";
            }
        }
    }

}
