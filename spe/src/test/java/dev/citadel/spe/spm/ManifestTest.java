package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks {@link ServiceManifest} and {@link PartitionManifest} make on their own fields. */
class ManifestTest {

    @Test
    void aConnectionBasedServiceWithAStatelessHandleIsRejected() {
        assertThatThrownBy(() -> new ServiceManifest("SVC", 0xF000, 1, VersionPolicy.STRICT, true, 3, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SVC")
                .hasMessageContaining("stateless_handle");
    }

    @Test
    void aStatelessServiceWithoutAStatelessHandleIsRejected() {
        assertThatThrownBy(() -> ServiceManifest.stateless("SVC", 0xF000, 1, VersionPolicy.STRICT, 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SVC")
                .hasMessageContaining("stateless_handle must be 1..32");
    }

    @Test
    void aStatelessHandleAbove32IsRejected() {
        assertThatThrownBy(() -> ServiceManifest.stateless("SVC", 0xF000, 1, VersionPolicy.STRICT, 33, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..32");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aServiceVersionBelow1IsRejected(int version) {
        assertThatThrownBy(() -> ServiceManifest.connectionBased("SVC", 0xF000, version, VersionPolicy.STRICT, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 1");
    }

    @Test
    void aStatelessServiceVersionAbove255IsRejected() {
        assertThatThrownBy(() -> ServiceManifest.stateless("SVC", 0xF000, 256, VersionPolicy.STRICT, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 bits");
    }

    @Test
    void aStatelessServiceMayHaveVersion255() {
        assertThat(ServiceManifest.stateless("SVC", 0xF000, 255, VersionPolicy.STRICT, 1, true).version())
                .isEqualTo(255);
    }

    @Test
    void aConnectionBasedServiceMayHaveAVersionAbove255() {
        assertThat(ServiceManifest.connectionBased("SVC", 0xF000, 256, VersionPolicy.STRICT, true).version())
                .isEqualTo(256);
    }

    @Test
    void aBlankServiceNameIsRejected() {
        assertThatThrownBy(() -> ServiceManifest.connectionBased(" ", 0xF000, 1, VersionPolicy.STRICT, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aPartitionIdThatIsNotPositiveIsRejected(int partitionId) {
        assertThatThrownBy(() -> PartitionManifest.builder("PART", partitionId).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PART")
                .hasMessageContaining("positive");
    }

    @Test
    void aPartitionManifestKeepsACopyOfItsLists() {
        List<ServiceManifest> services = new java.util.ArrayList<>();
        PartitionManifest m = new PartitionManifest(
                "PART", 1, PartitionType.PSA_ROT, PartitionModel.SFN, services, List.of());
        services.add(TestPartition.stateless("SVC", 0xF000, 1));

        assertThat(m.services()).isEmpty();
    }

    @Test
    void partitionTypesHaveTheirManifestSpelling() {
        assertThat(PartitionType.APPLICATION_ROT.manifestName()).isEqualTo("APPLICATION-ROT");
        assertThat(PartitionType.PSA_ROT.manifestName()).isEqualTo("PSA-ROT");
    }

    @Test
    void strictVersionPolicyAcceptsOnlyTheServiceVersion() {
        assertThat(VersionPolicy.STRICT.accepts(2, 2)).isTrue();
        assertThat(VersionPolicy.STRICT.accepts(2, 1)).isFalse();
        assertThat(VersionPolicy.STRICT.accepts(2, 3)).isFalse();
    }

    @Test
    void relaxedVersionPolicyAcceptsVersionsUpToTheServiceVersion() {
        assertThat(VersionPolicy.RELAXED.accepts(2, 1)).isTrue();
        assertThat(VersionPolicy.RELAXED.accepts(2, 2)).isTrue();
        assertThat(VersionPolicy.RELAXED.accepts(2, 3)).isFalse();
        assertThat(VersionPolicy.RELAXED.accepts(2, -1)).as("versions are unsigned").isFalse();
    }
}
