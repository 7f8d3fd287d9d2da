package dev.citadel.boot.launch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A jar held in memory, read through its central directory: entries stay compressed in the jar's own bytes and are
 * inflated when a class or resource is asked for, so a large library (Bouncy Castle: 7 MB packed, 14 MB inflated)
 * costs its packed size. A multi-release jar's versioned entries are resolved for the running Java version, as the
 * JDK's own jar loading does. Nothing here touches a file.
 */
final class MemoryJar {
    private static final String VERSIONS = "META-INF/versions/";
    private static final int EOCD = 0x06054b50;
    private static final int CEN = 0x02014b50;
    private static final int LOC = 0x04034b50;

    /** Where an entry's data lies in the jar, and how to get it out. */
    private record Ref(int method, int dataOffset, int compressedSize, int size, int crc) {}

    private final String name;
    private final byte[] jar;
    private final Map<String, Ref> entries;
    private final Manifest manifest;

    private MemoryJar(String name, byte[] jar, Map<String, Ref> entries, Manifest manifest) {
        this.name = name;
        this.jar = jar;
        this.entries = entries;
        this.manifest = manifest;
    }

    /** Indexes the jar; refuses bytes that are not a jar with at least one entry. The array is kept, not copied. */
    static MemoryJar parse(String name, byte[] jar) throws LaunchException {
        Map<String, Ref> base = new LinkedHashMap<>();
        TreeMap<Integer, Map<String, Ref>> versioned = new TreeMap<>();
        int eocd = -1;
        for (int p = jar.length - 22; p >= Math.max(0, jar.length - 22 - 0xFFFF); p--) {
            if (u32(jar, p) == EOCD) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            throw new LaunchException(name + " is not a jar: no zip central directory");
        }
        int count = u16(jar, eocd + 10);
        long cen = u32(jar, eocd + 16);
        int p = (int) Math.min(cen, Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            if (p < 0 || p > jar.length - 46 || u32(jar, p) != CEN) {
                throw new LaunchException(name + " is not a readable jar: central directory entry " + i
                        + " is out of place");
            }
            int nameLen = u16(jar, p + 28);
            int next = p + 46 + nameLen + u16(jar, p + 30) + u16(jar, p + 32);
            if (next > jar.length) {
                throw new LaunchException(name + " is not a readable jar: central directory runs past its end");
            }
            String entry = new String(jar, p + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            if (!entry.endsWith("/")) {
                put(entry, ref(name, jar, p, entry), base, versioned);
            }
            p = next;
        }
        if (base.isEmpty() && versioned.isEmpty()) {
            throw new LaunchException(name + " is not a jar: it has no entries");
        }
        MemoryJar index = new MemoryJar(name, jar, base, new Manifest());
        Manifest manifest = new Manifest();
        byte[] mf = index.entry("META-INF/MANIFEST.MF");
        if (mf != null) {
            try {
                manifest = new Manifest(new ByteArrayInputStream(mf));
            } catch (IOException e) {
                throw new LaunchException(name + " has an unreadable META-INF/MANIFEST.MF: " + e.getMessage());
            }
        }
        if ("true".equalsIgnoreCase(manifest.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))) {
            // Ascending order: a higher version applicable to this JVM overrides a lower one.
            for (Map<String, Ref> v : versioned.headMap(Runtime.version().feature(), true).values()) {
                base.putAll(v);
            }
        }
        return new MemoryJar(name, jar, Collections.unmodifiableMap(base), manifest);
    }

    private static Ref ref(String name, byte[] jar, int cen, String entry) throws LaunchException {
        int method = u16(jar, cen + 10);
        long csize = u32(jar, cen + 20);
        long size = u32(jar, cen + 24);
        long loc = u32(jar, cen + 42);
        if (method != 0 && method != 8) {
            throw new LaunchException(name + ": entry " + entry + " uses zip method " + method);
        }
        if (loc > jar.length - 30 || u32(jar, (int) loc) != LOC) {
            throw new LaunchException(name + ": entry " + entry + " has no local header where it should");
        }
        long data = loc + 30 + u16(jar, (int) loc + 26) + u16(jar, (int) loc + 28);
        if (data + csize > jar.length || size > Integer.MAX_VALUE || (method == 0 && csize != size)) {
            throw new LaunchException(name + ": entry " + entry + " runs past the jar's end");
        }
        return new Ref(method, (int) data, (int) csize, (int) size, (int) u32(jar, cen + 16));
    }

    private static void put(String entry, Ref ref, Map<String, Ref> base, TreeMap<Integer, Map<String, Ref>> versioned) {
        if (entry.startsWith(VERSIONS)) {
            int slash = entry.indexOf('/', VERSIONS.length());
            if (slash > VERSIONS.length()) {
                try {
                    int v = Integer.parseInt(entry.substring(VERSIONS.length(), slash));
                    if (v >= 9) {
                        versioned.computeIfAbsent(v, k -> new LinkedHashMap<>()).put(entry.substring(slash + 1), ref);
                        return;
                    }
                } catch (NumberFormatException ignored) {
                    // an ordinary entry under META-INF/versions
                }
            }
        }
        base.put(entry, ref);
    }

    String name() {
        return name;
    }

    boolean has(String path) {
        return entries.containsKey(path);
    }

    /** The entry's bytes, inflated and CRC-checked, or null if absent or damaged. */
    byte[] entry(String path) {
        Ref r = entries.get(path);
        if (r == null) {
            return null;
        }
        byte[] out = new byte[r.size];
        if (r.method == 0) {
            System.arraycopy(jar, r.dataOffset, out, 0, r.size);
        } else {
            Inflater inf = new Inflater(true);
            try {
                inf.setInput(jar, r.dataOffset, r.compressedSize);
                int n = 0;
                while (n < r.size) {
                    int k = inf.inflate(out, n, r.size - n);
                    if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                        return null;
                    }
                    n += k;
                }
            } catch (DataFormatException e) {
                return null;
            } finally {
                inf.end();
            }
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        return (int) crc.getValue() == r.crc ? out : null;
    }

    /** The manifest's Main-Class, or null. */
    String mainClass() {
        String m = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        return m == null ? null : m.trim();
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return u16(b, off) | (long) u16(b, off + 2) << 16;
    }
}
