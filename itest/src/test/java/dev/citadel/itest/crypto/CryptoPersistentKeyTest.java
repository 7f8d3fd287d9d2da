package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Persistent keys (TF-M's key files in the partition's storage) and built-in keys, through both doors. */
class CryptoPersistentKeyTest {
    private static final byte[] AES_128 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] OTHER_AES = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");
    private static final int KEY_SLOTS = 4;

    private InMemoryKeyStorage storage;
    private TestSpe spe;

    @BeforeEach
    void start() {
        storage = new InMemoryKeyStorage();
        byte[] iak = new byte[32];
        iak[31] = 7;
        spe = new TestSpe(new CryptoPartition(8, KEY_SLOTS, storage, new BuiltinKeys(new byte[32], iak)));
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

    private static KeyAttributes persistentAes(int id) {
        return KeyAttributes.builder().type(KeyType.AES).lifetime(KeyLifetime.PERSISTENT).id(id)
                .usage(KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY, KeyUsage.ENCRYPT)).algorithm(Algorithm.CTR).build();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void importedPersistentKeyKeepsItsIdAndIsStored(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertThat(c.importKey(persistentAes(1), AES_128)).isEqualTo(1);
        assertThat(storage.size()).isEqualTo(1);
        KeyAttributes a = c.getKeyAttributes(1);
        assertThat(a.id()).isEqualTo(1);
        assertThat(a.lifetime()).isEqualTo(KeyLifetime.PERSISTENT);
        assertThat(a.bits()).isEqualTo(128);
        assertThat(c.exportKey(1)).isEqualTo(AES_128);
        assertStatus(() -> c.importKey(persistentAes(1), OTHER_AES), PsaStatus.ALREADY_EXISTS);

        c.purgeKey(1);
        assertThat(c.exportKey(1)).isEqualTo(AES_128);
        c.destroyKey(1);
        assertThat(storage.size()).isZero();
        assertStatus(() -> c.exportKey(1), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> c.purgeKey(1), PsaStatus.INVALID_HANDLE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theSameIdOfTwoClientsNamesTwoKeys(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto a = new PsaCrypto(d.asClient(-1));
        PsaCrypto b = new PsaCrypto(d.asClient(-2));
        a.importKey(persistentAes(5), AES_128);
        assertStatus(() -> b.exportKey(5), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> b.destroyKey(5), PsaStatus.INVALID_HANDLE);
        assertStatus(() -> b.copyKey(5, persistentAes(6)), PsaStatus.INVALID_HANDLE);
        b.importKey(persistentAes(5), OTHER_AES);
        assertThat(a.exportKey(5)).isEqualTo(AES_128);
        assertThat(b.exportKey(5)).isEqualTo(OTHER_AES);
        assertThat(storage.size()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void persistentKeysOutliveTheSessionAndTheSlots(Door door) throws Exception {
        Dispatcher first = spe.open(door);
        PsaCrypto c = new PsaCrypto(first);
        c.importKey(persistentAes(2), AES_128);
        int generated = c.generateKey(persistentAes(3).toBuilder().bits(256).build());
        assertThat(generated).isEqualTo(3);
        int copy = c.copyKey(2, persistentAes(4));
        assertThat(copy).isEqualTo(4);
        first.close();

        PsaCrypto later = new PsaCrypto(spe.open(door));
        // Volatile keys in all slots but one: the cached persistent keys make room and are loaded again when used.
        for (int i = 0; i < KEY_SLOTS - 1; i++) {
            later.importKey(KeyAttributes.builder().type(KeyType.AES).usage(KeyUsage.EXPORT).build(), AES_128);
            later.destroyKey(later.importKey(KeyAttributes.builder().type(KeyType.HMAC).build(), AES_128));
        }
        assertThat(later.exportKey(4)).isEqualTo(AES_128);
        assertThat(later.getKeyAttributes(3).bits()).isEqualTo(256);
        assertThat(later.exportKey(2)).isEqualTo(AES_128);
        // With every slot volatile, a persistent key has nowhere to be loaded.
        later.importKey(KeyAttributes.builder().type(KeyType.AES).usage(KeyUsage.EXPORT).build(), AES_128);
        assertStatus(() -> later.exportKey(2), PsaStatus.INSUFFICIENT_MEMORY);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void invalidPersistentIdsAndLifetimesAreRefused(Door door) {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        // The vendor range is the implementation's, and read-only keys cannot be created.
        assertStatus(() -> c.importKey(persistentAes(0x40000001), AES_128), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(persistentAes(BuiltinKeys.HUK_ID), AES_128), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(persistentAes(1).toBuilder()
                .lifetime(KeyLifetime.fromPersistenceAndLocation(KeyLifetime.PERSISTENCE_READ_ONLY, 0)).build(),
                AES_128), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.importKey(persistentAes(1).toBuilder()
                .lifetime(KeyLifetime.fromPersistenceAndLocation(KeyLifetime.PERSISTENCE_DEFAULT, 1)).build(),
                AES_128), PsaStatus.INVALID_ARGUMENT);
        assertThat(storage.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theHukIsForDerivationOnlyAndCannotBeDestroyed(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        KeyAttributes huk = c.getKeyAttributes(BuiltinKeys.HUK_ID);
        assertThat(huk.type()).isEqualTo(KeyType.DERIVE);
        assertThat(huk.bits()).isEqualTo(256);
        assertThat(huk.usage()).isEqualTo(KeyUsage.DERIVE);
        assertThat(huk.algorithm()).isEqualTo(Algorithm.hkdf(Algorithm.SHA_256));
        assertThat(huk.lifetime().value()).isEqualTo(0x80000101);
        assertStatus(() -> c.exportKey(BuiltinKeys.HUK_ID), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.copyKey(BuiltinKeys.HUK_ID, persistentAes(9)), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.destroyKey(BuiltinKeys.HUK_ID), PsaStatus.NOT_PERMITTED);
        c.purgeKey(BuiltinKeys.HUK_ID);
        assertThat(c.getKeyAttributes(BuiltinKeys.HUK_ID).type()).isEqualTo(KeyType.DERIVE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theIakIsNotTheNonSecureWorlds(Door door) {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        assertStatus(() -> c.getKeyAttributes(BuiltinKeys.IAK_ID), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.exportPublicKey(BuiltinKeys.IAK_ID, new byte[65]), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.destroyKey(BuiltinKeys.IAK_ID), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> c.getKeyAttributes(BuiltinKeys.IAK_ID + 1), PsaStatus.INVALID_HANDLE);
    }
}
