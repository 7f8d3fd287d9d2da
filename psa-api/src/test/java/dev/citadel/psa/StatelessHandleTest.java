package dev.citadel.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatelessHandleTest {

    /** TF-M's {@code psa_manifest/sid.h}: the handles its NS interfaces pass to {@code psa_call}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CRYPTO,                   0x40000100",
        "PROTECTED_STORAGE,        0x40000101",
        "INTERNAL_TRUSTED_STORAGE, 0x40000102",
        "ATTESTATION,              0x40000103",
        "FIRMWARE_UPDATE,          0x40000104",
        "PLATFORM,                 0x40000105",
    })
    void tfmServiceHandlesAreTfmsHandles(TfmService service, String handle) {
        assertThat(service.handle()).isEqualTo(Integer.decode(handle));
    }

    @Test
    void tfmHasSixServices() {
        assertThat(TfmService.values()).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(TfmService.class)
    void tfmServiceHandleDecodesToItsIndexAndVersionOne(TfmService service) {
        int h = service.handle();
        assertThat(StatelessHandle.index(h)).isEqualTo(service.statelessIndex() - 1);
        assertThat(StatelessHandle.version(h)).isEqualTo(1);
    }

    @Test
    void encodeSetsBit30TheVersionAndTheZeroBasedIndex() {
        assertThat(StatelessHandle.encode(7, 3)).isEqualTo(0x40000306);
    }

    @ParameterizedTest(name = "stateless_handle {0}, version {1}")
    @CsvSource({"1, 0", "1, 1", "9, 3", "32, 255", "17, 128"})
    void indexAndVersionDecodeWhatEncodeWrote(int statelessHandle, int version) {
        int h = StatelessHandle.encode(statelessHandle, version);
        assertThat(StatelessHandle.index(h)).isEqualTo(statelessHandle - 1);
        assertThat(StatelessHandle.version(h)).isEqualTo(version);
    }

    @ParameterizedTest(name = "stateless_handle {0}, version {1}")
    @CsvSource({"1, 0", "32, 255", "5, 1"})
    void encodedHandlesAreStatelessAndWellFormed(int statelessHandle, int version) {
        int h = StatelessHandle.encode(statelessHandle, version);
        assertThat(StatelessHandle.isStateless(h)).isTrue();
        assertThat(StatelessHandle.isWellFormed(h)).isTrue();
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"40000020", "40000040", "40000080", "40010100", "40800100", "C0000100", "60000100"})
    void isWellFormedRejectsStrayBits(String hex) {
        int handle = Integer.parseUnsignedInt(hex, 16);
        assertThat(StatelessHandle.isWellFormed(handle)).isFalse();
    }

    @Test
    void isWellFormedRejectsAHandleWithoutTheIndicator() {
        assertThat(StatelessHandle.isWellFormed(0x00000100)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 0x3FFFFFFF})
    void connectionHandlesAreNotStateless(int handle) {
        assertThat(StatelessHandle.isStateless(handle)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 33, -1})
    void encodeRejectsAStatelessHandleOutside1To32(int statelessHandle) {
        assertThatThrownBy(() -> StatelessHandle.encode(statelessHandle, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..32");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 0x1000, -1})
    void encodeRejectsAVersionThatDoesNotFitIn8Bits(int version) {
        assertThatThrownBy(() -> StatelessHandle.encode(1, version))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 bits");
    }
}
