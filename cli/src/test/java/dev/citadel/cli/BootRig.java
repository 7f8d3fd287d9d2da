package dev.citadel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.ns.SocketClient;
import dev.citadel.nsapp.HelloSpe;
import dev.citadel.psa.PsaStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A device made as a user makes one, through the citadel command: keys, an SPE manifest over jars of the build's
 * own SPE classes, images signed for both slots, {@code device init} and {@code device flash}.
 */
final class BootRig {
    final Path dir;
    final Path speLib;
    final Path nsJar;
    final Path key0;
    final Path key1;
    final Path device;
    private int signed;

    BootRig(Path dir) throws Exception {
        this.dir = dir;
        speLib = Files.createDirectories(dir.resolve("spe-lib"));
        CodeJars.speLib(speLib);
        nsJar = dir.resolve("nsapp.jar");
        CodeJars.pack(List.of(CodeJars.origin(HelloSpe.class), CodeJars.origin(SocketClient.class),
                CodeJars.origin(PsaStatus.class)), nsJar, HelloSpe.class.getName());
        key0 = dir.resolve("key0.pem");
        key1 = dir.resolve("key1.pem");
        ok("image", "keygen", "-k", key0.toString(), "-t", "ecdsa-p256");
        ok("image", "keygen", "-k", key1.toString(), "-t", "ed25519");
        device = dir.resolve("device");
    }

    static CliTest.Run ok(String... args) {
        CliTest.Run r = CliTest.citadel(args);
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    /** The SPE manifest over {@link #speLib}, signed as image 0. */
    Path spe(String version, int securityCounter) {
        Path manifest = dir.resolve("manifest.bin");
        ok("image", "spe-manifest", "--lib", speLib.toString(), "-o", manifest.toString());
        return sign(manifest, key0, version, securityCounter, "SPE", 0x20000);
    }

    /** The NS application's jar, signed as image 1. */
    Path ns(String version, int securityCounter) {
        return sign(nsJar, key1, version, securityCounter, "NSPE", 0x90000);
    }

    Path sign(Path payload, Path key, String version, int securityCounter, String swType, int slot) {
        Path out = dir.resolve(swType + "-" + version + "-" + (++signed) + ".bin");
        List<String> a = new ArrayList<>(List.of("image", "sign", "-k", key.toString(), "--public-key-format", "full",
                "-v", version, "-H", "0x400", "--pad-header", "-S", Integer.toString(slot), "--align", "16",
                "--max-sectors", "144", "-s", Integer.toString(securityCounter), "--boot-record", swType));
        a.add(payload.toString());
        a.add(out.toString());
        ok(a.toArray(new String[0]));
        return out;
    }

    /** {@code device init}, then both images at version 1.0.0 into their primary slots. */
    BootRig installed() {
        ok("device", "init", device.toString(), "--rotpk0", key0.toString(), "--rotpk1", key1.toString());
        ok("device", "flash", device.toString(), "--image", "0", spe("1.0.0", 1).toString());
        ok("device", "flash", device.toString(), "--image", "1", ns("1.0.0", 1).toString());
        return this;
    }

    CliTest.Run boot() {
        return CliTest.citadel("boot", device.toString(), "--spe-lib", speLib.toString());
    }
}
