package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAttributesTest {

    private static final HexFormat HEX = HexFormat.of();

    private static KeyAttributes p256SigningKey() {
        return KeyAttributes.builder()
                .type(KeyType.eccKeyPair(EccFamily.SECP_R1))
                .bits(256)
                .usage(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH).withImplied())
                .algorithm(Algorithm.ecdsa(Algorithm.SHA_256))
                .id(0x42)
                .build();
    }

    @Test
    void clientWireIs24Bytes() {
        assertThat(KeyAttributes.CLIENT_WIRE_SIZE).isEqualTo(24);
        assertThat(p256SigningKey().toClientWire()).hasSize(24);
    }

    @Test
    void clientWireIsTfmsLittleEndianLayout() {
        // u16 type, u16 bits, u32 lifetime, u32 usage, u32 alg, u32 alg2, u32 id
        String expected = "1271" + "0001" + "01000000" + "003c0000" + "09060006" + "00000000" + "42000000";
        assertThat(HEX.formatHex(p256SigningKey().toClientWire())).isEqualTo(expected);
    }

    @Test
    void everyFieldLandsAtItsOffset() {
        KeyAttributes a = new KeyAttributes(KeyType.of(0xA1A2), 0xB1B2, KeyLifetime.of(0xC1C2C3C4),
                KeyUsage.of(0xD1D2D3D4), Algorithm.of(0xE1E2E3E4), Algorithm.of(0xF1F2F3F4), 0x01020304);
        assertThat(HEX.formatHex(a.toClientWire()))
                .isEqualTo("a2a1" + "b2b1" + "c4c3c2c1" + "d4d3d2d1" + "e4e3e2e1" + "f4f3f2f1" + "04030201");
    }

    @Test
    void clientWireRoundTrips() {
        KeyAttributes a = p256SigningKey();
        assertThat(KeyAttributes.fromClientWire(a.toClientWire())).isEqualTo(a);
    }

    @Test
    void fromClientWireAcceptsAnyFieldValues() {
        byte[] wire = new byte[24];
        java.util.Arrays.fill(wire, (byte) 0xFF);
        KeyAttributes a = KeyAttributes.fromClientWire(wire);
        assertThat(a.type().value()).isEqualTo(0xFFFF);
        assertThat(a.bits()).isEqualTo(0xFFFF);
        assertThat(a.id()).isEqualTo(-1);
        assertThat(a.toClientWire()).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 23, 25, 28})
    void fromClientWireRejectsWrongLengths(int length) {
        assertThatThrownBy(() -> KeyAttributes.fromClientWire(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24");
    }

    @Test
    void initIsAllZeroOnTheWire() {
        assertThat(KeyAttributes.INIT.toClientWire()).isEqualTo(new byte[24]);
        assertThat(KeyAttributes.builder().build()).isEqualTo(KeyAttributes.INIT);
    }

    @Test
    void settingAnIdMakesAVolatileKeyPersistent() {
        KeyAttributes a = KeyAttributes.builder().id(7).build();
        assertThat(a.lifetime()).isEqualTo(KeyLifetime.PERSISTENT);
        assertThat(a.id()).isEqualTo(7);
    }

    @Test
    void settingAnIdKeepsANonVolatileLifetime() {
        KeyLifetime readOnly = KeyLifetime.fromPersistenceAndLocation(KeyLifetime.PERSISTENCE_READ_ONLY, 0);
        KeyAttributes a = KeyAttributes.builder().lifetime(readOnly).id(7).build();
        assertThat(a.lifetime()).isEqualTo(readOnly);
    }

    @Test
    void settingAVolatileLifetimeClearsTheId() {
        KeyAttributes a = KeyAttributes.builder().id(7).lifetime(KeyLifetime.VOLATILE).build();
        assertThat(a.id()).isEqualTo(KeyId.NULL);
    }

    @Test
    void aPersistentLifetimeWithoutAnIdIsRejected() {
        assertThatThrownBy(() -> KeyAttributes.builder().lifetime(KeyLifetime.PERSISTENT).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("psa_set_key_id");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 0x80000000})
    void theBuilderRejectsNullAndReservedIds(int id) {
        assertThatThrownBy(() -> KeyAttributes.builder().id(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x10000})
    void bitsMustFitInAU16(int bits) {
        assertThatThrownBy(() -> KeyAttributes.builder().bits(bits)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyAttributes(KeyType.AES, bits, KeyLifetime.VOLATILE, KeyUsage.NONE,
                Algorithm.NONE, Algorithm.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVolatileKeyCanReportItsId() {
        KeyAttributes reported = new KeyAttributes(KeyType.AES, 128, KeyLifetime.VOLATILE, KeyUsage.ENCRYPT,
                Algorithm.GCM, Algorithm.NONE, 0x7FFFFFE0);
        assertThat(KeyAttributes.fromClientWire(reported.toClientWire()).id()).isEqualTo(0x7FFFFFE0);
    }

    @Test
    void toBuilderStartsFromTheCurrentValues() {
        KeyAttributes a = p256SigningKey().toBuilder().bits(384).build();
        assertThat(a.bits()).isEqualTo(384);
        assertThat(a.id()).isEqualTo(0x42);
        assertThat(a.algorithm()).isEqualTo(Algorithm.ecdsa(Algorithm.SHA_256));
    }

    @Test
    void eitherPermittedAlgorithmPermitsARequest() {
        KeyAttributes a = p256SigningKey().toBuilder()
                .algorithm2(Algorithm.deterministicEcdsa(Algorithm.ANY_HASH))
                .build();
        assertThat(a.permits(Algorithm.ecdsa(Algorithm.SHA_256))).isTrue();
        assertThat(a.permits(Algorithm.deterministicEcdsa(Algorithm.SHA_384))).isTrue();
        assertThat(a.permits(Algorithm.ecdsa(Algorithm.SHA_384))).isFalse();
    }

    @Test
    void permitsUsesTheKeyTypeForBlockCipherMacs() {
        KeyAttributes a = KeyAttributes.builder()
                .type(KeyType.AES)
                .algorithm(Algorithm.atLeastThisLengthMac(Algorithm.CMAC, 12))
                .build();
        assertThat(a.permits(Algorithm.CMAC)).isTrue();
    }
}
