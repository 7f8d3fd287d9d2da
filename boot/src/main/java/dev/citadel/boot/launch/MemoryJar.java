package dev.citadel.boot.launch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A jar held in memory: its entries by name, with a multi-release jar's versioned entries resolved for the running
 * Java version, as the JDK's own jar loading does. Nothing here touches a file.
 */
final class MemoryJar {
    /** Bounds what a garbled jar can make the launcher allocate. */
    static final long MAX_EXPANDED_BYTES = 512L * 1024 * 1024;
    private static final String VERSIONS = "META-INF/versions/";

    private final String name;
    private final Map<String, byte[]> entries;
    private final Manifest manifest;

    private MemoryJar(String name, Map<String, byte[]> entries, Manifest manifest) {
        this.name = name;
        this.entries = entries;
        this.manifest = manifest;
    }

    /** Reads the jar's entries; refuses bytes that are not a jar with at least one entry. */
    static MemoryJar parse(String name, byte[] jar) throws LaunchException {
        Map<String, byte[]> base = new LinkedHashMap<>();
        TreeMap<Integer, Map<String, byte[]>> versioned = new TreeMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry e;
            byte[] buf = new byte[8192];
            while ((e = in.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > MAX_EXPANDED_BYTES) {
                        throw new LaunchException(name + " expands to more than " + MAX_EXPANDED_BYTES + " bytes");
                    }
                    out.write(buf, 0, n);
                }
                put(e.getName(), out.toByteArray(), base, versioned);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(name + " is not a readable jar: " + e.getMessage());
        }
        if (base.isEmpty() && versioned.isEmpty()) {
            throw new LaunchException(name + " is not a jar: it has no entries");
        }
        Manifest manifest = new Manifest();
        byte[] mf = base.get("META-INF/MANIFEST.MF");
        if (mf != null) {
            try {
                manifest = new Manifest(new ByteArrayInputStream(mf));
            } catch (IOException e) {
                throw new LaunchException(name + " has an unreadable META-INF/MANIFEST.MF: " + e.getMessage());
            }
        }
        if ("true".equalsIgnoreCase(manifest.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))) {
            int running = Runtime.version().feature();
            // Ascending order: a higher version applicable to this JVM overrides a lower one.
            for (Map.Entry<Integer, Map<String, byte[]>> v : versioned.headMap(running, true).entrySet()) {
                base.putAll(v.getValue());
            }
        }
        return new MemoryJar(name, Collections.unmodifiableMap(base), manifest);
    }

    private static void put(String entry, byte[] bytes, Map<String, byte[]> base,
            TreeMap<Integer, Map<String, byte[]>> versioned) {
        if (entry.startsWith(VERSIONS)) {
            int slash = entry.indexOf('/', VERSIONS.length());
            if (slash > VERSIONS.length()) {
                try {
                    int v = Integer.parseInt(entry.substring(VERSIONS.length(), slash));
                    if (v >= 9) {
                        versioned.computeIfAbsent(v, k -> new LinkedHashMap<>()).put(entry.substring(slash + 1), bytes);
                        return;
                    }
                } catch (NumberFormatException ignored) {
                    // an ordinary entry under META-INF/versions
                }
            }
        }
        base.put(entry, bytes);
    }

    String name() {
        return name;
    }

    /** The entry's bytes (shared: callers must not change them), or null. */
    byte[] entry(String path) {
        return entries.get(path);
    }

    /** The manifest's Main-Class, or null. */
    String mainClass() {
        String m = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        return m == null ? null : m.trim();
    }
}
