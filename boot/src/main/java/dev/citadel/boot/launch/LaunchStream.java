package dev.citadel.boot.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What BL2 writes on a world's standard input for {@link Launcher}: the code to run, from memory. Little endian:
 * <pre>
 * magic    8   "CTLAUNCH"
 * version  1   1
 * kind     1   1 = SPE: manifest-pinned jars; 2 = NS: one jar
 * SPE:     u32 manifest length, manifest ({@link SpeManifest}), then per pinned jar in manifest order:
 *          u32 length (must equal the pinned size), the jar
 * NS:      u32 length, the jar (its manifest's Main-Class is the entry point)
 * </pre>
 * Everything after belongs to the program (the SPE reads its boot data there). Nothing is defined before every
 * section has been read and every SPE jar has matched its pin.
 */
public final class LaunchStream {
    static final byte[] MAGIC = "CTLAUNCH".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int KIND_SPE = 1;
    static final int KIND_NS = 2;
    /** The largest non-secure jar accepted (a slot is far smaller). */
    static final int MAX_NS_JAR = 64 * 1024 * 1024;

    private LaunchStream() {}

    /** The program the stream describes: jars parsed in memory, and the main class. */
    record Program(String mainClass, List<MemoryJar> jars) {}

    /** The stream for the SPE: the verified manifest and the jars that matched it. */
    public static byte[] forSpe(byte[] manifest, List<byte[]> jars) {
        ByteArrayOutputStream o = header(KIND_SPE);
        u32(o, manifest.length);
        o.writeBytes(manifest);
        for (byte[] j : jars) {
            u32(o, j.length);
            o.writeBytes(j);
        }
        return o.toByteArray();
    }

    /** The stream for the NS application: the payload of a verified image 1. */
    public static byte[] forNs(byte[] jar) {
        ByteArrayOutputStream o = header(KIND_NS);
        u32(o, jar.length);
        o.writeBytes(jar);
        return o.toByteArray();
    }

    private static ByteArrayOutputStream header(int kind) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(MAGIC);
        o.write(VERSION);
        o.write(kind);
        return o;
    }

    /**
     * Reads one stream, leaving whatever follows it unread.
     *
     * @throws LaunchException with one line: truncated, garbled, or an SPE jar that differs from its pin
     */
    static Program read(InputStream in) throws LaunchException {
        byte[] magic = bytes(in, MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new LaunchException("standard input is not a launch stream (bad magic)");
        }
        int version = u8(in, "version");
        if (version != VERSION) {
            throw new LaunchException("launch stream version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int kind = u8(in, "kind");
        return switch (kind) {
            case KIND_SPE -> readSpe(in);
            case KIND_NS -> readNs(in);
            default -> throw new LaunchException("launch stream kind " + kind + " is unknown");
        };
    }

    private static Program readSpe(InputStream in) throws LaunchException {
        int mlen = length(in, SpeManifest.MAX_BYTES, "manifest");
        SpeManifest manifest = SpeManifest.decode(bytes(in, mlen, "manifest"));
        List<byte[]> raw = new ArrayList<>();
        for (SpeManifest.JarPin pin : manifest.jars()) {
            long len = u32(in, "length of " + pin.name());
            if (len != pin.size()) {
                throw new LaunchException(pin.name() + " has " + len + " bytes, the manifest pins " + pin.size());
            }
            byte[] jar = bytes(in, (int) len, pin.name());
            if (!pin.matches(jar)) {
                throw new LaunchException(pin.name() + " differs from the SHA-256 its manifest pins; nothing was run");
            }
            raw.add(jar);
        }
        List<MemoryJar> jars = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            jars.add(MemoryJar.parse(manifest.jars().get(i).name(), raw.get(i)));
        }
        return new Program(manifest.mainClass(), jars);
    }

    private static Program readNs(InputStream in) throws LaunchException {
        int len = length(in, MAX_NS_JAR, "NS jar");
        MemoryJar jar = MemoryJar.parse("the NS application", bytes(in, len, "NS jar"));
        String main = jar.mainClass();
        if (main == null || main.isEmpty()) {
            throw new LaunchException("the NS application's jar names no Main-Class");
        }
        return new Program(main, List.of(jar));
    }

    private static int length(InputStream in, int max, String what) throws LaunchException {
        long n = u32(in, "length of the " + what);
        if (n > max) {
            throw new LaunchException("the " + what + " is said to have " + n + " bytes, more than " + max);
        }
        return (int) n;
    }

    private static int u8(InputStream in, String what) throws LaunchException {
        return bytes(in, 1, what)[0] & 0xFF;
    }

    private static long u32(InputStream in, String what) throws LaunchException {
        byte[] b = bytes(in, 4, what);
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    private static byte[] bytes(InputStream in, int n, String what) throws LaunchException {
        try {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new LaunchException("launch stream ends inside the " + what + " (" + b.length + " of " + n
                        + " bytes)");
            }
            return b;
        } catch (IOException e) {
            throw new LaunchException("cannot read the launch stream: " + e.getMessage());
        }
    }

    private static void u32(ByteArrayOutputStream o, long v) {
        for (int i = 0; i < 4; i++) {
            o.write((int) (v >>> (8 * i)));
        }
    }
}
