package dev.citadel.spe.spm;

import static dev.citadel.spe.spm.TestPartition.stateless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link Spm#start()}: every partition's {@code entry_init}, dependencies first. */
class SpmStartTest {
    private final List<String> inits = new CopyOnWriteArrayList<>();

    private TestPartition recording(String name, int pid, int statelessHandle, String... deps) {
        PartitionManifest.Builder b = PartitionManifest.builder(name, pid)
                .service(stateless(name + "_SVC", 0xF000 + pid, statelessHandle));
        for (String d : deps) {
            b.dependency(d);
        }
        return new TestPartition(b.build()).onInit(c -> inits.add(name));
    }

    @Test
    void initRunsDependenciesFirst() throws Exception {
        // Registered in the wrong order on purpose: A needs B, B needs C.
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(recording("A", 300, 1, "B_SVC"))
                .partition(recording("B", 301, 2, "C_SVC"))
                .partition(recording("C", 302, 3))
                .build();

        spm.start();

        assertThat(inits).containsExactly("C", "B", "A");
    }

    @Test
    void aSharedDependencyIsInitialisedOnceBeforeBothDependents() throws Exception {
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(recording("A", 300, 1, "B_SVC", "C_SVC"))
                .partition(recording("B", 301, 2, "D_SVC"))
                .partition(recording("C", 302, 3, "D_SVC"))
                .partition(recording("D", 303, 4))
                .build();

        spm.start();

        assertThat(inits).containsExactly("D", "B", "C", "A");
    }

    @Test
    void partitionsAreListedInInitOrder() {
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(recording("A", 300, 1, "B_SVC"))
                .partition(recording("B", 301, 2))
                .build();

        assertThat(spm.partitions()).extracting(PartitionManifest::name).containsExactly("B", "A");
    }

    @Test
    void initReceivesAContextWithThePartitionsManifest() throws Exception {
        TestPartition a = recording("A", 300, 1);
        Spm spm = Spm.builder().log(line -> {}).partition(a).build();

        spm.start();

        assertThat(a.context.manifest()).isSameAs(a.manifest());
        assertThat(a.context.client()).isNotNull();
    }

    @Test
    void aFailingInitStopsStartNamingThePartition() {
        IOException cause = new IOException("flash unreadable");
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(recording("GOOD", 300, 1))
                .partition(TestPartition.of("BROKEN", 301, stateless("BROKEN_SVC", 0xF001, 2))
                        .onInit(c -> {
                            throw cause;
                        }))
                .build();

        assertThatThrownBy(spm::start)
                .isInstanceOf(SpmStartException.class)
                .hasMessageContaining("BROKEN")
                .hasMessageContaining("flash unreadable")
                .hasCause(cause);
    }

    @Test
    void aPanicInInitStopsStart() {
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(TestPartition.of("BROKEN", 301, stateless("BROKEN_SVC", 0xF001, 2))
                        .onInit(c -> {
                            throw c.panic("no key");
                        }))
                .build();

        assertThatThrownBy(spm::start).isInstanceOf(SpmStartException.class).hasMessageContaining("BROKEN");
    }

    @Test
    void partitionsDependingOnAFailedPartitionAreNotInitialised() {
        Spm spm = Spm.builder()
                .log(line -> {})
                .partition(recording("A", 300, 1, "B_SVC"))
                .partition(TestPartition.of("B", 301, stateless("B_SVC", 0xF12D, 2)).onInit(c -> {
                    throw new IllegalStateException("boom");
                }))
                .build();

        assertThatThrownBy(spm::start).isInstanceOf(SpmStartException.class);
        assertThat(inits).doesNotContain("A");
    }
}
