package dev.citadel.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md rule 1: the build fails if the non-secure world can reach the secure one, or the reverse. */
class ModuleRulesTest {
    private static final Path ROOT = Path.of(System.getProperty("citadel.root", "..")).toAbsolutePath().normalize();

    @Test
    void nonSecureModulesDoNotDependOnSpeHalOrBoot() throws Exception {
        Map<String, Set<String>> graph = ModuleRules.moduleGraph(ROOT);
        assertThat(graph).containsKeys("ns", "spe", "psa-api");
        assertThat(ModuleRules.graphViolations(graph)).isEmpty();
    }

    @Test
    void nonSecureClassesReferNoSecurePackage() throws Exception {
        for (String m : ModuleRules.NS_SIDE) {
            Path classes = ROOT.resolve(m).resolve("target/classes");
            assertThat(ModuleRules.classViolations(classes, ModuleRules.SECURE_SIDE)).as(m).isEmpty();
        }
        assertThat(ROOT.resolve("ns/target/classes/dev/citadel/ns/SocketClient.class")).exists();
    }

    @Test
    void speClassesReferNoNonSecurePackage() throws Exception {
        Path classes = ROOT.resolve("spe/target/classes");
        assertThat(classes.resolve("dev/citadel/spe/spm/Spm.class")).exists();
        assertThat(ModuleRules.classViolations(classes, ModuleRules.SPE_FORBIDDEN)).isEmpty();
    }

    @Test
    void psaApiDependsOnNoOtherModule() throws Exception {
        assertThat(ModuleRules.moduleGraph(ROOT).get("psa-api")).isEmpty();
    }

    @Test
    void aDirectOrTransitiveCrossingIsReported() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        graph.put("psa-api", Set.of());
        graph.put("hal", Set.of("psa-api"));
        graph.put("spe", Set.of("hal", "ns"));
        graph.put("helper", Set.of("hal"));
        graph.put("ns", Set.of("psa-api", "helper"));
        assertThat(ModuleRules.graphViolations(graph)).containsExactlyInAnyOrder("ns depends on hal", "spe depends on ns");
    }

    @Test
    void aClassReferenceAcrossTheBoundaryIsReported(@TempDir Path dir) throws Exception {
        Path cls = dir.resolve("dev/citadel/ns/Leak.class");
        Files.createDirectories(cls.getParent());
        Files.write(cls, "\u00ca\u00fe\u00ba\u00be....dev/citadel/spe/spm/Spm;..."
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(ModuleRules.classViolations(dir, ModuleRules.SECURE_SIDE)).singleElement().asString()
                .contains("references dev.citadel.spe");
    }
}
