package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.CryptoPartition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Key Management group of the Crypto service (volatile symmetric keys), through both doors. */
class CryptoKeyManagementTest {
    private static final int KEY_SLOTS = 6;
    private static final byte[] AES_128 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition(8, KEY_SLOTS));
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    private static KeyAttributes aes(KeyUsage usage) {
        return KeyAttributes.builder().type(KeyType.AES).usage(usage).algorithm(Algorithm.CTR).build();
    }

    private static KeyAttributes hmacSha256(KeyUsage usage, int bits) {
        return KeyAttributes.builder().type(KeyType.HMAC).bits(bits).usage(usage)
                .algorithm(Algorithm.hmac(Algorithm.SHA_256)).build();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void importExportRoundTrip(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.ENCRYPT)), AES_128);
        assertThat(c.exportKey(key)).isEqualTo(AES_128);
        byte[] exact = new byte[16];
        assertThat(c.exportKey(key, exact)).isEqualTo(16);
        assertThat(exact).isEqualTo(AES_128);
        c.destroyKey(key);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void attributesRoundTrip(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        KeyUsage usage = KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY, KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        KeyAttributes requested = aes(usage).toBuilder().algorithm2(Algorithm.CBC_NO_PADDING).build();
        int key = c.importKey(requested, new byte[32]);

        KeyAttributes got = c.getKeyAttributes(key);
        assertThat(got.type()).isEqualTo(KeyType.AES);
        assertThat(got.bits()).isEqualTo(256);
        assertThat(got.usage()).isEqualTo(usage);
        assertThat(got.algorithm()).isEqualTo(Algorithm.CTR);
        assertThat(got.algorithm2()).isEqualTo(Algorithm.CBC_NO_PADDING);
        assertThat(got.lifetime()).isEqualTo(KeyLifetime.VOLATILE);
        assertThat(got.id()).isEqualTo(key);
        assertThat(KeyId.isVendor(key)).isTrue();
        assertThat(key).isBetween(0x40000000, 0x40000000 + KEY_SLOTS - 1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void signHashUsageIsReportedWithTheImpliedSignMessage(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(hmacSha256(KeyUsage.SIGN_HASH, 0), new byte[20]);
        assertThat(c.getKeyAttributes(key).usage()).isEqualTo(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.SIGN_MESSAGE));
        assertThat(c.getKeyAttributes(key).bits()).isEqualTo(160);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void exportWithoutExportUsageIsNotPermitted(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.ENCRYPT), AES_128);
        assertStatus(() -> c.exportKey(key), PsaStatus.NOT_PERMITTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherClientCannotTouchTheKey(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto owner = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        int key = owner.importKey(aes(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY)), AES_128);

        assertStatus(() -> other.exportKey(key, new byte[16]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.exportKey(key), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.getKeyAttributes(key), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.copyKey(key, aes(KeyUsage.EXPORT)), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.purgeKey(key), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.exportPublicKey(key, new byte[16]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> other.destroyKey(key), PsaStatus.INVALID_HANDLE);

        assertThat(owner.exportKey(key)).isEqualTo(AES_128);
        owner.purgeKey(key);
        assertThat(owner.exportKey(key)).isEqualTo(AES_128);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void destroyedKeyIsGone(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.EXPORT), AES_128);
        c.destroyKey(key);
        assertStatus(() -> c.exportKey(key, new byte[16]), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.getKeyAttributes(key), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.destroyKey(key), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.purgeKey(key), PsaStatus.INVALID_HANDLE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void destroyingTheNullKeySucceedsButPurgingItIsInvalidHandle(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        c.destroyKey(KeyId.NULL);
        assertStatus(() -> c.purgeKey(KeyId.NULL), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.getKeyAttributes(KeyId.NULL), PsaStatus.INVALID_HANDLE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generatedKeysHaveTheRightLengthAndDiffer(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        KeyAttributes a = aes(KeyUsage.EXPORT).toBuilder().bits(192).build();
        int k1 = c.generateKey(a);
        int k2 = c.generateKey(a);
        assertThat(k1).isNotEqualTo(k2);
        byte[] m1 = c.exportKey(k1);
        byte[] m2 = c.exportKey(k2);
        assertThat(m1).hasSize(24);
        assertThat(m2).hasSize(24).isNotEqualTo(m1);
        assertThat(c.getKeyAttributes(k1).bits()).isEqualTo(192);

        int chacha = c.generateKey(KeyAttributes.builder().type(KeyType.CHACHA20).bits(256).usage(KeyUsage.EXPORT)
                .build());
        assertThat(c.exportKey(chacha)).hasSize(32);
        int hmac = c.generateKey(hmacSha256(KeyUsage.EXPORT, 8 * 100));
        assertThat(c.exportKey(hmac)).hasSize(100);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generateWithBadSizesIsInvalidArgument(Door door) {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertStatus(() -> c.generateKey(aes(KeyUsage.EXPORT)), PsaStatus.INVALID_ARGUMENT); // bits 0
        assertStatus(() -> c.generateKey(aes(KeyUsage.EXPORT).toBuilder().bits(120).build()),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.generateKey(hmacSha256(KeyUsage.EXPORT, 129)), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.generateKey(KeyAttributes.builder().type(KeyType.CHACHA20).bits(128).build()),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.generateKey(KeyAttributes.builder()
                .type(KeyType.eccKeyPair(dev.citadel.psa.crypto.EccFamily.SECP_K1)).bits(256).build()),
                PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void copyWithoutCopyUsageIsNotPermitted(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.ENCRYPT)), AES_128);
        assertStatus(() -> c.copyKey(key, aes(KeyUsage.EXPORT)), PsaStatus.NOT_PERMITTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void copyIntersectsTheUsage(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int source = c.importKey(aes(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY, KeyUsage.ENCRYPT)), AES_128);
        int copy = c.copyKey(source, KeyAttributes.builder()
                .usage(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.DECRYPT)).algorithm(Algorithm.CTR).build());

        assertThat(copy).isNotEqualTo(source);
        KeyAttributes a = c.getKeyAttributes(copy);
        assertThat(a.usage()).isEqualTo(KeyUsage.EXPORT);
        assertThat(a.type()).isEqualTo(KeyType.AES);
        assertThat(a.bits()).isEqualTo(128);
        assertThat(a.algorithm()).isEqualTo(Algorithm.CTR);
        assertThat(a.id()).isEqualTo(copy);
        assertThat(c.exportKey(copy)).isEqualTo(AES_128);

        c.destroyKey(source);
        assertThat(c.exportKey(copy)).isEqualTo(AES_128);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void copyWithConflictingPolicyOrSizeIsInvalidArgument(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int source = c.importKey(aes(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY)), AES_128);
        assertStatus(() -> c.copyKey(source, aes(KeyUsage.EXPORT).toBuilder().algorithm(Algorithm.GCM).build()),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.copyKey(source, aes(KeyUsage.EXPORT).toBuilder().bits(256).build()),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.copyKey(source, hmacSha256(KeyUsage.EXPORT, 0)), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void badSizesAreInvalidArgument(Door door) {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertStatus(() -> c.importKey(aes(KeyUsage.EXPORT), new byte[15]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(aes(KeyUsage.EXPORT).toBuilder().bits(256).build(), AES_128),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(KeyAttributes.builder().type(KeyType.CHACHA20).build(), new byte[16]),
                PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(hmacSha256(KeyUsage.EXPORT, 0), new byte[0]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(KeyAttributes.builder().type(KeyType.RAW_DATA).build(), new byte[1025]),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.importKey(aes(KeyUsage.of(0x00100000)), AES_128), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unsupportedTypeIsNotSupported(Door door) {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertStatus(() -> c.importKey(KeyAttributes.builder()
                .type(KeyType.eccKeyPair(dev.citadel.psa.crypto.EccFamily.SECP_K1)).build(), new byte[32]),
                PsaStatus.NOT_SUPPORTED);
        assertStatus(() -> c.importKey(KeyAttributes.builder().type(KeyType.DES).build(), new byte[8]),
                PsaStatus.NOT_SUPPORTED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void volatileLifetimeWithAnIdIsInvalidArgument(Door door) {
        PsaClient client = spe.open(door);
        KeyAttributes withId = new KeyAttributes(KeyType.AES, 0, KeyLifetime.VOLATILE, KeyUsage.EXPORT,
                Algorithm.CTR, Algorithm.NONE, 5);
        OutVec keyId = OutVec.allocate(4);
        assertThat(RawCrypto.call(client, PackIovec.builder(CryptoFunction.IMPORT_KEY).build(),
                new InVec[] {InVec.of(withId.toClientWire()), InVec.of(AES_128)}, keyId))
                .isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void attributesOfTheWrongSizeAreAProgrammerError(Door door) {
        byte[] wire = aes(KeyUsage.EXPORT).toClientWire();
        for (int size : new int[] {23, 25}) {
            byte[] attrs = Arrays.copyOf(wire, size);
            // A fresh client each time: the SPM may treat a PROGRAMMER_ERROR as fatal for the connection.
            PsaClient c = spe.open(door);
            assertThat(RawCrypto.call(c, PackIovec.builder(CryptoFunction.IMPORT_KEY).build(),
                    new InVec[] {InVec.of(attrs), InVec.of(AES_128)}, OutVec.allocate(4)))
                    .isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
            PsaClient g = spe.open(door);
            assertThat(RawCrypto.call(g, PackIovec.builder(CryptoFunction.GENERATE_KEY).build(),
                    new InVec[] {InVec.of(attrs)}, OutVec.allocate(4)))
                    .isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void exportIntoATooSmallBufferIsBufferTooSmall(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.EXPORT), AES_128);
        assertStatus(() -> c.exportKey(key, new byte[15]), PsaStatus.BUFFER_TOO_SMALL);
        assertStatus(() -> c.exportKey(key, new byte[0]), PsaStatus.BUFFER_TOO_SMALL);
        byte[] roomy = new byte[40];
        assertThat(c.exportKey(key, roomy)).isEqualTo(16);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void exportPublicKeyOfASymmetricKeyIsInvalidArgument(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int key = c.importKey(aes(KeyUsage.EXPORT), AES_128);
        assertStatus(() -> c.exportPublicKey(key, new byte[64]), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void fullKeyTableIsInsufficientMemoryAndDestroyFreesASlot(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < KEY_SLOTS; i++) {
            // The slots are the partition's, shared by all clients.
            keys.add(new PsaCrypto(d.asClient(-1 - i % 2)).importKey(aes(KeyUsage.EXPORT), AES_128));
        }
        assertThat(keys).doesNotHaveDuplicates();
        PsaCrypto first = new PsaCrypto(d.asClient(-1));
        assertStatus(() -> first.importKey(aes(KeyUsage.EXPORT), AES_128), PsaStatus.INSUFFICIENT_MEMORY);
        assertStatus(() -> first.generateKey(aes(KeyUsage.EXPORT).toBuilder().bits(128).build()),
                PsaStatus.INSUFFICIENT_MEMORY);

        first.destroyKey(keys.get(0));
        int again = first.importKey(aes(KeyUsage.EXPORT), AES_128);
        assertThat(first.exportKey(again)).isEqualTo(AES_128);
        assertStatus(() -> first.importKey(aes(KeyUsage.EXPORT), AES_128), PsaStatus.INSUFFICIENT_MEMORY);
    }
}
