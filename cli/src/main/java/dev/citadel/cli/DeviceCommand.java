package dev.citadel.cli;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.hal.FlashFile;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.spe.its.ItsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citadel device}: maintenance of a device directory while no SPE serves it. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Create, flash and maintain a device directory while no SPE serves it.",
        subcommands = {DeviceInit.class, DeviceFlash.class, DeviceIakPub.class, DeviceCommand.Format.class})
final class DeviceCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel device --help'", Main.USAGE);
    }

    /** Refuses a path that holds no device: opening a missing or empty directory would create one. */
    static void requireDevice(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("no device directory at " + dir);
        }
        if (!Files.isRegularFile(dir.resolve(DeviceDirectory.DESCRIPTOR))) {
            throw new UserException(dir + " is not a Citadel device (no " + DeviceDirectory.DESCRIPTOR + ")");
        }
    }

    /** Opens (and locks) an existing device. */
    static DeviceDirectory open(Path dir) {
        requireDevice(dir);
        try {
            return DeviceDirectory.openOrCreate(dir);
        } catch (DeviceException e) {
            throw new UserException(e.getMessage());
        }
    }

    @Command(
            name = "format",
            mixinStandardHelpOptions = true,
            description = {
                "Erase a storage area of a device: the only way its stored data is erased (the SPE never wipes",
                "corrupt storage). Refused while an SPE holds the device. NV counters and OTP are never touched."
            })
    static final class Format implements Runnable {
        @Option(names = "--its", description = "Erase the ITS area of the internal flash (ITS assets, persistent "
                + "keys); the SPE formats it at its next start.")
        boolean its;

        @Option(names = "--ps", description = "Erase the whole external flash (the PS area).")
        boolean ps;

        @Parameters(paramLabel = "DIR", description = "The device directory.")
        Path dir;

        @Override
        public void run() {
            if (!its && !ps) {
                throw new UserException("say what to erase: --its and/or --ps", Main.USAGE);
            }
            // Checked first: opening a missing or empty directory would create a device.
            requireDevice(dir);
            try (DeviceDirectory device = DeviceDirectory.openOrCreate(dir)) {
                if (its) {
                    FlashFile internal = device.internalFlash();
                    ItsConfig c = ItsConfig.forFlash(internal.geometry());
                    erase("ITS area", internal, c.firstSector(), c.areaSectors());
                }
                if (ps) {
                    FlashFile external = device.externalFlash();
                    erase("PS area (whole external flash)", external, 0, external.geometry().sectorCount());
                    requestEmptyPsStore(device.psFormatRequest());
                }
                System.out.println("NV counters (" + device.nvCounters().path().getFileName() + ") and OTP ("
                        + device.otpFile().getFileName() + ") untouched");
            } catch (DeviceException e) {
                throw new UserException(e.getMessage());
            }
        }

        /** The PS counters stay where they are, so the SPE needs to be told this empty area is wanted. */
        private static void requestEmptyPsStore(java.nio.file.Path request) {
            try {
                Files.writeString(request, "PS area erased by citadel device format --ps\n");
            } catch (java.io.IOException e) {
                throw new UserException("PS area erased, but " + request + " could not be written ("
                        + e.getMessage() + "): the SPE will report the empty area as tampered until it is");
            }
            System.out.println("the next SPE start begins an empty PS store (" + request.getFileName() + ")");
        }

        private static void erase(String what, FlashFile file, int first, int count) {
            try (FlashDevice flash = file.open()) {
                for (int s = first; s < first + count; s++) {
                    flash.erase(s);
                }
                flash.sync();
            } catch (FlashException e) {
                throw new UserException("cannot erase the " + what + " in " + file.path() + ": " + e.getMessage());
            }
            long bytes = (long) count * file.geometry().sectorSize();
            System.out.println("erased " + what + ": " + file.path().getFileName() + " sectors " + first + ".."
                    + (first + count - 1) + " (" + count + " sectors, " + bytes + " bytes)");
        }
    }
}
