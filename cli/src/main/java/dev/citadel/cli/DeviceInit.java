package dev.citadel.cli;

import dev.citadel.boot.image.HashAlgorithm;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.IakType;
import dev.citadel.hal.otp.Lifecycle;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import dev.citadel.hal.otp.OtpField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citadel device init}: a new device, provisioned as a factory would before the first boot. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create a device: erased flash files and NV counters, and an OTP with a fresh HUK, an IAK (random P-256,",
            "or given with --iak / --iak-hmac), the ROTPK",
            "hashes BL2 checks images against (image i against ROTPK_i) and a lifecycle state. Refuses an existing",
            "device."
        })
final class DeviceInit implements Runnable {

    @Parameters(paramLabel = "DIR", description = "The device directory to create (missing or empty).")
    Path dir;

    @Option(names = "--rotpk0", required = true, paramLabel = "KEY.pem",
            description = "The key that signs image 0 (secure): public or private PEM, as imgtool's.")
    Path rotpk0;

    @Option(names = "--rotpk1", required = true, paramLabel = "KEY.pem",
            description = "The key that signs image 1 (non-secure).")
    Path rotpk1;

    @Option(names = "--lifecycle", defaultValue = "secured", paramLabel = "STATE",
            description = "PSA lifecycle: assembly-and-test, psa-rot-provisioning, secured (default), "
                    + "non-psa-rot-debug, recoverable-psa-rot-debug, decommissioned, or a value such as 0x3000.")
    String lifecycle;

    @Option(names = "--iak", paramLabel = "KEY.pem",
            description = "Provision this initial attestation key (P-256 or P-384 private key, SEC1 or PKCS#8 PEM, "
                    + "e.g. TF-M's development key) instead of a random P-256 one.")
    Path iakPem;

    @Option(names = "--iak-hmac", paramLabel = "FILE",
            description = "Provision a symmetric IAK (32 raw bytes): tokens become COSE_Mac0 (HMAC 256/256).")
    Path iakHmac;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of an encrypted private key (a ROTPK key or --iak).")
    Path passwordFile;

    @Override
    public void run() {
        // Everything the user gave is checked before anything is created.
        byte[] hash0 = rotpkHash(rotpk0);
        byte[] hash1 = rotpkHash(rotpk1);
        int lc = parseLifecycle(lifecycle);
        if (iakPem != null && iakHmac != null) {
            throw new UserException("--iak and --iak-hmac exclude each other: a device has one IAK", Main.USAGE);
        }
        IakKey given = iakPem != null ? IakKey.fromPem(iakPem, passwordFile)
                : iakHmac != null ? IakKey.fromHmacFile(iakHmac) : null;
        refuseExisting(dir);
        boolean done = false;
        try (DeviceDirectory device = DeviceDirectory.openOrCreate(dir)) {
            say("created device " + device.root() + " (mode 0700, layout " + device.layoutVersion() + ")");
            erased(device.internalFlash().path(), device.internalFlash().open());
            erased(device.externalFlash().path(), device.externalFlash().open());
            try (FlashDevice nv = device.nvCounters().open()) {
                NvCounters counters = NvCounters.open(nv);
                say("NV counters " + device.nvCounters().path().getFileName() + ": BL2_0 = "
                        + counters.read(NvCounterId.BL2_0) + ", BL2_1 = " + counters.read(NvCounterId.BL2_1));
            }
            Otp otp = Otp.open(device.otpFile());
            SecureRandom random = new SecureRandom();
            byte[] huk = Otp.randomHuk(random);
            IakType iakType = given != null ? given.type() : IakType.ECC_P256;
            byte[] iak = given != null ? given.key() : Otp.randomIak(iakType, random);
            String publicPem = iakType.symmetric() ? null : IakKey.publicKeyPem(iakType, iak);
            try {
                otp.program(OtpField.HUK, huk);
                otp.programIak(iakType, iak);
            } finally {
                Arrays.fill(huk, (byte) 0);
                Arrays.fill(iak, (byte) 0);
            }
            say("OTP " + device.otpFile().getFileName() + ": HUK programmed (random; it never leaves the device)");
            say("OTP IAK: " + IakKey.describe(iakType) + ", "
                    + (given == null ? "random" : "from " + (iakPem != null ? iakPem : iakHmac).getFileName()));
            if (publicPem != null) {
                say("IAK public key (also: citadel device iak-pub " + dir + "):");
                System.out.print(publicPem);
            } else {
                say("IAK is symmetric: a verifier needs the key itself (citadel attest verify --hmac-key)");
            }
            otp.program(OtpField.ROTPK_0, hash0);
            say("OTP ROTPK_0 = " + HexFormat.of().formatHex(hash0) + " (SHA-256 of " + rotpk0.getFileName()
                    + "'s public key: image 0)");
            otp.program(OtpField.ROTPK_1, hash1);
            say("OTP ROTPK_1 = " + HexFormat.of().formatHex(hash1) + " (SHA-256 of " + rotpk1.getFileName()
                    + "'s public key: image 1)");
            otp.advanceLifecycle(lc);
            say(String.format("OTP lifecycle = %s (0x%04x)", Lifecycle.of(lc), lc));
            done = true;
        } catch (DeviceException | OtpException | FlashException | NvCounterException e) {
            throw new UserException("cannot create device " + dir + ": " + e.getMessage());
        } finally {
            if (!done) {
                deleteTree(dir);
            }
        }
    }

    private static void erased(Path file, FlashDevice flash) throws FlashException {
        try (flash) {
            say("flash " + file.getFileName() + ": " + flash.geometry().size() + " bytes, erased");
        }
    }

    /** imgtool's getpubhash: SHA-256 of the key's raw public bytes, what TF-M provisions as a ROTPK hash. */
    static byte[] rotpkHash(Path key) {
        return ImageCommand.readKey(key, null).publicKey().hash(HashAlgorithm.SHA256);
    }

    static int parseLifecycle(String s) {
        String name = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Lifecycle l : Lifecycle.values()) {
            if (l.name().equals(name)) {
                return l.value();
            }
        }
        long v;
        try {
            v = ImageCommand.parseNumber(s, "--lifecycle");
        } catch (UserException e) {
            throw new UserException("--lifecycle '" + s + "' is neither a PSA lifecycle state nor a number",
                    Main.USAGE);
        }
        if (v < 0 || v > 0xFFFF) {
            throw new UserException("--lifecycle must be 0..0xffff", Main.USAGE);
        }
        return (int) v;
    }

    private static void refuseExisting(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (Files.isRegularFile(dir.resolve(DeviceDirectory.DESCRIPTOR))) {
            throw new UserException(dir + " already holds a device: refused");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw new UserException(dir + " is not empty: refused");
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.isRegularFile(dir.resolve(DeviceDirectory.DESCRIPTOR))) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the half-made device is reported by the caller
        }
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
