package dev.citadel.cli;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.bl2.BootResult;
import dev.citadel.boot.bl2.ImageBoot;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.image.BootRecord;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.boot.launch.LaunchException;
import dev.citadel.boot.launch.SpeCode;
import dev.citadel.boot.launch.SpeManifest;
import dev.citadel.boot.launch.WorldProcess;
import dev.citadel.boot.measure.MeasuredBoot;
import dev.citadel.boot.measure.MeasuredBoot.BootedImage;
import dev.citadel.boot.measure.SharedDataException;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Lifecycle;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import dev.citadel.spe.spm.BootData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * BL2 over a device directory, and the hand-over to both worlds: runs {@link Bl2#boot()} on the device's internal
 * flash, NV counters and OTP, admits the SPE's jars that image 0's verified manifest pins, builds the measured-boot
 * data, and starts each world from those verified bytes. Every stage is one line to {@code say}; every refusal is
 * a {@link UserException}, before any world has started.
 */
final class SecureBoot {
    /** The NS application's JVM: small and quick to start. */
    static final List<String> NS_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    /** The variable through which the NS application learns the SPE's socket. */
    static final String SOCKET_ENV = "CITADEL_SOCKET";
    private static final String[] WORLD = {"secure", "non-secure"};
    /** BL2 logs through System.Logger too; its lines are printed here, once, with the other stages. */
    private static final java.util.logging.Logger QUIET_BL2 = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(Bl2.class.getName());
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    /** What BL2 verified and admitted: the code of both worlds and the measurements for the SPE. */
    record Verified(VerifiedImage spe, VerifiedImage ns, SpeCode speCode, byte[] nsJar, byte[] sharedData) {}

    private SecureBoot() {}

    /** Runs BL2 over the device at {@code dir} and admits the code of both worlds; refuses with one line. */
    static Verified verify(Path dir, Path speLib, Consumer<String> say) {
        QUIET_BL2.getName(); // keeps the logger, and so its level, alive
        List<Path> classPath = BootFiles.jars(speLib);
        BootResult result;
        try (DeviceDirectory device = DeviceCommand.open(dir)) {
            Otp otp = Otp.open(device.otpFile());
            int lc = otp.lifecycle().orElse(0);
            List<byte[]> rotpks = Bl2.rotpkHashes(otp);
            say.accept(String.format("[otp] lifecycle %s (0x%04x); ROTPK_0 %s; ROTPK_1 %s", Lifecycle.of(lc), lc,
                    shortHex(rotpks.get(0)), shortHex(rotpks.get(1))));
            if (Lifecycle.of(lc) == Lifecycle.DECOMMISSIONED) {
                throw new UserException("boot refused: the device is decommissioned");
            }
            try (FlashDevice flash = device.internalFlash().open(); FlashDevice nv = device.nvCounters().open()) {
                result = new Bl2(flash, FlashMap.defaults(), NvCounters.open(nv), rotpks, Bl2Config.defaults())
                        .boot();
                flash.sync();
            }
        } catch (OtpException e) {
            throw new UserException("boot refused: " + e.getMessage());
        } catch (FlashException | NvCounterException e) {
            throw new UserException("boot refused: the device's flash failed: " + e.getMessage());
        }
        result.log().forEach(l -> say.accept("[bl2] " + l));
        for (ImageBoot b : result.images()) {
            if (b instanceof ImageBoot.Refused r) {
                throw new UserException("boot refused: image " + r.image() + " (" + WORLD[r.image()] + "): "
                        + r.reason());
            }
        }
        ImageBoot.Verified i0 = (ImageBoot.Verified) result.image(0);
        ImageBoot.Verified i1 = (ImageBoot.Verified) result.image(1);
        for (ImageBoot.Verified v : List.of(i0, i1)) {
            VerifiedImage f = v.facts();
            say.accept(String.format("[bl2] image %d (%s) verified: version %s, %s %s, %s signature by the key whose"
                    + " SHA-256 is ROTPK_%d (%s), security counter %d", v.image(), WORLD[v.image()], f.version(),
                    f.hashAlgorithm().measurementDescription(), shortHex(f.hash()), f.signerType().imgtoolName(),
                    v.image(), shortHex(f.signerKeyHash()), f.securityCounter().orElse(-1)));
        }
        SpeCode code;
        try {
            code = SpeCode.load(payload(i0), classPath);
        } catch (LaunchException e) {
            throw new UserException("boot refused: image 0's SPE code: " + e.getMessage());
        }
        SpeManifest m = code.manifest();
        say.accept("[bl2] image 0 payload: SPE manifest, main " + m.mainClass() + ", " + m.jars().size()
                + " pinned jars, each read once and matched (size, SHA-256):");
        for (SpeManifest.JarPin pin : m.jars()) {
            say.accept(String.format("[bl2]   %-28s %9d bytes  %s", pin.name(), pin.size(), shortHex(pin.sha256())));
        }
        byte[] nsJar = payload(i1);
        say.accept("[bl2] image 1 payload: the NS application's jar, " + nsJar.length + " bytes, covered by the"
                + " image hash");
        byte[] shared;
        try {
            shared = MeasuredBoot.sharedData(List.of(new BootedImage(0, i0.facts()), new BootedImage(1, i1.facts())));
        } catch (SharedDataException e) {
            throw new UserException("boot refused: " + e.getMessage());
        }
        BootData data = BootData.parse(shared);
        say.accept("[bl2] measured boot: shared data area of " + shared.length + " bytes for the SPE:");
        for (int i = 0; i < 2; i++) {
            BootRecord r = BootRecord.decode(data.bootRecord(i).orElseThrow());
            say.accept(String.format("[bl2]   sw module %d: type %s, version %s, signer %s, %s %s", i, r.swType(),
                    r.version(), shortHex(r.signerId()), r.measurementDescription(), shortHex(r.measurementValue())));
        }
        return new Verified(i0.facts(), i1.facts(), code, nsJar, shared);
    }

    /** Starts the SPE from the admitted code, the boot data following it on its stdin, and waits until it serves. */
    static SpeProcess startSpe(Verified v, Path dir, Path socket, Consumer<String> log) {
        return startSpe(v, dir, socket, log, line -> { });
    }

    /** As {@link #startSpe(Verified, Path, Path, Consumer)}; the SPE's later stdout lines go to {@code notices}. */
    static SpeProcess startSpe(Verified v, Path dir, Path socket, Consumer<String> log, Consumer<String> notices) {
        try {
            Process p = WorldProcess.startSpe(v.speCode(), v.sharedData(), SpeProcess.JVM_FLAGS,
                    List.of("--device", dir.toString(), "--socket", socket.toString(), "--boot-data", "stdin"));
            return SpeProcess.supervise(p, log, notices);
        } catch (IOException e) {
            throw new UserException("the SPE did not start: " + e.getMessage());
        }
    }

    /**
     * Starts the NS application from image 1's verified payload, told the socket in {@value #SOCKET_ENV}, with
     * {@code args} for its {@code main} (the caller's configuration, not measured: see boot-design.md).
     */
    static Process startNs(Verified v, Path socket, List<String> args) {
        try {
            return WorldProcess.startNs(v.nsJar(), NS_FLAGS, args, Map.of(SOCKET_ENV, socket.toString()));
        } catch (IOException e) {
            throw new UserException("the NS application did not start: " + e.getMessage());
        }
    }

    /**
     * The images that run on trial (a TEST swap not yet confirmed), read from the primary trailers with BL2's own
     * code while no SPE holds the device: BL2 will revert each of them at the next boot.
     */
    static List<Integer> imagesOnTrial(Path dir) {
        try (DeviceDirectory device = DeviceCommand.open(dir);
                FlashDevice flash = device.internalFlash().open();
                FlashDevice nv = device.nvCounters().open()) {
            Bl2 bl2 = new Bl2(flash, FlashMap.defaults(), NvCounters.open(nv), List.of(), Bl2Config.defaults());
            List<Integer> trial = new java.util.ArrayList<>();
            for (int i = 0; i < FlashMap.defaults().imageCount(); i++) {
                if (bl2.onTrial(i)) {
                    trial.add(i);
                }
            }
            return List.copyOf(trial);
        } catch (FlashException | NvCounterException e) {
            throw new UserException("cannot read the device's trailers: " + e.getMessage());
        }
    }

    /** The payload of a verified image: the bytes after its header area, from the very array BL2 verified. */
    static byte[] payload(ImageBoot.Verified v) {
        int start = v.facts().header().hdrSize();
        return Arrays.copyOfRange(v.bytes(), start, start + (int) v.facts().header().imgSize());
    }

    static String shortHex(byte[] b) {
        if (b == null) {
            return "blank";
        }
        String h = HexFormat.of().formatHex(b);
        return h.length() <= 16 ? h : h.substring(0, 16) + "...";
    }
}
