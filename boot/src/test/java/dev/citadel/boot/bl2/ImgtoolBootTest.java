package dev.citadel.boot.bl2;

import static dev.citadel.boot.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images made by MCUboot's imgtool for the device's default layout boot through BL2: ROTPK hashes as imgtool's
 * {@code getpubhash} prints them, a factory install of both images, then an imgtool-made update of image 1 that
 * runs as a trial and is reverted at the next boot because nobody confirmed it. The commands are in
 * {@code imgtool/README.md}.
 */
class ImgtoolBootTest {
    private final FlashDevice flash = FlashDevice.inMemory(DeviceDirectory.DEFAULT_INTERNAL_FLASH);
    private final FlashDevice counterFlash = FlashDevice.inMemory(NvCounters.GEOMETRY);
    private final FlashMap map = FlashMap.defaults();
    private final List<byte[]> rotpk = List.of(resource("ecdsa-p256.pubhash.bin"), resource("ed25519.pubhash.bin"));

    private Bl2 bl2() throws Exception {
        return new Bl2(flash, map, NvCounters.open(counterFlash), rotpk, Bl2Config.defaults());
    }

    private static void install(FlashArea slot, byte[] img) throws Exception {
        byte[] b = Arrays.copyOf(img, (img.length + 15) / 16 * 16);
        Arrays.fill(b, img.length, b.length, (byte) 0xFF);
        slot.write(0, b);
    }

    private static ImageBoot.Verified verified(BootResult r, int image) {
        assertThat(r.image(image)).as(String.join("\n", r.log())).isInstanceOf(ImageBoot.Verified.class);
        return (ImageBoot.Verified) r.image(image);
    }

    @Test
    void imgtoolImagesBootAndAnImgtoolUpdateIsTriedThenReverted() throws Exception {
        byte[] image0 = resource("boot_image0_v1.bin");
        byte[] image1 = resource("boot_image1_v1.bin");
        byte[] update1 = resource("boot_image1_v2.bin");
        install(map.primary(flash, 0), image0);
        install(map.primary(flash, 1), image1);

        BootResult first = bl2().boot();
        assertThat(verified(first, 0).bytes()).isEqualTo(image0);
        assertThat(verified(first, 1).bytes()).isEqualTo(image1);
        assertThat(verified(first, 1).facts().version()).isEqualTo(ImageVersion.parse("1.0.0"));
        assertThat(NvCounters.open(counterFlash).read(NvCounterId.BL2_1)).isEqualTo(1);

        // The update agent's part: write the new image to the secondary slot and mark it for a test swap.
        install(map.secondary(flash, 1), update1);
        bl2().trailer().setPending(map.secondary(flash, 1), 1, false);

        BootResult trial = bl2().boot();
        assertThat(verified(trial, 1).bytes()).isEqualTo(update1);
        assertThat(verified(trial, 1).swapType()).isEqualTo(SwapType.TEST);
        assertThat(verified(trial, 0).bytes()).isEqualTo(image0);
        // A trial does not raise the security counter: only a confirmed image does.
        assertThat(NvCounters.open(counterFlash).read(NvCounterId.BL2_1)).isEqualTo(1);

        BootResult reverted = bl2().boot();
        assertThat(verified(reverted, 1).bytes()).isEqualTo(image1);
        assertThat(verified(reverted, 1).swapType()).isEqualTo(SwapType.REVERT);
    }
}
