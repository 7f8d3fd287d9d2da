package dev.citadel.spe.spm;

import static dev.citadel.spe.spm.TestPartition.connectionBased;
import static dev.citadel.spe.spm.TestPartition.stateless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest checks {@link Spm.Builder#build()} makes across partitions. */
class SpmBuilderTest {

    private static Spm.Builder builder() {
        return Spm.builder().log(line -> {});
    }

    private static TestPartition dependent(String name, int pid, ServiceManifest service, String... deps) {
        PartitionManifest.Builder b = PartitionManifest.builder(name, pid).service(service);
        for (String d : deps) {
            b.dependency(d);
        }
        return new TestPartition(b.build());
    }

    @Test
    void aValidSetOfPartitionsBuilds() {
        Spm spm = builder()
                .partition(TestPartition.of("A", 300, stateless("A_SVC", 0xF000, 1)))
                .partition(TestPartition.of("B", 301, connectionBased("B_SVC", 0xF001)))
                .build();

        assertThat(spm.partitions()).extracting(PartitionManifest::name).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void aDuplicatePartitionIdIsRejected() {
        Spm.Builder b = builder()
                .partition(TestPartition.of("A", 300, stateless("A_SVC", 0xF000, 1)))
                .partition(TestPartition.of("B", 300, stateless("B_SVC", 0xF001, 2)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate partition ID 300");
    }

    @Test
    void aDuplicateSidIsRejected() {
        Spm.Builder b = builder()
                .partition(TestPartition.of("A", 300, stateless("A_SVC", 0xF000, 1)))
                .partition(TestPartition.of("B", 301, connectionBased("B_SVC", 0xF000)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate SID 0xf000");
    }

    @Test
    void aDuplicateSidWithinOnePartitionIsRejected() {
        Spm.Builder b = builder().partition(TestPartition.of(
                "A", 300, connectionBased("A_ONE", 0xF000), connectionBased("A_TWO", 0xF000)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate SID");
    }

    @Test
    void aDuplicateServiceNameIsRejected() {
        Spm.Builder b = builder()
                .partition(TestPartition.of("A", 300, stateless("SVC", 0xF000, 1)))
                .partition(TestPartition.of("B", 301, stateless("SVC", 0xF001, 2)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate service name SVC");
    }

    @Test
    void aDuplicateStatelessHandleIsRejected() {
        Spm.Builder b = builder()
                .partition(TestPartition.of("A", 300, stateless("A_SVC", 0xF000, 7)))
                .partition(TestPartition.of("B", 301, stateless("B_SVC", 0xF001, 7)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateless_handle 7");
    }

    @Test
    void anUnknownDependencyIsRejected() {
        Spm.Builder b = builder().partition(dependent("A", 300, stateless("A_SVC", 0xF000, 1), "NO_SUCH_SERVICE"));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A depends on unknown service NO_SUCH_SERVICE");
    }

    @Test
    void aDependencyOnTheSamePartitionsOwnServiceIsRejected() {
        Spm.Builder b = builder().partition(dependent("A", 300, stateless("A_SVC", 0xF000, 1), "A_SVC"));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A depends on its own service A_SVC");
    }

    @Test
    void aTwoPartitionDependencyCycleIsRejected() {
        Spm.Builder b = builder()
                .partition(dependent("A", 300, stateless("A_SVC", 0xF000, 1), "B_SVC"))
                .partition(dependent("B", 301, stateless("B_SVC", 0xF001, 2), "A_SVC"));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("A -> B -> A");
    }

    @Test
    void aLongerDependencyCycleIsRejected() {
        Spm.Builder b = builder()
                .partition(dependent("A", 300, stateless("A_SVC", 0xF000, 1), "B_SVC"))
                .partition(dependent("B", 301, stateless("B_SVC", 0xF001, 2), "C_SVC"))
                .partition(dependent("C", 302, stateless("C_SVC", 0xF002, 3), "A_SVC"));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void aSharedDependencyIsNotACycle() {
        // A -> B -> D and A -> C -> D: D is reached twice, but nothing depends on itself.
        Spm spm = builder()
                .partition(dependent("A", 300, stateless("A_SVC", 0xF000, 1), "B_SVC", "C_SVC"))
                .partition(dependent("B", 301, stateless("B_SVC", 0xF001, 2), "D_SVC"))
                .partition(dependent("C", 302, stateless("C_SVC", 0xF002, 3), "D_SVC"))
                .partition(dependent("D", 303, stateless("D_SVC", 0xF003, 4)))
                .build();

        assertThat(spm.partitions()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aConnectionPoolWithoutSlotsIsRejected(int size) {
        Spm.Builder b = builder().connectionPoolSize(size);

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anSpmWithoutPartitionsStartsAndAnswersVersionNone() throws Exception {
        Spm spm = builder().partitions(List.of()).build();
        spm.start();

        try (var ns = spm.openSession(NsAgent.trustZone())) {
            assertThat(ns.version(-1, 0x80)).isZero();
        }
    }
}
