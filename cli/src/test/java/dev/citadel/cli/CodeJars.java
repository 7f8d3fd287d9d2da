package dev.citadel.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Jars of the build's own code, made from wherever the test class path holds it (a module's classes directory or
 * a jar), so the tests run the same under {@code mvn test} and {@code mvn verify}.
 */
public final class CodeJars {
    private CodeJars() {}

    /** Where {@code c} was loaded from. */
    public static Path origin(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar holding {@code c}, copied (or packed from its classes directory) to {@code dir/name}. */
    public static Path jarOf(Class<?> c, Path dir, String name) throws IOException {
        Path out = dir.resolve(name);
        Path from = origin(c);
        if (Files.isRegularFile(from)) {
            Files.copy(from, out);
        } else {
            pack(List.of(from), out, null);
        }
        return out;
    }

    /**
     * The SPE's jars as {@code cli}'s package puts them in {@code spe-lib} (the ones image 0's manifest pins), made
     * from the build's own classes into {@code dir}. The one list of them for the tests.
     */
    public static List<Path> speLib(Path dir) throws IOException {
        return List.of(
                jarOf(dev.citadel.spe.SpeMain.class, dir, "spe.jar"),
                jarOf(dev.citadel.hal.DeviceDirectory.class, dir, "hal.jar"),
                jarOf(dev.citadel.psa.PsaStatus.class, dir, "psa-api.jar"),
                jarOf(dev.citadel.boot.bl2.Bl2.class, dir, "boot.jar"),
                jarOf(org.bouncycastle.crypto.digests.SHA256Digest.class, dir, "bcprov.jar"));
    }

    /** One jar of the classes of several origins (directories or jars); the first copy of an entry wins. */
    public static void pack(List<Path> origins, Path out, String mainClass) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Set<String> seen = new HashSet<>(Set.of("META-INF/MANIFEST.MF"));
        try (OutputStream o = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(o, mf)) {
            for (Path origin : origins) {
                if (Files.isDirectory(origin)) {
                    try (Stream<Path> files = Files.walk(origin)) {
                        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                            String name = origin.relativize(p).toString().replace('\\', '/');
                            if (seen.add(name)) {
                                jar.putNextEntry(new JarEntry(name));
                                jar.write(Files.readAllBytes(p));
                                jar.closeEntry();
                            }
                        }
                    }
                } else {
                    try (JarFile in = new JarFile(origin.toFile())) {
                        for (JarEntry e : in.stream().filter(e -> !e.isDirectory()).toList()) {
                            if (seen.add(e.getName())) {
                                jar.putNextEntry(new JarEntry(e.getName()));
                                try (var s = in.getInputStream(e)) {
                                    s.transferTo(jar);
                                }
                                jar.closeEntry();
                            }
                        }
                    }
                }
            }
        }
    }
}
