package dev.citadel.boot.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Small programs compiled by the JDK's compiler and packed into jars, for launch tests. */
final class TestJars {
    private TestJars() {}

    /**
     * Compiles {@code sources} (class name → source) and packs the classes and {@code resources} into a jar.
     *
     * @param mainClass the Main-Class attribute, or null for none
     */
    static byte[] jar(Map<String, String> sources, Map<String, byte[]> resources, String mainClass) {
        return jar(sources, resources, mainClass, "");
    }

    /** As {@link #jar(Map, Map, String)}, packing only the classes whose path starts with {@code keep}. */
    static byte[] jar(Map<String, String> sources, Map<String, byte[]> resources, String mainClass, String keep) {
        try {
            Path dir = Files.createTempDirectory("testjar");
            Path src = dir.resolve("src");
            Path out = dir.resolve("classes");
            Files.createDirectories(out);
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                args.add(f.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test sources do not compile");
            }
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (mainClass != null) {
                mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes, mf); Stream<Path> files = Files.walk(out)) {
                for (Path p : files.filter(Files::isRegularFile)
                        .filter(p -> out.relativize(p).toString().replace('\\', '/').startsWith(keep))
                        .sorted().toList()) {
                    jar.putNextEntry(new ZipEntry(out.relativize(p).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(p));
                    jar.closeEntry();
                }
                for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                    jar.putNextEntry(new ZipEntry(r.getKey()));
                    jar.write(r.getValue());
                    jar.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar of resources only, with a manifest of the given main attributes. */
    static byte[] resourcesOnly(Map<String, byte[]> resources, Map<String, String> mainAttributes) {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mainAttributes.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                jar.putNextEntry(new ZipEntry(r.getKey()));
                jar.write(r.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
