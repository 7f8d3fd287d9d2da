package dev.citadel.spe.attest;

import dev.citadel.psa.cbor.CborException;
import dev.citadel.psa.cbor.CborReader;
import dev.citadel.psa.cbor.MajorType;
import dev.citadel.spe.spm.BootData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The software components claim from the measured-boot area, as TF-M's {@code attest_boot_data.c} fills it: every
 * IAS {@code SW_BOOT_RECORD} entry, in area order (image 0 first), becomes one element, its bytes copied verbatim
 * as TF-M copies them, after a check that they are one well-formed CBOR map.
 */
final class SoftwareComponents {
    private SoftwareComponents() {}

    /**
     * The components BL2 measured; empty without boot data.
     *
     * @throws IllegalArgumentException if a record is not one CBOR map (BL2 checked it, so the area is not BL2's)
     */
    static List<byte[]> from(Optional<BootData> bootData) {
        List<byte[]> out = new ArrayList<>();
        if (bootData.isEmpty()) {
            return out;
        }
        for (BootData.Entry e : bootData.get().entries()) {
            if (e.major() != BootData.TLV_MAJOR_IAS || (e.minor() & 0x3F) != BootData.SW_BOOT_RECORD) {
                continue;
            }
            checkOneMap(e.data(), e.minor() >>> 6);
            out.add(e.data());
        }
        return List.copyOf(out);
    }

    private static void checkOneMap(byte[] record, int module) {
        String problem;
        try {
            CborReader.checkOneItem(record);
            problem = new CborReader(record).peekType() == MajorType.MAP ? null : "not a map";
        } catch (CborException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new IllegalArgumentException("boot record of module " + module
                    + " is not one well-formed CBOR map: " + problem);
        }
    }
}
