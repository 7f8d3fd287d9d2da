package dev.citadel.boot.launch;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The payload of image 0: it pins the SPE's code. The SPE with Bouncy Castle is megabytes, far more than a slot, so
 * the signed image carries this manifest and BL2 admits only jars whose SHA-256 and size it names.
 *
 * <p>Format, version 1: UTF-8 text, every line ended by one LF, nothing else:
 * <pre>
 * citadel-spe-manifest 1
 * main &lt;binary name of the class whose static main(String[]) starts the SPE&gt;
 * jar &lt;SHA-256, 64 lower-case hex digits&gt; &lt;size in bytes, decimal&gt; &lt;file name&gt;
 * ...                                  (1 to 64 jar lines, in class-path order)
 * </pre>
 * Decoding is strict, so a manifest has one encoding: {@code encode(decode(b))} equals {@code b}.
 */
public record SpeManifest(String mainClass, List<JarPin> jars) {
    public static final String FIRST_LINE = "citadel-spe-manifest 1";
    public static final int MAX_JARS = 64;
    /** Far beyond any real manifest; bounds what a hostile one can make a parser do. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final Pattern CLASS_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,9}");

    /** One jar of the SPE's class path. */
    public record JarPin(String name, long size, byte[] sha256) {
        public JarPin {
            if (!FILE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("jar name '" + name + "' is not a plain file name");
            }
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("jar size " + size + " is out of range");
            }
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
            }
            sha256 = sha256.clone();
        }

        /** The pin of these jar bytes under this name. */
        public static JarPin of(String name, byte[] jar) {
            return new JarPin(name, jar.length, digest(jar));
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        /** Whether {@code jar} is exactly the pinned jar (size, then SHA-256 in constant time). */
        public boolean matches(byte[] jar) {
            return jar.length == size && MessageDigest.isEqual(digest(jar), sha256);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JarPin p && p.name.equals(name) && p.size == size
                    && MessageDigest.isEqual(p.sha256, sha256);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    public SpeManifest {
        if (!CLASS_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("main class '" + mainClass + "' is not a Java binary name");
        }
        jars = List.copyOf(jars);
        if (jars.isEmpty() || jars.size() > MAX_JARS) {
            throw new IllegalArgumentException("a manifest pins 1 to " + MAX_JARS + " jars, not " + jars.size());
        }
        Set<String> names = new HashSet<>();
        for (JarPin j : jars) {
            if (!names.add(j.name())) {
                throw new IllegalArgumentException("jar " + j.name() + " is pinned twice");
            }
        }
    }

    public byte[] encode() {
        StringBuilder s = new StringBuilder(FIRST_LINE).append('\n');
        s.append("main ").append(mainClass).append('\n');
        for (JarPin j : jars) {
            s.append("jar ").append(HexFormat.of().formatHex(j.sha256)).append(' ').append(j.size).append(' ')
                    .append(j.name).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a manifest (an image 0 payload).
     *
     * @throws LaunchException with one line naming the first fault
     */
    public static SpeManifest decode(byte[] payload) throws LaunchException {
        if (payload.length > MAX_BYTES) {
            throw new LaunchException("SPE manifest has " + payload.length + " bytes, more than " + MAX_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new LaunchException("SPE manifest is not UTF-8 text");
        }
        if (!text.endsWith("\n")) {
            throw new LaunchException("SPE manifest does not end with a line feed");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (!lines[0].equals(FIRST_LINE)) {
            throw new LaunchException("not a version 1 SPE manifest: it must start with '" + FIRST_LINE + "'");
        }
        if (lines.length < 2 || !lines[1].startsWith("main ")) {
            throw new LaunchException("SPE manifest line 2 must be 'main <class>'");
        }
        String main = lines[1].substring(5);
        List<JarPin> jars = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] f = lines[i].split(" ", -1);
            if (f.length != 4 || !f[0].equals("jar") || !HASH.matcher(f[1]).matches()
                    || !SIZE.matcher(f[2]).matches()) {
                throw new LaunchException("SPE manifest line " + (i + 1)
                        + " is not 'jar <sha-256 in lower-case hex> <size> <name>'");
            }
            try {
                jars.add(new JarPin(f[3], Long.parseLong(f[2]), HexFormat.of().parseHex(f[1])));
            } catch (IllegalArgumentException e) {
                throw new LaunchException("SPE manifest line " + (i + 1) + ": " + e.getMessage());
            }
        }
        try {
            return new SpeManifest(main, jars);
        } catch (IllegalArgumentException e) {
            throw new LaunchException("SPE manifest: " + e.getMessage());
        }
    }

    static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
