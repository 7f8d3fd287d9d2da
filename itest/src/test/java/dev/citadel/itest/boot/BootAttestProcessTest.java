package dev.citadel.itest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.CodeJars;
import dev.citadel.cli.InProcessCitadel;
import dev.citadel.ns.SocketClient;
import dev.citadel.nsapp.HelloSpe;
import dev.citadel.psa.PsaStatus;
import dev.citadel.verifier.AttestationToken;
import dev.citadel.verifier.InstanceIdBinding;
import dev.citadel.verifier.SoftwareComponent;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.Verifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token from a device booted by {@code citadel boot}: the NS application that BL2 started from image 1 asks the
 * SPE that BL2 started from image 0 for a token, and the relying party's verifier finds in it the measurements of
 * exactly those images. The expected measurements and signer IDs are computed here from the signed image files and
 * the signing keys with the JDK, not taken from BL2 or the SPE. An NS update installed by a swap changes the NS
 * measurement in the next token, and only that one.
 */
class BootAttestProcessTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String NONCE_1 = "a1".repeat(32);
    private static final String NONCE_2 = "b2".repeat(48);

    @TempDir
    Path dir;
    private Path speLib;
    private Path device;
    private Path key0;
    private Path key1;

    @Test
    void aBootedDeviceAttestsTheImagesBl2BootedAndAnNsUpdateChangesOnlyTheNsMeasurement() throws Exception {
        Path spe = setUp();
        Path ns1 = sign(nsJar(), key1, "1.0.0", "NSPE", 0x90000, "ns-1.bin");
        Citadel.ok("device", "flash", device.toString(), "--image", "0", spe.toString());
        Citadel.ok("device", "flash", device.toString(), "--image", "1", ns1.toString());
        Path iak = dir.resolve("iak.pem");
        Citadel.ok("device", "iak-pub", device.toString(), "-o", iak.toString());
        VerificationKey key = VerificationKey.fromPem(Files.readString(iak));

        Path token1 = dir.resolve("token1.cbor");
        InProcessCitadel.Run boot1 = boot("attest", "--nonce", NONCE_1, "--out", token1.toString());
        byte[] t1 = Files.readAllBytes(token1);
        assertThat(boot1.out()).contains("[ns] citadel-ns: attestation token of " + t1.length + " bytes for nonce "
                + NONCE_1 + " written to " + token1);
        AttestationToken first = verified(t1, key, NONCE_1);

        byte[] spe1Hash = imageHash(spe);
        byte[] ns1Hash = imageHash(ns1);
        assertComponent(first, "SPE", spe1Hash, signerId(key0), "1.0.0");
        assertComponent(first, "NSPE", ns1Hash, signerId(key1), "1.0.0");
        assertThat(first.softwareComponents()).hasSize(2);

        Path ns2 = sign(nsJar(), key1, "1.1.0", "NSPE", 0x90000, "ns-2.bin");
        Citadel.ok("device", "flash", device.toString(), "--image", "1", "--slot", "secondary", ns2.toString());
        Path token2 = dir.resolve("token2.cbor");
        InProcessCitadel.Run boot2 = boot("attest", "--nonce", NONCE_2, "--out", token2.toString());
        assertThat(boot2.out()).contains("[bl2] image 1: swap type TEST")
                .contains("[bl2] image 1 (non-secure) verified: version 1.1.0");
        AttestationToken second = verified(Files.readAllBytes(token2), key, NONCE_2);

        byte[] ns2Hash = imageHash(ns2);
        assertThat(ns2Hash).isNotEqualTo(ns1Hash);
        assertComponent(second, "SPE", spe1Hash, signerId(key0), "1.0.0");
        assertComponent(second, "NSPE", ns2Hash, signerId(key1), "1.1.0");
        assertThat(second.bootSeed().orElseThrow()).isNotEqualTo(first.bootSeed().orElseThrow());
        assertThat(second.instanceId()).isEqualTo(first.instanceId());

        InProcessCitadel.Run verify = Citadel.run("attest", "verify", token2.toString(), "--key", iak.toString(), "--nonce",
                NONCE_2);
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("verdict: VALID");
    }

    @Test
    void badArgumentsForTheNsApplicationAreOneLineFromItAndStatus2() throws Exception {
        Path spe = setUp();
        Citadel.ok("device", "flash", device.toString(), "--image", "0", spe.toString());
        Citadel.ok("device", "flash", device.toString(), "--image", "1",
                sign(nsJar(), key1, "1.0.0", "NSPE", 0x90000, "ns-1.bin").toString());

        InProcessCitadel.Run r = Citadel.run("boot", device.toString(), "--spe-lib", speLib.toString(), "--", "attest",
                "--nonce", "abcd", "--out", dir.resolve("t").toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[boot] NS application exited with status 2");
        assertThat(r.err().lines().filter(l -> l.startsWith("[ns] ")).toList())
                .containsExactly("[ns] citadel-ns: attest: --nonce must be 32, 48 or 64 bytes, got 2");
        assertThat(r.err()).contains("citadel: the NS application exited with status 2")
                .doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("t")).doesNotExist();
    }

    /** Keys, the SPE library and its signed manifest, and a device whose ROTPKs are those keys. */
    private Path setUp() throws Exception {
        speLib = Files.createDirectories(dir.resolve("spe-lib"));
        CodeJars.speLib(speLib);
        key0 = dir.resolve("key0.pem");
        key1 = dir.resolve("key1.pem");
        Citadel.ok("image", "keygen", "-k", key0.toString(), "-t", "ecdsa-p256");
        Citadel.ok("image", "keygen", "-k", key1.toString(), "-t", "ed25519");
        device = dir.resolve("device");
        Citadel.ok("device", "init", device.toString(), "--rotpk0", key0.toString(), "--rotpk1", key1.toString());
        Path manifest = dir.resolve("manifest.bin");
        Citadel.ok("image", "spe-manifest", "--lib", speLib.toString(), "-o", manifest.toString());
        return sign(manifest, key0, "1.0.0", "SPE", 0x20000, "spe-1.bin");
    }

    /** nsapp's jar, made from the build's own classes as the module's shade plugin makes it. */
    private Path nsJar() throws Exception {
        Path jar = dir.resolve("nsapp.jar");
        if (!Files.exists(jar)) {
            CodeJars.pack(List.of(CodeJars.origin(HelloSpe.class), CodeJars.origin(SocketClient.class),
                    CodeJars.origin(PsaStatus.class)), jar, HelloSpe.class.getName());
        }
        return jar;
    }

    private Path sign(Path payload, Path key, String version, String swType, int slot, String name) {
        Path out = dir.resolve(name);
        Citadel.ok("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", version, "-H", "0x400",
                "--pad-header", "-S", Integer.toString(slot), "--align", "16", "--max-sectors", "144", "-s", "1",
                "--boot-record", swType, payload.toString(), out.toString());
        return out;
    }

    private InProcessCitadel.Run boot(String... nsArgs) {
        List<String> a = new ArrayList<>(List.of("boot", device.toString(), "--spe-lib", speLib.toString(), "--"));
        a.addAll(List.of(nsArgs));
        InProcessCitadel.Run r = Citadel.ok(a.toArray(new String[0]));
        assertThat(r.out()).contains("[boot] NS application exited with status 0", "[boot] SPE exited with status 0");
        return r;
    }

    private static AttestationToken verified(byte[] token, VerificationKey key, String nonce) {
        Verdict v = Verifier.verify(token, key, HEX.parseHex(nonce), null, InstanceIdBinding.COSE_KEY);
        assertThat(v.ok()).as(v.toString()).isTrue();
        AttestationToken t = v.token().orElseThrow();
        assertThat(t.nonce()).isEqualTo(HEX.parseHex(nonce));
        return t;
    }

    private static void assertComponent(AttestationToken t, String type, byte[] measurement, byte[] signerId,
            String version) {
        List<SoftwareComponent> of = t.softwareComponents().stream()
                .filter(c -> c.measurementType().equals(Optional.of(type))).toList();
        assertThat(of).as(type).hasSize(1);
        SoftwareComponent c = of.get(0);
        assertThat(HEX.formatHex(c.measurementValue())).as(type + " measurement").isEqualTo(HEX.formatHex(measurement));
        assertThat(HEX.formatHex(c.signerId())).as(type + " signer ID").isEqualTo(HEX.formatHex(signerId));
        assertThat(c.version()).contains(version);
    }

    /**
     * MCUboot's measurement: SHA-256 over the image header, the payload and the protected TLV area (the bytes its
     * hash TLV covers), located with the header's own fields (ih_hdr_size at 8, ih_protect_tlv_size at 10,
     * ih_img_size at 12, little endian).
     */
    private static byte[] imageHash(Path image) throws Exception {
        byte[] b = Files.readAllBytes(image);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int covered = Short.toUnsignedInt(h.getShort(8)) + Short.toUnsignedInt(h.getShort(10)) + h.getInt(12);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(b, 0, covered);
        return md.digest();
    }

    /**
     * MCUboot's signer ID: SHA-256 of the signing key's public bytes as the image carries them
     * (SubjectPublicKeyInfo for ECDSA and Ed25519 keys), here from {@code image getpub -e pem}.
     */
    private static byte[] signerId(Path key) throws Exception {
        String pem = Citadel.ok("image", "getpub", "-k", key.toString(), "-e", "pem").out();
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(b64));
    }
}
