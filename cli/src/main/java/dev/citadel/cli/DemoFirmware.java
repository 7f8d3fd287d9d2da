package dev.citadel.cli;

import dev.citadel.psa.names.SignatureName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The demo's firmware releases, made as a vendor makes them: MCUboot images signed with {@code citadel image sign}
 * (the commands are shown), the OTA file's signature with the vendor's code-signing key (FreeRTOS OTA's
 * {@code sig-sha256-ecdsa}, DER), a release whose self-test fails, and a tampered copy of a signed image.
 */
final class DemoFirmware {
    /** Runs one {@code citadel} command as a user types it. */
    interface Shell {
        void citadel(String... args);
    }

    /** The NS slot the demo signs for (the default flash map's image 1 slot). */
    static final int NS_SLOT = 0x90000;
    static final int SPE_SLOT = 0x20000;
    /** The header size the demo signs with; the payload starts here. */
    static final int HEADER = 0x400;
    /** Where, in the NS application's jar, the self-test hook lies (nsapp's {@code SelfTest.HOOK}). */
    static final String FAIL_HOOK = "dev/citadel/nsapp/selftest-hook";

    private final Shell shell;

    DemoFirmware(Shell shell) {
        this.shell = shell;
    }

    /** Signs {@code payload} as image 0 (the SPE manifest) or 1 (the NS application) with version and counter. */
    void sign(Path key, int image, String version, int securityCounter, Path payload, Path out) {
        shell.citadel("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", version, "-s",
                Integer.toString(securityCounter), "--boot-record", image == 0 ? "SPE" : "NSPE", "-H",
                "0x" + Integer.toHexString(HEADER), "--pad-header", "-S",
                "0x" + Integer.toHexString(image == 0 ? SPE_SLOT : NS_SLOT), "--align", "16", "--max-sectors",
                "144", payload.toString(), out.toString());
    }

    /** A copy of the NS application's jar that carries the hook making its self-test fail. */
    static void withFailingSelfTest(Path jar, Path out) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = in.getManifest();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (JarOutputStream o = m == null ? new JarOutputStream(buf) : new JarOutputStream(buf, m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    if (e.getName().equals(FAIL_HOOK)) {
                        continue;
                    }
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
                o.putNextEntry(new JarEntry(FAIL_HOOK));
                o.write("fail\n".getBytes(StandardCharsets.US_ASCII));
                o.closeEntry();
            }
            Files.write(out, buf.toByteArray());
        }
    }

    /** A signed image with one bit of its payload flipped (as a corrupted or altered download would have it). */
    static byte[] tampered(byte[] signed) {
        byte[] t = signed.clone();
        t[HEADER + 100] ^= 0x01;
        return t;
    }

    /** The OTA file's signature: ECDSA with SHA-256 over the whole file, DER (FreeRTOS's sig-sha256-ecdsa). */
    static byte[] codeSign(PrivateKey key, byte[] file) throws GeneralSecurityException {
        Signature s = Signature.getInstance(SignatureName.ECDSA_SHA256.jcaName());
        s.initSign(key);
        s.update(file);
        return s.sign();
    }

    static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
