package dev.citadel.boot.measure;

import dev.citadel.boot.image.BootRecord;
import dev.citadel.boot.image.VerifiedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Measured boot as MCUboot's {@code MCUBOOT_MEASURED_BOOT} does it ({@code boot_save_boot_status}): for each booted
 * image, its BOOT_RECORD with the last hash-length bytes replaced by the image hash from the hash TLV, added to the
 * shared data area under major IAS, minor {@code (image_index << 6) | SW_BOOT_RECORD}. An image without both TLVs
 * fails the boot.
 */
public final class MeasuredBoot {
    /** TF-M's {@code MAX_BOOT_RECORD_SZ}: 132 bytes for a 32-byte hash, 164 for 48; the same 100 + hash beyond. */
    public static final int RECORD_OVERHEAD = 100;

    /** An image BL2 booted, and its index (0 = secure, 1 = non-secure). */
    public record BootedImage(int imageIndex, VerifiedImage image) {}

    private MeasuredBoot() {}

    /** The shared data area for the images, in the order given (MCUboot's: image 0 first). */
    public static byte[] sharedData(List<BootedImage> images) throws SharedDataException {
        SharedData area = new SharedData();
        for (BootedImage b : images) {
            area.add(SharedData.TLV_MAJOR_IAS, SharedData.iasMinor(b.imageIndex(), SharedData.SW_BOOT_RECORD),
                    measuredRecord(b.imageIndex(), b.image()));
        }
        return area.encode();
    }

    /** The image's BOOT_RECORD with its measurement patched in. */
    public static byte[] measuredRecord(int imageIndex, VerifiedImage image) throws SharedDataException {
        Optional<byte[]> record = image.bootRecord();
        byte[] hash = image.hash();
        if (record.isEmpty()) {
            throw missing(imageIndex, "it has no BOOT_RECORD TLV");
        }
        if (hash.length == 0) {
            throw missing(imageIndex, "it has no hash TLV");
        }
        byte[] r = record.get();
        if (r.length < hash.length || r.length > RECORD_OVERHEAD + hash.length) {
            throw missing(imageIndex, "its BOOT_RECORD has " + r.length + " bytes, which cannot be a record for a "
                    + hash.length + "-byte hash");
        }
        System.arraycopy(hash, 0, r, r.length - hash.length, hash.length);
        // The value must be the record's last item (imgtool puts it there); otherwise the patch broke the record.
        byte[] value;
        try {
            value = BootRecord.decode(r).measurementValue();
        } catch (IllegalArgumentException e) {
            value = new byte[0];
        }
        if (!Arrays.equals(value, hash)) {
            throw missing(imageIndex, "its BOOT_RECORD does not end with a " + hash.length
                    + "-byte measurement value");
        }
        return r;
    }

    private static SharedDataException missing(int imageIndex, String why) {
        return new SharedDataException(SharedDataException.Reason.MISSING_MEASUREMENT,
                "image " + imageIndex + " cannot be measured: " + why);
    }
}
