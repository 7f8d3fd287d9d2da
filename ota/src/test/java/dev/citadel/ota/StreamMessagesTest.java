package dev.citadel.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamMessagesTest {
    @Test
    void aDataBlockEncodesAsTheCborMapOfTheStreamProtocol() {
        byte[] cbor = DataBlock.of(0, 2, new byte[] {1, 2, 3}).encode();
        // {"f":0,"i":2,"l":3,"p":h'010203'} by hand (RFC 8949 heads)
        assertThat(HexFormat.of().formatHex(cbor)).isEqualTo("a4616600616902616c03617043010203");
    }

    @Test
    void aGetStreamRequestRoundTripsWithItsBitmap() throws Exception {
        GetStreamRequest r = new GetStreamRequest("rdy", 0, 4096, 8, new byte[] {(byte) 0x81, 0x01}, 3);
        GetStreamRequest back = GetStreamRequest.decode(r.encode());
        assertThat(back).isEqualTo(r);
        assertThat(back.asks(0)).isTrue();
        assertThat(back.asks(7)).isTrue();
        assertThat(back.asks(8)).isTrue();
        assertThat(back.asks(1)).isFalse();
        assertThat(back.asks(16)).isFalse();
    }

    @Test
    void largeIntegersUseTheLongerHeads() throws Exception {
        Map<String, Object> m = Cbor.decode(Cbor.encode(Map.of("a", 70000L)));
        assertThat(m).containsEntry("a", 70000L);
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        assertThatThrownBy(() -> DataBlock.decode(new byte[] {(byte) 0xa1, 0x61, 0x66}))
                .isInstanceOf(StreamFormatException.class).hasMessageContaining("ends early");
        assertThatThrownBy(() -> DataBlock.decode(Cbor.encode(Map.of("f", 0, "i", 1, "l", 2))))
                .isInstanceOf(StreamFormatException.class).hasMessage("no 'p'");
        assertThatThrownBy(() -> DataBlock.decode(new byte[] {(byte) 0xbf}))
                .isInstanceOf(StreamFormatException.class).hasMessageContaining("indefinite");
        assertThatThrownBy(() -> Cbor.decode(new byte[] {(byte) 0xa0, 0}))
                .isInstanceOf(StreamFormatException.class).hasMessageContaining("after the CBOR map");
        assertThatThrownBy(() -> Cbor.decode(new byte[] {(byte) 0xa1, 0x61, 0x61, 0x5a, 0x7f, (byte) 0xff, 0, 0}))
                .isInstanceOf(StreamFormatException.class).hasMessageContaining("left");
    }

    @Test
    void theBitmapCountsEachBlockOnceAndAsksOnlyForMissingOnes() {
        BlockBitmap b = new BlockBitmap(BlockBitmap.blockCount(10 * 1024 + 1, 1024));
        assertThat(b.blocks()).isEqualTo(11);
        assertThat(b.received(1)).isTrue();
        assertThat(b.received(1)).as("a duplicate").isFalse();
        assertThat(b.received(11)).as("out of range").isFalse();
        assertThat(b.window(0, 4)).containsExactly((byte) 0b11101);
        assertThat(b.countInWindow(0, 4)).isEqualTo(4);
        for (int i = 0; i < 11; i++) {
            b.received(i);
        }
        assertThat(b.complete()).isTrue();
        assertThat(b.firstNeeded()).isEqualTo(-1);
    }
}
