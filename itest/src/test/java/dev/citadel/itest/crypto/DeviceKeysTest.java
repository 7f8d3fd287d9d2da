package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.FlashFile;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.otp.Otp;
import dev.citadel.hal.otp.OtpField;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.KeyDerivationOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.its.ItsConfig;
import dev.citadel.spe.its.ItsFlashFs;
import dev.citadel.spe.its.ItsKeyStorage;
import dev.citadel.spe.its.ItsStorage;
import dev.citadel.spe.spm.SecurePartition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Persistent keys in the device's ITS and built-in keys from its OTP, across SPE restarts on one device directory,
 * through both doors.
 */
class DeviceKeysTest {
    private static final byte[] AES_128 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] OTHER_AES = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");
    /** TF-M's default NS client (nsid -1) as the SPE sees it, {@code -0x3C000000}: key files' owner. */
    private static final long NS_OWNER_BITS = 0xC4000000L;

    /** A running SPE of a device directory: Crypto, ITS and Platform as {@code citadel spe serve} hosts them. */
    private static final class Device implements AutoCloseable {
        final DeviceDirectory dir;
        final TestSpe spe;

        Device(Path path) throws Exception {
            dir = DeviceDirectory.openOrCreate(path);
            spe = new TestSpe(SpePartitions.forDevice(dir, 8, 8, client -> {}).toArray(new SecurePartition[0]));
        }

        PsaCrypto crypto(Door door) {
            return new PsaCrypto(spe.open(door));
        }

        @Override
        public void close() {
            spe.close();
            dir.close();
        }
    }

    private static KeyAttributes persistentAes(int id) {
        return KeyAttributes.builder().type(KeyType.AES).lifetime(KeyLifetime.PERSISTENT).id(id)
                .usage(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.ENCRYPT)).algorithm(Algorithm.CTR).build();
    }

    private static byte[] hukDerived(PsaCrypto c) throws Exception {
        try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdf(Algorithm.SHA_256))) {
            op.inputBytes(KeyDerivationStep.SALT, "salt".getBytes(StandardCharsets.US_ASCII));
            op.inputKey(KeyDerivationStep.SECRET, BuiltinKeys.HUK_ID);
            op.inputBytes(KeyDerivationStep.INFO, "citadel test".getBytes(StandardCharsets.US_ASCII));
            return op.outputBytes(32);
        }
    }

    /** RFC 5869 HKDF-SHA-256 computed here, for 32 bytes of output. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return mac.doFinal();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aPersistentKeyAndItsDestructionSurviveRestarts(Door door, @TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        try (Device d = new Device(dev)) {
            assertThat(d.crypto(door).importKey(persistentAes(1), AES_128)).isEqualTo(1);
        }
        try (Device d = new Device(dev)) {
            PsaCrypto c = d.crypto(door);
            assertThat(c.exportKey(1)).isEqualTo(AES_128);
            assertThat(c.getKeyAttributes(1).lifetime()).isEqualTo(KeyLifetime.PERSISTENT);
            assertStatus(() -> c.importKey(persistentAes(1), OTHER_AES), PsaStatus.ALREADY_EXISTS);
            c.destroyKey(1);
        }
        try (Device d = new Device(dev)) {
            PsaCrypto c = d.crypto(door);
            assertStatus(() -> c.exportKey(1), PsaStatus.INVALID_HANDLE);
            assertThat(c.importKey(persistentAes(1), OTHER_AES)).isEqualTo(1);
            assertThat(c.exportKey(1)).isEqualTo(OTHER_AES);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aHukDerivedSecretIsTheSameAfterARestartAndComesFromTheOtpHuk(Door door, @TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        byte[] before;
        try (Device d = new Device(dev)) {
            before = hukDerived(d.crypto(door));
        }
        byte[] after;
        try (Device d = new Device(dev)) {
            after = hukDerived(d.crypto(door));
        }
        assertThat(after).isEqualTo(before);
        // Independently: the NS client's HUK subkey is HKDF(no salt, HUK, LE32(client)), then the requested HKDF.
        byte[] huk = Otp.open(dev.resolve("otp.bin")).read(OtpField.HUK).orElseThrow();
        byte[] subkey = hkdf(new byte[0], huk, le32(-0x3C000000));
        assertThat(after).isEqualTo(hkdf("salt".getBytes(StandardCharsets.US_ASCII), subkey,
                "citadel test".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void oneClientsKeyIsNotAnothersAcrossRestarts(Door door, @TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        try (Device d = new Device(dev)) {
            Dispatcher x = d.spe.open(door);
            new PsaCrypto(x.asClient(-1)).importKey(persistentAes(5), AES_128);
        }
        try (Device d = new Device(dev)) {
            Dispatcher x = d.spe.open(door);
            PsaCrypto a = new PsaCrypto(x.asClient(-1));
            PsaCrypto b = new PsaCrypto(x.asClient(-2));
            assertStatus(() -> b.exportKey(5), PsaStatus.INVALID_HANDLE);
            assertStatus(() -> b.destroyKey(5), PsaStatus.INVALID_HANDLE);
            b.importKey(persistentAes(5), OTHER_AES);
            assertThat(a.exportKey(5)).isEqualTo(AES_128);
        }
        try (Device d = new Device(dev)) {
            Dispatcher x = d.spe.open(door);
            assertThat(new PsaCrypto(x.asClient(-1)).exportKey(5)).isEqualTo(AES_128);
            assertThat(new PsaCrypto(x.asClient(-2)).exportKey(5)).isEqualTo(OTHER_AES);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theKeyFileIsTfmsItsAssetOfTheCryptoPartition(Door door, @TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev");
        int usage = KeyUsage.of(KeyUsage.EXPORT, KeyUsage.ENCRYPT).value();
        try (Device d = new Device(dev)) {
            d.crypto(door).importKey(persistentAes(0x1234), AES_128);
        }
        byte[] file;
        try (DeviceDirectory d = DeviceDirectory.openOrCreate(dev)) {
            FlashFile internal = d.internalFlash();
            try (FlashDevice flash = internal.open()) {
                ItsStorage its = new ItsStorage(ItsFlashFs.mount(flash, ItsConfig.forFlash(internal.geometry())));
                long uid = NS_OWNER_BITS << 32 | 0x1234;
                assertThat(its.info(259, uid).flags()).isZero();
                file = its.get(259, uid, 0, 4096);
            }
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertThat(magic).isEqualTo(new byte[] {'P', 'S', 'A', 0, 'K', 'E', 'Y', 0});
        assertThat(b.getInt()).as("version").isZero();
        assertThat(b.getInt()).as("lifetime").isEqualTo(0x00000001);
        assertThat(b.getShort()).as("type").isEqualTo((short) 0x2400);
        assertThat(b.getShort()).as("bits").isEqualTo((short) 128);
        assertThat(b.getInt()).as("usage").isEqualTo(usage);
        assertThat(b.getInt()).as("alg").isEqualTo(0x04c01000); // PSA_ALG_CTR
        assertThat(b.getInt()).as("alg2").isZero();
        assertThat(b.getInt()).as("data_len").isEqualTo(16);
        assertThat(b.position()).isEqualTo(36);
        byte[] data = new byte[b.remaining()];
        b.get(data);
        assertThat(data).isEqualTo(AES_128);
    }

    private static final FlashGeometry SMALL = new FlashGeometry(512, 16, 16);

    /** A Crypto partition over its own small ITS; {@code limits} picks the asset size and count. */
    private static ItsFlashFs smallIts(TestSpe[] spe, int maxAssetSize, int maxAssets) {
        ItsFlashFs fs = ItsFlashFs.mount(FlashDevice.inMemory(SMALL), new ItsConfig(0, 16, 2, maxAssetSize, maxAssets));
        spe[0] = new TestSpe(new CryptoPartition(8, 8, new ItsKeyStorage(new ItsStorage(fs)),
                BuiltinKeys.hukOnly(new byte[32])));
        return fs;
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aFullItsFileTableFailsTheImportAsMbedTlsDoesAndLeavesNoFile(Door door) throws Exception {
        TestSpe[] spe = new TestSpe[1];
        ItsFlashFs fs = smallIts(spe, 600, 2);
        try {
            PsaCrypto c = new PsaCrypto(spe[0].open(door));
            c.importKey(persistentAes(1), AES_128);
            c.importKey(persistentAes(2), AES_128);
            // psa_crypto_storage_store turns any psa_its_set failure into DATA_INVALID.
            assertStatus(() -> c.importKey(persistentAes(3), AES_128), PsaStatus.DATA_INVALID);
            assertThat(fs.list()).hasSize(2);
            assertStatus(() -> c.exportKey(3), PsaStatus.INVALID_HANDLE);
            c.destroyKey(1);
            assertThat(c.importKey(persistentAes(3), AES_128)).isEqualTo(3);
        } finally {
            spe[0].close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aKeyFileOverTheItsAssetLimitFailsTheImportAndLeavesNoFile(Door door) throws Exception {
        TestSpe[] spe = new TestSpe[1];
        ItsFlashFs fs = smallIts(spe, 36 + 16, 8); // an AES-128 file fits exactly, an AES-256 one does not
        try {
            PsaCrypto c = new PsaCrypto(spe[0].open(door));
            assertStatus(() -> c.importKey(persistentAes(1), new byte[32]), PsaStatus.DATA_INVALID);
            assertThat(fs.list()).isEmpty();
            assertThat(c.importKey(persistentAes(1), AES_128)).isEqualTo(1);
            assertThat(fs.list()).hasSize(1);
        } finally {
            spe[0].close();
        }
    }

    @Test
    void anRsa4096KeyPairFileFitsTheDefaultItsAssetSize(@TempDir Path dir) throws Exception {
        KeyPair kp = AsymKeys.rsaPair(4096);
        byte[] der = AsymKeys.rsaPrivate(kp);
        try (Device d = new Device(dir.resolve("dev"))) {
            PsaCrypto c = d.crypto(Door.FUNCTION_CALL);
            KeyAttributes a = KeyAttributes.builder().type(KeyType.RSA_KEY_PAIR).bits(4096)
                    .lifetime(KeyLifetime.PERSISTENT).id(40)
                    .usage(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH))
                    .algorithm(Algorithm.rsaPss(Algorithm.SHA_256)).build();
            assertThat(c.importKey(a, der)).isEqualTo(40);
            c.purgeKey(40);
            assertThat(c.exportKey(40)).isEqualTo(der);
        }
        // Mbed TLS's bound for any RSA-4096 pair, PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(4096) = 9 * (2049/8 + 5) + 14,
        // plus the 36-byte header, is within ITS's default limit.
        assertThat(der.length + 36).isLessThanOrEqualTo(9 * (2049 / 8 + 5) + 14 + 36);
        assertThat(9 * (2049 / 8 + 5) + 14 + 36).isLessThanOrEqualTo(ItsConfig.DEFAULT_MAX_ASSET_SIZE);
    }
}
