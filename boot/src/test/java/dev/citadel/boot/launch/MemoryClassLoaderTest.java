package dev.citadel.boot.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryClassLoaderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static MemoryClassLoader loader(byte[]... jars) throws LaunchException {
        List<MemoryJar> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < jars.length; i++) {
            parsed.add(MemoryJar.parse("jar" + i + ".jar", jars[i]));
        }
        return new MemoryClassLoader(parsed);
    }

    @Test
    void classesOnTheLaunchersOwnClassPathAreNotVisible() throws Exception {
        MemoryClassLoader cl = loader(TestJars.resourcesOnly(Map.of("x.txt", b("x")), Map.of()));
        assertThatThrownBy(() -> cl.loadClass(SpeManifest.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(cl.loadClass("java.lang.String")).isSameAs(String.class);
    }

    @Test
    void resourcesAreReadFromMemoryInClassPathOrder() throws Exception {
        MemoryClassLoader cl = loader(TestJars.resourcesOnly(Map.of("r.txt", b("first")), Map.of()),
                TestJars.resourcesOnly(Map.of("r.txt", b("second"), "only2.txt", b("2")), Map.of()));
        try (var in = cl.getResourceAsStream("r.txt")) {
            assertThat(in.readAllBytes()).isEqualTo(b("first"));
        }
        List<URL> all = Collections.list(cl.getResources("r.txt"));
        assertThat(all).hasSize(2);
        try (var in = all.get(1).openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(b("second"));
        }
        assertThat(cl.getResource("only2.txt").getProtocol()).isEqualTo(MemoryClassLoader.PROTOCOL);
        assertThat(cl.getResource("absent.txt")).isNull();
    }

    @Test
    void aMultiReleaseJarServesTheEntryForThisJavaVersion() throws Exception {
        int v = Runtime.version().feature();
        byte[] mr = TestJars.resourcesOnly(Map.of("v.txt", b("base"), "META-INF/versions/9/v.txt", b("nine"),
                "META-INF/versions/" + (v + 1) + "/v.txt", b("future")), Map.of("Multi-Release", "true"));
        byte[] plain = TestJars.resourcesOnly(Map.of("v.txt", b("base"), "META-INF/versions/9/v.txt", b("nine")),
                Map.of());
        try (var in = loader(mr).getResourceAsStream("v.txt")) {
            assertThat(in.readAllBytes()).isEqualTo(b("nine"));
        }
        try (var in = loader(plain).getResourceAsStream("v.txt")) {
            assertThat(in.readAllBytes()).isEqualTo(b("base"));
        }
    }

    @Test
    void classesAreDefinedFromTheJarBytes() throws Exception {
        byte[] jar = TestJars.jar(Map.of("p.Q", "package p; public class Q { public static int v() { return 42; } }"),
                Map.of(), null);
        Class<?> q = loader(jar).loadClass("p.Q");
        assertThat(q.getClassLoader()).isInstanceOf(MemoryClassLoader.class);
        assertThat(q.getMethod("v").invoke(null)).isEqualTo(42);
        assertThat(q.getProtectionDomain().getCodeSource().getLocation().getProtocol())
                .isEqualTo(MemoryClassLoader.PROTOCOL);
    }
}
