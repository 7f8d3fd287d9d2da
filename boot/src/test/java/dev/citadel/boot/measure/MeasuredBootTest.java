package dev.citadel.boot.measure;

import static dev.citadel.boot.Fixtures.resource;
import static dev.citadel.boot.Fixtures.u16;
import static dev.citadel.boot.Fixtures.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.boot.Fixtures;
import dev.citadel.boot.image.BootRecord;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.measure.MeasuredBoot.BootedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shared data area from imgtool-made images, against expectations built here from MCUboot's layout with plain
 * offsets (reference §5.2), never from the code under test.
 */
class MeasuredBootTest {
    private static final String SPE_P384 = "ecdsa-p384_boot-record.bin";
    private static final String NSPE_ED25519 = "ed25519_full_all.bin";
    private static final String SPE_RSA = "rsa-3072_tfm-like.bin";

    private static VerifiedImage verified(String image, String key) throws Exception {
        ImagePublicKey pub = ImagePublicKey.fromRaw(resource(key + ".pub.der"));
        VerificationResult r = ImageVerifier.builder().trustKey(pub).build().verify(resource(image));
        assertThat(r.isValid()).as(r.toString()).isTrue();
        return ((VerificationResult.Valid) r).image();
    }

    /** The BOOT_RECORD TLV's bytes with its last hash-length bytes replaced by the hash TLV's value. */
    private static byte[] expectedRecord(byte[] img) {
        int prot = u16(img, 8) + (int) u32(img, 12);
        assertThat(u16(img, prot)).isEqualTo(0x6908);
        byte[] record = null;
        for (int p = prot + 4; p < prot + u16(img, prot + 2); p += 4 + u16(img, p + 2)) {
            if (u16(img, p) == 0x60) {
                record = Arrays.copyOfRange(img, p + 4, p + 4 + u16(img, p + 2));
            }
        }
        for (int[] t : Fixtures.unprotectedTlvs(img)) {
            if (t[0] >= 0x10 && t[0] <= 0x12) {
                System.arraycopy(img, t[1], record, record.length - t[2], t[2]);
            }
        }
        return record;
    }

    /** MCUboot's area: {0x2016, total} then {type = 1 << 12 | image << 6 | 0x3F, length, record} per image. */
    private static byte[] expectedArea(byte[]... recordsByImage) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int total = 4;
        for (byte[] r : recordsByImage) {
            total += 4 + r.length;
        }
        le16(o, 0x2016);
        le16(o, total);
        for (int i = 0; i < recordsByImage.length; i++) {
            le16(o, 0x1000 | i << 6 | 0x3F);
            le16(o, recordsByImage[i].length);
            o.writeBytes(recordsByImage[i]);
        }
        return o.toByteArray();
    }

    private static void le16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write(v >> 8);
    }

    @Test
    void oneImageGivesMcubootsAreaByteForByte() throws Exception {
        byte[] area = MeasuredBoot.sharedData(List.of(new BootedImage(0, verified(SPE_RSA, "rsa-3072"))));

        assertThat(area).isEqualTo(expectedArea(expectedRecord(resource(SPE_RSA))));
        // magic 0x2016, total 4 + 4 + 91, type 0x103F, length 91 (the record the reference decoded)
        assertThat(HexFormat.of().formatHex(area, 0, 8)).isEqualTo("162063003f105b00");
    }

    @Test
    void twoImagesAreAddedInOrderUnderTheirOwnModuleNumbers() throws Exception {
        byte[] area = MeasuredBoot.sharedData(List.of(new BootedImage(0, verified(SPE_P384, "ecdsa-p384")),
                new BootedImage(1, verified(NSPE_ED25519, "ed25519"))));

        byte[] spe = expectedRecord(resource(SPE_P384));
        assertThat(area).isEqualTo(expectedArea(spe, expectedRecord(resource(NSPE_ED25519))));
        int second = 4 + 4 + spe.length;
        assertThat(HexFormat.of().formatHex(area, second, second + 2)).isEqualTo("7f10");
    }

    @Test
    void theMeasurementIsTheImageHashInsideAnIntactRecord() throws Exception {
        VerifiedImage v = verified(NSPE_ED25519, "ed25519");
        BootRecord r = BootRecord.decode(MeasuredBoot.measuredRecord(1, v));
        assertThat(r.measurementValue()).isEqualTo(v.hash());
        assertThat(r.swType()).isEqualTo("NSPE");
        assertThat(r.version()).isEqualTo("2.0.1");
        assertThat(r.measurementDescription()).isEqualTo("SHA256");
    }

    @Test
    void anImageWithoutAHashIsRefused() throws Exception {
        VerifiedImage v = verified(SPE_RSA, "rsa-3072");
        VerifiedImage noHash = new VerifiedImage(v.header(), v.hashAlgorithm(), new byte[0], v.signerKeyHash(),
                v.signerType(), v.securityCounter(), v.dependencies(), v.bootRecord(), v.imageSize());
        assertThatThrownBy(() -> MeasuredBoot.sharedData(List.of(new BootedImage(0, noHash))))
                .isInstanceOfSatisfying(SharedDataException.class, e -> assertThat(e.reason())
                        .isEqualTo(SharedDataException.Reason.MISSING_MEASUREMENT))
                .hasMessage("image 0 cannot be measured: it has no hash TLV");
    }

    @Test
    void anImageWithoutABootRecordFailsTheBootAsMcubootDoes() throws Exception {
        VerifiedImage v = verified("ecdsa-p256_seccnt-auto.bin", "ecdsa-p256");
        assertThat(v.bootRecord()).isEmpty();
        assertThatThrownBy(() -> MeasuredBoot.sharedData(List.of(new BootedImage(1, v))))
                .hasMessage("image 1 cannot be measured: it has no BOOT_RECORD TLV");
    }

    @Test
    void aRecordThatDoesNotEndWithTheMeasurementIsRefused() throws Exception {
        VerifiedImage v = verified(SPE_RSA, "rsa-3072");
        byte[] shortValue = new BootRecord("SPE", "2.1.0", new byte[32], "SHA256", new byte[16]).encode();
        VerifiedImage odd = new VerifiedImage(v.header(), v.hashAlgorithm(), v.hash(), v.signerKeyHash(),
                v.signerType(), v.securityCounter(), v.dependencies(), Optional.of(shortValue), v.imageSize());
        assertThatThrownBy(() -> MeasuredBoot.measuredRecord(0, odd))
                .hasMessage("image 0 cannot be measured: its BOOT_RECORD does not end with a 32-byte measurement value");
    }

    @Test
    void theSameImageTwiceIsAnOverwrite() throws Exception {
        BootedImage b = new BootedImage(0, verified(SPE_RSA, "rsa-3072"));
        assertThatThrownBy(() -> MeasuredBoot.sharedData(List.of(b, b)))
                .isInstanceOfSatisfying(SharedDataException.class, e -> assertThat(e.reason())
                        .isEqualTo(SharedDataException.Reason.OVERWRITE));
    }

    @Test
    void theAreaRefusesToGrowPastItsSize() throws Exception {
        SharedData area = new SharedData(4 + 4 + 8);
        area.add(1, 0x3F, new byte[8]);
        assertThat(area.totalLength()).isEqualTo(16);
        assertThatThrownBy(() -> area.add(1, 0x7F, new byte[0]))
                .isInstanceOfSatisfying(SharedDataException.class, e -> assertThat(e.reason())
                        .isEqualTo(SharedDataException.Reason.OVERFLOW));
        assertThat(area.encode()).hasSize(16);
    }

    @Test
    void typesPackMajorAndMinorAsMcubootDoes() {
        assertThat(SharedData.tlvType(SharedData.TLV_MAJOR_IAS, SharedData.iasMinor(2, SharedData.SW_BOOT_RECORD)))
                .isEqualTo(0x10BF);
        assertThatThrownBy(() -> SharedData.iasMinor(64, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
