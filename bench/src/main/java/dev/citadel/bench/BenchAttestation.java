package dev.citadel.bench;

import com.upokecenter.cbor.CBORObject;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.spe.attest.AttestPartition;
import dev.citadel.spe.attest.DeviceIdentity;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.spm.BootData;
import dev.citadel.spe.spm.Spm;
import dev.citadel.spe.spm.SpmStartException;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The SPM the attestation benchmarks measure: Crypto with TF-M's published template IAK, and Initial Attestation
 * with measured-boot data for two images (SPE and NSPE records laid out as MCUboot's shared area), default profile.
 */
final class BenchAttestation {
    /** TF-M's template IAK ({@code tfm_initial_attestation_key.pem}), the private scalar: a published test key. */
    private static final byte[] TEMPLATE_IAK =
            HexFormat.of().parseHex("a9b454b26d6f90a4ea31193564cba91fec6f9a002a7dc0504b92a1937134585f");

    private BenchAttestation() {}

    static Spm spm() throws SpmStartException {
        Spm spm = Spm.builder()
                .partition(new CryptoPartition(4, 16, new InMemoryKeyStorage(),
                        new BuiltinKeys(new byte[32], TEMPLATE_IAK.clone())))
                .partition(new AttestPartition(AttestConfig.defaults(),
                        new DeviceIdentity(DeviceIdentity.defaultImplementationId(), 0x3000),
                        Optional.of(bootData()), new SecureRandom()))
                .log(l -> {})
                .build();
        spm.start();
        return spm;
    }

    /** Two IAS software-component records in an MCUboot shared area (boot-design.md, "Measured boot"). */
    static BootData bootData() {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0 << 6 | 0x3F, record("SPE", "1.0.0", 0x11, 0x22));
        entry(entries, 1 << 6 | 0x3F, record("NSPE", "1.0.0", 0x33, 0x44));
        byte[] e = entries.toByteArray();
        ByteArrayOutputStream area = new ByteArrayOutputStream();
        u16(area, 0x2016);
        u16(area, 4 + e.length);
        area.writeBytes(e);
        return BootData.parse(area.toByteArray());
    }

    private static byte[] record(String type, String version, int signer, int measurement) {
        CBORObject r = CBORObject.NewOrderedMap();
        r.Add(1, type);
        r.Add(4, version);
        r.Add(5, filled(signer));
        r.Add(6, "SHA256");
        r.Add(2, filled(measurement));
        return r.EncodeToBytes();
    }

    private static byte[] filled(int b) {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) b);
        return a;
    }

    private static void entry(ByteArrayOutputStream o, int minor, byte[] data) {
        u16(o, 0x1 << 12 | minor);
        u16(o, data.length);
        o.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }
}
