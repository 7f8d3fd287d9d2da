package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PackIovecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static PackIovec aeadEncrypt() {
        return PackIovec.builder(CryptoFunction.AEAD_ENCRYPT)
                .keyId(0x11223344)
                .alg(Algorithm.GCM)
                .opHandle(3)
                .adLength(0x20)
                .plaintextLength(0x40)
                .nonce(HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab"))
                .step(0x0101)
                .value(0x0102030405060708L)
                .build();
    }

    @Test
    void theStructIs56Bytes() {
        assertThat(PackIovec.SIZE).isEqualTo(56);
        assertThat(PackIovec.builder().build().encode()).hasSize(56);
    }

    @Test
    void encodeWritesTfmsLayout() {
        String expected = "44332211" // key_id @0
                + "00025005" // alg @4
                + "03000000" // op_handle @8
                + "20000000" // ad_length @12
                + "40000000" // plaintext_length @16
                + "a0a1a2a3a4a5a6a7a8a9aaab00000000" // nonce[16] @20
                + "0c000000" // nonce_length @36
                + "0006" // function_id @40
                + "0101" // step @42
                + "00000000" // padding @44
                + "0807060504030201"; // value @48
        assertThat(HEX.formatHex(aeadEncrypt().encode())).isEqualTo(expected);
    }

    @Test
    void decodeReadsWhatEncodeWrote() {
        PackIovec p = aeadEncrypt();
        PackIovec back = PackIovec.decode(p.encode());
        assertThat(back).isEqualTo(p);
        assertThat(back.function()).contains(CryptoFunction.AEAD_ENCRYPT);
        assertThat(back.nonce()).isEqualTo(HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab"));
        assertThat(back.alg()).isEqualTo(Algorithm.GCM);
    }

    @Test
    void anEmptyHeaderIsAllZero() {
        assertThat(PackIovec.builder().build().encode()).isEqualTo(new byte[56]);
    }

    @Test
    void capacityIsTheLowHalfOfTheValueUnion() {
        PackIovec p = PackIovec.builder(CryptoFunction.KD_SET_CAPACITY).capacity(0xFFFFFFFFL).build();
        byte[] wire = p.encode();
        assertThat(HEX.formatHex(Arrays.copyOfRange(wire, 48, 56))).isEqualTo("ffffffff00000000");
        assertThat(PackIovec.decode(wire).capacity()).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void capacityReadsOnlyTheLowHalf() {
        PackIovec p = PackIovec.builder().value(0x1234567887654321L).build();
        assertThat(p.capacity()).isEqualTo(0x87654321L);
        assertThat(p.value()).isEqualTo(0x1234567887654321L);
    }

    @Test
    void capacityMustFitInAU32() {
        assertThatThrownBy(() -> PackIovec.builder().capacity(0x100000000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PackIovec.builder().capacity(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeRejectsFewerThan56Bytes() {
        assertThatThrownBy(() -> PackIovec.decode(new byte[55]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("56");
    }

    @Test
    void decodeReadsOnlyTheFirst56Bytes() {
        byte[] wire = Arrays.copyOf(aeadEncrypt().encode(), 64);
        Arrays.fill(wire, 56, 64, (byte) 0x77);
        assertThat(PackIovec.decode(wire)).isEqualTo(aeadEncrypt());
    }

    @Test
    void decodeFromABufferStartsAtItsPositionAndLeavesItThere() {
        ByteBuffer buf = ByteBuffer.allocate(60).order(ByteOrder.BIG_ENDIAN);
        buf.position(4);
        buf.put(aeadEncrypt().encode());
        buf.position(4);
        assertThat(PackIovec.decode(buf)).isEqualTo(aeadEncrypt());
        assertThat(buf.position()).isEqualTo(4);
    }

    @Test
    void decodeIgnoresThePadding() {
        byte[] wire = aeadEncrypt().encode();
        Arrays.fill(wire, 44, 48, (byte) 0xEE);
        PackIovec p = PackIovec.decode(wire);
        assertThat(p).isEqualTo(aeadEncrypt());
        assertThat(p.encode()).isEqualTo(aeadEncrypt().encode());
    }

    @Test
    void anOversizedNonceLengthIsKeptForTheServerToReject() {
        byte[] wire = aeadEncrypt().encode();
        wire[36] = 17;
        PackIovec p = PackIovec.decode(wire);
        assertThat(p.nonceLength()).isEqualTo(17);
        assertThat(p.hasValidNonceLength()).isFalse();
        assertThatThrownBy(p::nonce).isInstanceOf(IllegalStateException.class);
        assertThat(p.encode()).isEqualTo(wire);
    }

    @Test
    void aNonceLengthWithTheTopBitSetIsInvalid() {
        byte[] wire = aeadEncrypt().encode();
        wire[39] = (byte) 0x80;
        assertThat(PackIovec.decode(wire).hasValidNonceLength()).isFalse();
    }

    @Test
    void anUnknownFunctionIdIsKept() {
        byte[] wire = PackIovec.builder().functionId(0x0A07).build().encode();
        PackIovec p = PackIovec.decode(wire);
        assertThat(p.functionId()).isEqualTo(0x0A07);
        assertThat(p.function()).isEmpty();
    }

    @Test
    void theBuilderRefusesANonceLongerThan16Bytes() {
        assertThatThrownBy(() -> PackIovec.builder().nonce(new byte[17]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PackIovec.builder().nonce(new byte[16]).build().nonceLength()).isEqualTo(16);
    }

    @Test
    void functionIdAndStepAreU16() {
        assertThatThrownBy(() -> PackIovec.builder().functionId(0x10000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PackIovec.builder().step(-1)).isInstanceOf(IllegalArgumentException.class);
        PackIovec p = PackIovec.decode(PackIovec.builder().functionId(0xFFFF).step(0xFFFF).build().encode());
        assertThat(p.functionId()).isEqualTo(0xFFFF);
        assertThat(p.step()).isEqualTo(0xFFFF);
    }

    @Test
    void withOpHandleChangesOnlyTheHandle() {
        PackIovec p = aeadEncrypt().withOpHandle(7);
        assertThat(p.opHandle()).isEqualTo(7);
        assertThat(p.toBuilder().opHandle(3).build()).isEqualTo(aeadEncrypt());
    }

    @Test
    void theNonceCannotBeChangedThroughItsAccessorOrTheCallersArray() {
        byte[] nonce = {1, 2, 3};
        PackIovec p = PackIovec.builder().nonce(nonce).build();
        nonce[0] = 9;
        p.nonce()[1] = 9;
        assertThat(p.nonce()).containsExactly(1, 2, 3);
    }
}
