package dev.citadel.spe.attest;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.citadel.spe.spm.BootData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The software components claim from the measured-boot area, as TF-M's {@code attest_boot_data.c} fills it: every
 * IAS {@code SW_BOOT_RECORD} entry, in area order (image 0 first), becomes one element. TF-M copies each record's
 * bytes verbatim; here each is decoded and re-encoded with the rest of the token, deterministically, so its claims
 * are the same and only the order of its map keys may differ.
 */
final class SoftwareComponents {
    private SoftwareComponents() {}

    /**
     * The components BL2 measured; empty without boot data.
     *
     * @throws IllegalArgumentException if a record is not one CBOR map (BL2 checked it, so the area is not BL2's)
     */
    static List<CBORObject> from(Optional<BootData> bootData) {
        List<CBORObject> out = new ArrayList<>();
        if (bootData.isEmpty()) {
            return out;
        }
        for (BootData.Entry e : bootData.get().entries()) {
            if (e.major() != BootData.TLV_MAJOR_IAS || (e.minor() & 0x3F) != BootData.SW_BOOT_RECORD) {
                continue;
            }
            CBORObject record;
            try {
                record = CBORObject.DecodeFromBytes(e.data());
            } catch (CBORException ex) {
                throw new IllegalArgumentException("boot record of module " + (e.minor() >>> 6)
                        + " is not CBOR: " + ex.getMessage());
            }
            if (record.getType() != CBORType.Map) {
                throw new IllegalArgumentException("boot record of module " + (e.minor() >>> 6) + " is not a map");
            }
            out.add(record);
        }
        return List.copyOf(out);
    }
}
