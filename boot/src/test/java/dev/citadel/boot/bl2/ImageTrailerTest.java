package dev.citadel.boot.bl2;

import static dev.citadel.boot.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.flash.FlashArea;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trailer against the offsets and encodings of the reference (mcuboot.md §2.1, §2.2) and imgtool's images. */
class ImageTrailerTest {

    private static FlashArea slotHolding(byte[] content, int programUnit) throws Exception {
        FlashDevice d = FlashDevice.inMemory(new FlashGeometry(4096, content.length / 4096, programUnit));
        d.program(0, content);
        return new FlashArea("slot", d, 0, content.length);
    }

    /** imgtool --pad/--confirm images, whose trailers read as the reference says. */
    @ParameterizedTest
    @CsvSource({
        "ecdsa-p256_pad-confirm.bin, 8, 8, SET",   // --align 8 --confirm
        "rsa-2048_deps-test.bin, 1, 8, UNSET",     // --test
        "ed25519_full_all.bin, 4, 8, SET",         // --align 4 --confirm
        "rsa-3072_tfm-like.bin, 16, 16, SET"})     // --align 16 --max-align 16 --confirm
    void imgtoolPaddedImagesReadAsUpgradeRequests(String file, int align, int maxAlign, BootFlag imageOk)
            throws Exception {
        byte[] img = resource(file);
        FlashArea slot = slotHolding(img, align);
        ImageTrailer t = new ImageTrailer(align, maxAlign, 128, 3, false);
        SwapState s = t.read(slot);
        assertThat(s.magic()).isEqualTo(BootMagic.GOOD);
        assertThat(s.imageOk()).isEqualTo(imageOk);
        assertThat(s.copyDone()).isEqualTo(BootFlag.UNSET);
        assertThat(s.swapType()).isEqualTo(SwapType.NONE);
        assertThat(t.readSwapSize(slot)).isEqualTo(-1);
        // the table reads them as an upgrade waiting in the secondary slot
        assertThat(SwapTable.decide(SwapState.ERASED, s))
                .isEqualTo(imageOk == BootFlag.SET ? SwapType.PERM : SwapType.TEST);
    }

    @Test
    void aMagicOfTheOtherAlignmentReadsBad() throws Exception {
        FlashArea slot = slotHolding(resource("rsa-3072_tfm-like.bin"), 8);
        assertThat(new ImageTrailer(8, 8, 128, 3, false).read(slot).magic()).isEqualTo(BootMagic.BAD);
    }

    @Test
    void fieldsLandAtTheReferenceOffsetsWithMaxAlign16() throws Exception {
        int s = 0x4000;
        FlashArea slot = slotHolding(erased(s), 16);
        ImageTrailer t = new ImageTrailer(16, 16, 4, 3, false);
        t.writeSwapInfo(slot, SwapType.PERM, 1);
        t.writeImageOk(slot);
        t.writeCopyDone(slot);
        t.writeSwapSize(slot, 0x12345);
        t.writeStatus(slot, false, 2, 3);
        t.writeMagic(slot);
        byte[] b = slot.read(0, s);
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(b, s - 16, s)))
                .isEqualTo("10002de15d29410b8d77679c110f1f8a");
        assertThat(b[s - 32]).isEqualTo((byte) 0x01);            // image_ok at S - 16 - A
        assertThat(b[s - 48]).isEqualTo((byte) 0x01);            // copy_done one A lower
        assertThat(b[s - 64]).isEqualTo((byte) 0x13);            // swap_info: image 1, PERM
        assertThat(Arrays.copyOfRange(b, s - 80, s - 76)).containsExactly(0x45, 0x23, 0x01, 0x00);
        int statusOff = s - (4 * 3 * 16 + 4 * 16 + 16);          // boot_trailer_sz
        assertThat(b[statusOff + 2 * 16]).isEqualTo((byte) 3);
        assertThat(t.size()).isEqualTo(4 * 3 * 16 + 4 * 16 + 16);
        assertThat(b[s - 31]).isEqualTo((byte) 0xFF);            // padding to the write size stays erased
        SwapState st = t.read(slot);
        assertThat(st).isEqualTo(new SwapState(BootMagic.GOOD, SwapType.PERM, 1, BootFlag.SET, BootFlag.SET));
        assertThat(t.readSwapSize(slot)).isEqualTo(0x12345);
    }

    @Test
    void fieldsLandAtTheReferenceOffsetsWithMaxAlign8() throws Exception {
        int s = 0x2000;
        FlashArea slot = slotHolding(erased(s), 8);
        ImageTrailer t = new ImageTrailer(8, 8, 4, 3, false);
        t.writeImageOk(slot);
        t.writeCopyDone(slot);
        t.writeSwapInfo(slot, SwapType.TEST, 0);
        t.writeMagic(slot);
        byte[] b = slot.read(0, s);
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(b, s - 16, s)))
                .isEqualTo("77c295f360d2ef7f3552500f2cb67980");
        assertThat(b[s - 24]).isEqualTo((byte) 0x01);
        assertThat(b[s - 32]).isEqualTo((byte) 0x01);
        assertThat(b[s - 40]).isEqualTo((byte) 0x02);
    }

    @Test
    void flagsOtherThanOneOrErasedReadBadAndOutOfRangeSwapTypesReadNone() throws Exception {
        int s = 0x2000;
        byte[] content = erased(s);
        content[s - 24] = 0x02;
        content[s - 40] = 0x07;
        FlashArea slot = slotHolding(content, 8);
        SwapState st = new ImageTrailer(8, 8, 4, 3, false).read(slot);
        assertThat(st.imageOk()).isEqualTo(BootFlag.BAD);
        assertThat(st.swapType()).isEqualTo(SwapType.NONE);
        assertThat(st.magic()).isEqualTo(BootMagic.UNSET);
    }

    @Test
    void setPendingWritesMagicImageOkAndSwapInfoOnceAndSetConfirmedOnlyUnderAGoodMagic() throws Exception {
        int s = 0x2000;
        FlashArea slot = slotHolding(erased(s), 8);
        ImageTrailer t = new ImageTrailer(8, 8, 4, 3, false);
        assertThat(t.setConfirmed(slot)).isEqualTo(ImageTrailer.Mark.ALREADY); // nothing to confirm
        assertThat(t.setPending(slot, 1, true)).isEqualTo(ImageTrailer.Mark.WRITTEN);
        assertThat(t.read(slot)).isEqualTo(new SwapState(BootMagic.GOOD, SwapType.PERM, 1, BootFlag.UNSET,
                BootFlag.SET));
        assertThat(t.setPending(slot, 1, false)).isEqualTo(ImageTrailer.Mark.ALREADY);

        FlashArea primary = slotHolding(erased(s), 8);
        t.writeMagic(primary);
        t.writeCopyDone(primary);
        assertThat(t.setConfirmed(primary)).isEqualTo(ImageTrailer.Mark.WRITTEN);
        assertThat(t.read(primary).imageOk()).isEqualTo(BootFlag.SET);
        assertThat(t.setConfirmed(primary)).isEqualTo(ImageTrailer.Mark.ALREADY);

        byte[] bad = erased(s);
        bad[s - 1] = 0;
        assertThat(t.setPending(slotHolding(bad, 8), 0, false)).isEqualTo(ImageTrailer.Mark.BAD_MAGIC);
    }

    private static byte[] erased(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }
}
