package dev.citadel.boot.bl2;

import static dev.citadel.boot.Fixtures.text;

import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.flash.FlashMap.ImageSlots;
import dev.citadel.boot.flash.FlashMap.Region;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyPem;
import dev.citadel.hal.flash.FaultInjectingFlash;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerRail;
import dev.citadel.hal.nv.NvCounters;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A small device for BL2 tests: 1 KiB sectors programmed 16 bytes at a time, two images with 16-sector slots and a
 * 4-sector scratch, the NV counters on the same power rail, and Ed25519 test images signed by imgtool's key.
 */
final class BootRig {
    static final FlashGeometry GEOMETRY = new FlashGeometry(1024, 72, 16);
    static final int SLOT = 16 * 1024;
    static final FlashMap MAP = new FlashMap(List.of(
            new ImageSlots(new Region(0, SLOT), new Region(2 * SLOT, SLOT)),
            new ImageSlots(new Region(SLOT, SLOT), new Region(3 * SLOT, SLOT))),
            new Region(4 * SLOT, 4 * 1024));
    static final ImageSigningKey KEY = (ImageSigningKey) read("ed25519");
    static final ImageSigningKey OTHER_KEY = (ImageSigningKey) read("ecdsa-p256");

    final PowerRail rail = new PowerRail();
    final FlashDevice medium = FlashDevice.inMemory(GEOMETRY);
    final FlashDevice counterMedium = FlashDevice.inMemory(NvCounters.GEOMETRY);
    final FlashDevice flash = new FaultInjectingFlash(medium, rail);
    final FlashDevice counterFlash = new FaultInjectingFlash(counterMedium, rail);
    Bl2Config config;

    BootRig(Bl2Config config) {
        this.config = config;
    }

    private static Object read(String name) {
        try {
            return KeyPem.read(text(name + ".pem"), () -> null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] keyHash(ImageSigningKey k) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(k.publicKey().raw());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Bl2 bl2() throws Exception {
        byte[] h = keyHash(KEY);
        return new Bl2(flash, MAP, NvCounters.open(counterFlash), Arrays.asList(h, h), config);
    }

    BootResult boot() throws Exception {
        return bl2().boot();
    }

    NvCounters counters() throws Exception {
        return NvCounters.open(counterFlash);
    }

    /** A signed image: the payload is {@code size} bytes derived from {@code seed}. */
    static byte[] image(String version, long secCnt, int size, int seed, ImageDependency... deps) throws Exception {
        return image(KEY, version, secCnt, size, seed, deps);
    }

    static byte[] image(ImageSigningKey key, String version, long secCnt, int size, int seed,
            ImageDependency... deps) throws Exception {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        SignOptions o = SignOptions.builder().key(key).publicKeyFull(true).version(ImageVersion.parse(version))
                .headerSize(0x200).padHeader(true).slotSize(SLOT).align(16).maxSectors(SLOT / 1024).securityCounter(secCnt)
                .dependencies(List.of(deps)).build();
        return new ImageSigner(new SecureRandom()).sign(payload, o);
    }

    /** Programs {@code img} at the start of a slot, padded with 0xFF to whole program units, as an update agent does. */
    void install(dev.citadel.boot.flash.FlashArea slot, byte[] img) throws Exception {
        byte[] b = Arrays.copyOf(img, (img.length + 15) / 16 * 16);
        Arrays.fill(b, img.length, b.length, (byte) 0xFF);
        slot.write(0, b);
    }

    dev.citadel.boot.flash.FlashArea primary(int i) {
        return MAP.primary(flash, i);
    }

    dev.citadel.boot.flash.FlashArea secondary(int i) {
        return MAP.secondary(flash, i);
    }

    /** Whether the slot starts with exactly {@code img}. */
    boolean holds(dev.citadel.boot.flash.FlashArea slot, byte[] img) throws Exception {
        return Arrays.equals(slot.read(0, img.length), img);
    }

    /** A copy of the medium's bytes, to restore a starting state. */
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
            if (!dev.citadel.boot.flash.FlashArea.isErased(sector)) {
                d.program(g.sectorOffset(i), sector);
            }
        }
    }
}
