package dev.citadel.cli;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.bl2.ImageTrailer;
import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.image.ImageFormatException;
import dev.citadel.boot.image.ImageHeader;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.ParsedImage;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Lifecycle;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code citadel device flash}: writes a signed image into a slot through {@link FlashArea}, as a factory
 * programmer (primary slot) or an update agent (secondary slot, then marked pending as {@code boot_set_pending}).
 * It authenticates nothing, as neither of those does: BL2 verifies every image at every boot. It says whether BL2
 * will accept the image, so a mistake shows now rather than at the next boot.
 */
@Command(
        name = "flash",
        mixinStandardHelpOptions = true,
        description = {
            "Write a signed image into a slot: image N's primary slot (factory install, the default) or its",
            "secondary slot (an update, marked for a test swap at the next boot, or a permanent one with",
            "--permanent). The image may be plain or padded to the slot with a trailer for this flash",
            "(--align 16 --max-sectors 144)."
        })
final class DeviceFlash implements Runnable {
    static final NvCounterId[] COUNTERS = {NvCounterId.BL2_0, NvCounterId.BL2_1};

    @Parameters(index = "0", paramLabel = "DIR", description = "The device directory.")
    Path dir;

    @Parameters(index = "1", paramLabel = "FILE", description = "The signed image.")
    Path file;

    @Option(names = "--image", required = true, paramLabel = "N", description = "0 (secure) or 1 (non-secure).")
    int image;

    @Option(names = "--slot", defaultValue = "primary", paramLabel = "primary|secondary",
            description = "Which slot (default: ${DEFAULT-VALUE}).")
    String slot;

    @Option(names = "--permanent", description = "With --slot secondary: install for good, no trial (PERM).")
    boolean permanent;

    @Override
    public void run() {
        boolean secondary = switch (slot) {
            case "primary" -> false;
            case "secondary" -> true;
            default -> throw new UserException("--slot must be primary or secondary, not '" + slot + "'",
                    Main.USAGE);
        };
        if (permanent && !secondary) {
            throw new UserException("--permanent applies to --slot secondary only", Main.USAGE);
        }
        FlashMap map = FlashMap.defaults();
        if (image < 0 || image >= map.imageCount()) {
            throw new UserException("this device has images 0 (secure) and 1 (non-secure), not " + image,
                    Main.USAGE);
        }
        DeviceCommand.requireDevice(dir);
        byte[] bytes = ImageCommand.readFile(file, "image file");
        try (DeviceDirectory device = DeviceCommand.open(dir)) {
            Otp otp = Otp.open(device.otpFile());
            if (Lifecycle.of(otp.lifecycle().orElse(0)) == Lifecycle.DECOMMISSIONED) {
                throw new UserException("device " + dir + " is decommissioned: its flash is locked");
            }
            try (FlashDevice flash = device.internalFlash().open();
                    FlashDevice nv = device.nvCounters().open()) {
                NvCounters counters = NvCounters.open(nv);
                Bl2 bl2 = new Bl2(flash, map, counters, Bl2.rotpkHashes(otp), Bl2Config.defaults());
                FlashArea area = secondary ? map.secondary(flash, image) : map.primary(flash, image);
                ImageTrailer trailer = bl2.trailer();
                long length = checkFits(bytes, area, trailer);
                boolean padded = bytes.length > length && !FlashArea.isErased(tail(bytes, length));
                area.eraseBackwards(0, area.size());
                program(area, padded ? bytes : Arrays.copyOf(bytes, (int) length));
                say(String.format("wrote %d bytes of %s into the %s [0x%x, +0x%x)%s", length, file.getFileName(),
                        area.name(), area.offset(), area.size(), padded ? ", with its trailer" : ""));
                if (secondary && !padded) {
                    trailer.setPending(area, image, permanent);
                    say("marked for " + (permanent ? "a permanent upgrade (PERM)" : "a test swap (TEST): BL2 reverts"
                            + " it at the boot after next unless it is confirmed") + " at the next boot");
                }
                flash.sync();
                forecast(bytes, area, trailer, Bl2.rotpkHashes(otp).get(image), counters.read(COUNTERS[image]));
            }
        } catch (OtpException e) {
            throw new UserException(e.getMessage());
        } catch (FlashException | NvCounterException e) {
            throw new UserException("cannot write " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The image's length in the file; refuses a file that is no MCUboot image, does not fit the slot with the
     * trailer, or carries bytes after the image other than erased padding or a trailer for this very slot.
     */
    private long checkFits(byte[] bytes, FlashArea area, ImageTrailer trailer) {
        if (bytes.length < ImageHeader.SIZE || ImageHeader.decode(bytes).magic() != ImageHeader.MAGIC) {
            throw new UserException(file + " is not an MCUboot image (no image header magic)");
        }
        long room = area.size() - trailer.size();
        long hashed = ImageHeader.decode(bytes).hashedLength();
        if (hashed >= room) {
            throw tooLarge(hashed, area, trailer);
        }
        long length;
        try {
            length = ParsedImage.parse(bytes, area.size(), area.size()).tlvEnd();
        } catch (ImageFormatException e) {
            throw new UserException(file + " is not a well-formed MCUboot image: " + e.getMessage());
        }
        if (length > room) {
            throw tooLarge(length, area, trailer);
        }
        if (bytes.length > length && !FlashArea.isErased(tail(bytes, length))) {
            if (bytes.length != area.size()) {
                throw new UserException(String.format("%s has %d bytes after the image that are neither erased "
                        + "padding nor a trailer for the %d-byte slot", file, bytes.length - length, area.size()));
            }
            byte[] magic = Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length);
            if (!Arrays.equals(magic, trailer.magic())) {
                throw new UserException(file + "'s trailer was made for another flash: sign with --align "
                        + trailer.writeSize() + " --max-sectors " + trailer.maxSectors() + ", or without --pad");
            }
        }
        return length;
    }

    private UserException tooLarge(long size, FlashArea area, ImageTrailer trailer) {
        return new UserException(String.format("%s: the image (%d bytes) and the trailer (%d bytes) do not fit the"
                + " %s (%d bytes)", file, size, trailer.size(), area.name(), area.size()));
    }

    private static byte[] tail(byte[] bytes, long from) {
        return Arrays.copyOfRange(bytes, (int) from, bytes.length);
    }

    /** Programs whole units, skipping those that are all erased bytes (NOR flash takes one program per unit). */
    private static void program(FlashArea area, byte[] data) throws FlashException {
        byte[] all = area.padded(data);
        int w = area.align();
        int runStart = -1;
        for (int off = 0; off <= all.length; off += w) {
            boolean erased = off == all.length || FlashArea.isErased(Arrays.copyOfRange(all, off, off + w));
            if (!erased && runStart < 0) {
                runStart = off;
            } else if (erased && runStart >= 0) {
                area.write(runStart, Arrays.copyOfRange(all, runStart, off));
                runStart = -1;
            }
        }
    }

    /** What BL2 will say: verified against the image's ROTPK hash and its security counter, or why not. */
    private static void forecast(byte[] bytes, FlashArea area, ImageTrailer trailer, byte[] rotpk, long stored) {
        if (rotpk == null) {
            say("note: BL2 will refuse it: no ROTPK hash is provisioned for this image");
            return;
        }
        VerificationResult r = ImageVerifier.builder().slotSize(area.size()).maxImageSize(area.size() - trailer.size())
                .allowKeyHash(rotpk).build().verify(bytes);
        if (r instanceof VerificationResult.Refused no) {
            say("note: BL2 will refuse it: " + no);
            return;
        }
        VerifiedImage v = ((VerificationResult.Valid) r).image();
        if (v.securityCounter().isEmpty() || v.securityCounter().getAsLong() < stored) {
            say("note: BL2 will refuse it: security counter " + (v.securityCounter().isEmpty() ? "missing"
                    : v.securityCounter().getAsLong()) + ", stored " + stored);
            return;
        }
        say("BL2 will accept it: version " + v.version() + ", signed by the key of ROTPK hash "
                + HexFormat.of().formatHex(v.signerKeyHash()).substring(0, 16) + "..., security counter "
                + v.securityCounter().getAsLong() + " (stored " + stored + ")");
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
