package dev.citadel.spe;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.hal.FlashFile;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.nv.NvCounterException;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpException;
import dev.citadel.hal.otp.OtpField;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.spe.attest.AttestPartition;
import dev.citadel.spe.attest.DeviceIdentity;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.fwu.FwuPartition;
import dev.citadel.spe.fwu.FwuSlots;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsFlashFs;
import dev.citadel.spe.its.ItsKeyStorage;
import dev.citadel.spe.its.ItsPartition;
import dev.citadel.spe.its.ItsStorage;
import dev.citadel.spe.platform.PlatformPartition;
import dev.citadel.spe.platform.SystemResetHandler;
import dev.citadel.spe.ps.FormatRequest;
import dev.citadel.spe.ps.PsConfig;
import dev.citadel.spe.ps.PsPartition;
import dev.citadel.spe.spm.BootData;
import dev.citadel.spe.spm.SecurePartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The secure partitions a device's SPE hosts, TF-M's manifest list: Crypto, ITS (on the internal flash), Platform
 * (the device's NV counters), PS (on the external flash), Initial Attestation (the OTP, the boot data and the
 * device's {@value AttestConfig#FILE}) and Firmware Update (BL2's slots on the internal flash, as
 * {@link FlashMap#defaults()} places them, with {@link Bl2Config#defaults()}'s trailer).
 */
public final class SpePartitions {
    private SpePartitions() {}

    /** Bounds of the Crypto partition's tables that a device may choose; each slot costs memory up front. */
    public static final int MAX_CRYPTO_OPERATIONS = 1024;
    public static final int MAX_CRYPTO_KEY_SLOTS = 4096;

    /**
     * The partitions of {@code device}. Both flashes and the NV counters' flash stay open for the life of the process,
     * as the SPE's. A corrupt ITS or PS area does not stop the SPE: their calls report it (never a silent wipe).
     *
     * @param cryptoOperations multi-part crypto operations open at once, 1..{@value #MAX_CRYPTO_OPERATIONS}
     * @param cryptoKeySlots keys in memory at once, 1..{@value #MAX_CRYPTO_KEY_SLOTS}
     * @param reset what the host does when a client requests a system reset
     * @throws IllegalArgumentException outside those bounds
     * @throws DeviceException if the device's flash files, NV counters or OTP cannot be opened (unreadable, wrong
     *     size, or corrupt: never reset)
     */
    public static List<SecurePartition> forDevice(DeviceDirectory device, int cryptoOperations, int cryptoKeySlots,
            SystemResetHandler reset) throws DeviceException {
        return forDevice(device, cryptoOperations, cryptoKeySlots, reset, Optional.empty());
    }

    /**
     * As {@link #forDevice(DeviceDirectory, int, int, SystemResetHandler)}, with the measured-boot area BL2 handed
     * over: the attestation partition's software components.
     *
     * @param bootData empty for an SPE started without BL2 ({@code citadel spe serve})
     * @throws DeviceException also if the device's attestation settings are unreadable or invalid
     */
    public static List<SecurePartition> forDevice(DeviceDirectory device, int cryptoOperations, int cryptoKeySlots,
            SystemResetHandler reset, Optional<BootData> bootData) throws DeviceException {
        if (cryptoOperations < 1 || cryptoOperations > MAX_CRYPTO_OPERATIONS || cryptoKeySlots < 1
                || cryptoKeySlots > MAX_CRYPTO_KEY_SLOTS) {
            throw new IllegalArgumentException("crypto table sizes out of range: " + cryptoOperations + ", "
                    + cryptoKeySlots);
        }
        FlashFile file = device.nvCounters();
        NvCounters counters;
        try {
            counters = NvCounters.open(FlashDevice.openFile(file.path(), file.geometry()));
        } catch (FlashException | NvCounterException e) {
            throw new DeviceException("the NV counters in " + file.path() + " cannot be used: " + e.getMessage(), e);
        }
        FlashFile internal = device.internalFlash();
        ItsStorage its;
        FlashDevice internalFlash;
        try {
            // one device for both users of the internal flash: ITS's area and BL2's slots do not overlap
            internalFlash = FlashDevice.openFile(internal.path(), internal.geometry());
            its = new ItsStorage(ItsFlashFs.mount(internalFlash, ItsConfig.forFlash(internal.geometry())));
        } catch (FlashException e) {
            throw new DeviceException("the internal flash " + internal.path() + " cannot be used: " + e.getMessage(), e);
        }
        FlashFile external = device.externalFlash();
        PsPartition ps;
        try {
            Path request = device.psFormatRequest();
            ps = new PsPartition(FlashDevice.openFile(external.path(), external.geometry()),
                    PsConfig.forFlash(external.geometry()), new FormatRequest(Files.exists(request), () -> {
                        try {
                            Files.deleteIfExists(request);
                        } catch (IOException e) {
                            // Harmless if it stays: it only admits an empty area, and the area now holds a table.
                            System.getLogger(SpePartitions.class.getName()).log(System.Logger.Level.WARNING,
                                    "cannot remove " + request + ": " + e.getMessage());
                        }
                    }));
        } catch (FlashException e) {
            throw new DeviceException("the external flash " + external.path() + " cannot be used: " + e.getMessage(), e);
        }
        // Keys in ITS under the Crypto partition's client ID; HUK and IAK from the OTP, provisioned on first start.
        CryptoPartition crypto = new CryptoPartition(cryptoOperations, cryptoKeySlots, new ItsKeyStorage(its),
                DeviceKeys.load(device.otpFile()));
        AttestPartition attest;
        try {
            attest = new AttestPartition(AttestConfig.load(device.root().resolve(AttestConfig.FILE)),
                    deviceIdentity(device.otpFile()), bootData, new SecureRandom());
        } catch (IOException | IllegalArgumentException e) {
            throw new DeviceException("attestation cannot start: " + e.getMessage(), e);
        }
        FwuPartition fwu;
        try {
            fwu = new FwuPartition(FwuSlots.of(internalFlash, FlashMap.defaults(), Bl2Config.defaults(), counters,
                    Bl2.rotpkHashes(Otp.open(device.otpFile()))));
        } catch (OtpException | IllegalArgumentException e) {
            throw new DeviceException("firmware update cannot start: " + e.getMessage(), e);
        }
        return List.of(crypto, new ItsPartition(its), new PlatformPartition(counters, reset), ps, attest, fwu);
    }

    /** The implementation ID (Citadel's default when the OTP has none) and the lifecycle (UNKNOWN when unset). */
    private static DeviceIdentity deviceIdentity(Path otpFile) throws DeviceException {
        try {
            Otp otp = Otp.open(otpFile);
            return new DeviceIdentity(otp.read(OtpField.IMPLEMENTATION_ID)
                    .orElseGet(DeviceIdentity::defaultImplementationId), otp.lifecycle().orElse(0));
        } catch (OtpException e) {
            throw new DeviceException("cannot use the device's OTP: " + e.getMessage(), e);
        }
    }
}
