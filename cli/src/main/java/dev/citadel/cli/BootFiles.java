package dev.citadel.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the code BL2 boots lives beside {@code citadel.jar}: the SPE's jars in {@code spe-lib/} (pinned by the
 * manifest signed as image 0) and the demo's NS application in {@code ns-app/nsapp.jar} (image 1's payload). The
 * shaded {@code citadel.jar} cannot serve as either: the manifest pins separate jars, and the NS world must not
 * receive the SPE's classes.
 */
final class BootFiles {
    private BootFiles() {}

    /** The directory holding citadel's own code: {@code cli/target} for the jar and for the build's classes. */
    static Path home() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toAbsolutePath().getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new UserException("cannot tell where citadel was started from; give the paths explicitly");
        }
    }

    static Path defaultSpeLib() {
        return home().resolve("spe-lib");
    }

    static Path defaultNsApp() {
        return home().resolve("ns-app").resolve("nsapp.jar");
    }

    /** The jars of {@code dir}, by name; refused when there is none. */
    static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("SPE library directory " + dir + " not found (build with ./citadel, or give "
                    + "--spe-lib DIR)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
            if (jars.isEmpty()) {
                throw new UserException("SPE library directory " + dir + " holds no jar");
            }
            return jars;
        } catch (IOException e) {
            throw new UserException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
