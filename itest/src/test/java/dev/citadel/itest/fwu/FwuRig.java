package dev.citadel.itest.fwu;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.bl2.BootResult;
import dev.citadel.boot.bl2.ImageBoot;
import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.flash.FlashMap.ImageSlots;
import dev.citadel.boot.flash.FlashMap.Region;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyType;
import dev.citadel.hal.flash.FaultInjectingFlash;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerRail;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.fwu.FwuPartition;
import dev.citadel.spe.fwu.FwuSlots;
import dev.citadel.spe.platform.PlatformPartition;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A small device for FWU tests: 1 KiB sectors programmed 16 bytes at a time, two images with 16-sector slots and a
 * 4-sector scratch (BL2's defaults otherwise: swap using scratch, rollback protection), NV counters on the same
 * power rail, images signed with fresh Ed25519 ROTPKs. {@link #boot()} is a reboot: the SPE (Platform + FWU) stops,
 * BL2 runs over the flash, and a new SPE starts on what the flash holds.
 */
final class FwuRig implements AutoCloseable {
    static final FlashGeometry GEOMETRY = new FlashGeometry(1024, 72, 16);
    static final int SLOT = 16 * 1024;
    static final FlashMap MAP = new FlashMap(List.of(
            new ImageSlots(new Region(0, SLOT), new Region(2 * SLOT, SLOT)),
            new ImageSlots(new Region(SLOT, SLOT), new Region(3 * SLOT, SLOT))),
            new Region(4 * SLOT, 4 * 1024));
    static final ImageSigningKey[] KEYS = {ImageSigningKey.generate(KeyType.ED25519, new SecureRandom()),
        ImageSigningKey.generate(KeyType.ED25519, new SecureRandom())};
    static final ImageSigningKey FOREIGN = ImageSigningKey.generate(KeyType.ED25519, new SecureRandom());

    final PowerRail rail = new PowerRail();
    final FlashDevice medium = FlashDevice.inMemory(GEOMETRY);
    final FlashDevice counterMedium = FlashDevice.inMemory(NvCounters.GEOMETRY);
    final FlashDevice flash = new FaultInjectingFlash(medium, rail);
    final FlashDevice counterFlash = new FaultInjectingFlash(counterMedium, rail);
    final List<Integer> resets = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    /** Keys kept across reboots when the rig has a Crypto partition (the OTA tests' code-verify key). */
    private final InMemoryKeyStorage keyStorage = new InMemoryKeyStorage();
    /** The ITS area of the rig with Crypto (the NS side's own assets, such as the OTA agent's record). */
    private final FlashDevice itsFlash = FlashDevice.inMemory(dev.citadel.hal.DeviceDirectory.DEFAULT_INTERNAL_FLASH);
    private final byte[] huk = new SecureRandom().generateSeed(32);
    private boolean crypto;
    private Spm spm;
    private SpeServer server;
    private Path dir;
    private int servers;

    /** The rotpk hashes: SHA-256 of each key's raw public key, as {@code citadel device init} provisions them. */
    static List<byte[]> rotpks() {
        return Arrays.asList(keyHash(KEYS[0]), keyHash(KEYS[1]));
    }

    static byte[] keyHash(ImageSigningKey k) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(k.publicKey().raw());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed, measurable image of {@code image}: the payload is {@code size} bytes derived from {@code seed}. */
    static byte[] image(int image, String version, long secCnt, int size, int seed, ImageDependency... deps) {
        return image(KEYS[image], image, version, secCnt, size, seed, deps);
    }

    static byte[] image(ImageSigningKey key, int image, String version, long secCnt, int size, int seed,
            ImageDependency... deps) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        try {
            SignOptions o = SignOptions.builder().key(key).publicKeyFull(true).version(ImageVersion.parse(version))
                    .headerSize(0x200).padHeader(true).slotSize(SLOT).align(16).maxSectors(SLOT / 1024)
                    .securityCounter(secCnt).dependencies(List.of(deps)).bootRecord(image == 0 ? "SPE" : "NSPE")
                    .build();
            return new ImageSigner(new SecureRandom()).sign(payload, o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A factory install of both v1 images in the primary slots, then a first boot (raises the counters to 1). */
    static FwuRig factory(byte[] image0, byte[] image1) throws Exception {
        return factory(image0, image1, false);
    }

    /** As {@link #factory(byte[], byte[])}, with a Crypto partition in the SPE when {@code crypto}. */
    static FwuRig factory(byte[] image0, byte[] image1, boolean crypto) throws Exception {
        FwuRig rig = new FwuRig();
        rig.crypto = crypto;
        rig.program(MAP.primary(rig.flash, 0), image0);
        rig.program(MAP.primary(rig.flash, 1), image1);
        BootResult r = rig.boot();
        if (!r.allVerified()) {
            throw new IllegalStateException("factory images do not boot: " + r.log());
        }
        return rig;
    }

    private void program(FlashArea slot, byte[] img) throws Exception {
        byte[] b = Arrays.copyOf(img, (img.length + 15) / 16 * 16);
        Arrays.fill(b, img.length, b.length, (byte) 0xFF);
        slot.write(0, b);
    }

    Bl2 bl2() throws Exception {
        return new Bl2(flash, MAP, NvCounters.open(counterFlash), rotpks(), Bl2Config.defaults());
    }

    NvCounters counters() throws Exception {
        return NvCounters.open(counterFlash);
    }

    /** A reboot: the SPE stops, BL2 runs, and the SPE starts again. */
    BootResult boot() throws Exception {
        stopSpe();
        BootResult r = bl2().boot();
        startSpe();
        return r;
    }

    /** The SPE restarts without BL2 running (a crash of the SPE process only). */
    void restartSpeOnly() throws Exception {
        stopSpe();
        startSpe();
    }

    private void startSpe() throws Exception {
        NvCounters counters = NvCounters.open(counterFlash);
        Spm.Builder b = Spm.builder()
                .partition(new PlatformPartition(counters, resets::add))
                .partition(new FwuPartition(FwuSlots.of(flash, MAP, Bl2Config.defaults(), counters, rotpks())));
        if (crypto) {
            b.partition(new CryptoPartition(8, 32, keyStorage, BuiltinKeys.hukOnly(huk)));
            b.partition(new dev.citadel.spe.its.ItsPartition(itsFlash, dev.citadel.spe.its.ItsConfig.defaults()));
        }
        spm = b.connectionPoolSize(8)
                .log(log::add)
                .build();
        spm.start();
    }

    void stopSpe() {
        for (Dispatcher d : dispatchers) {
            d.close();
        }
        dispatchers.clear();
        if (server != null) {
            server.close();
            server = null;
        }
        spm = null;
    }

    /** The FWU API through {@code door}, on the SPE now running. */
    PsaFwu fwu(Door door) {
        return new PsaFwu(dispatcher(door));
    }

    /** A dispatcher through {@code door} to the SPE now running; closed at the next reboot. */
    Dispatcher dispatcher(Door door) {
        try {
            Dispatcher d;
            if (door == Door.FUNCTION_CALL) {
                d = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            } else {
                if (server == null) {
                    if (dir == null) {
                        dir = Files.createTempDirectory("citadel-fwu");
                    }
                    server = SpeServer.start(spm, dir.resolve("spe-" + ++servers + ".sock"), ServerConfig.defaults().withLog(log::add));
                }
                d = SocketClient.connect(server.socket());
            }
            dispatchers.add(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw dispatcher of the last {@link #fwu} call's door, for malformed requests. */
    Dispatcher lastDispatcher() {
        return dispatchers.get(dispatchers.size() - 1);
    }

    FlashArea primary(int i) {
        return MAP.primary(flash, i);
    }

    FlashArea secondary(int i) {
        return MAP.secondary(flash, i);
    }

    /** Whether the slot starts with exactly {@code img}. */
    boolean holds(FlashArea slot, byte[] img) throws Exception {
        return Arrays.equals(slot.read(0, img.length), img);
    }

    /** The image BL2 booted for {@code image}, or null if it refused. */
    static byte[] booted(BootResult r, int image) {
        return r.image(image) instanceof ImageBoot.Verified v ? v.bytes() : null;
    }

    byte[][] snapshot() throws Exception {
        return new byte[][] {medium.read(0, GEOMETRY.size()), counterMedium.read(0, NvCounters.GEOMETRY.size())};
    }

    void restore(byte[][] s) throws Exception {
        restore(medium, s[0]);
        restore(counterMedium, s[1]);
    }

    private static void restore(FlashDevice d, byte[] content) throws Exception {
        FlashGeometry g = d.geometry();
        for (int i = 0; i < g.sectorCount(); i++) {
            d.erase(i);
            byte[] sector = Arrays.copyOfRange(content, g.sectorOffset(i), g.sectorOffset(i) + g.sectorSize());
            if (!FlashArea.isErased(sector)) {
                d.program(g.sectorOffset(i), sector);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopSpe();
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
