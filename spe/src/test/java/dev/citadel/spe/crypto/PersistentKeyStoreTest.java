package dev.citadel.spe.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Persistent keys in TF-M's key-file format, cached in slots, and the built-in keys. */
class PersistentKeyStoreTest {
    private static final int NS = -0x3C000000;
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private static KeyAttributes persistentAes(int id) {
        return KeyAttributes.builder().type(KeyType.AES).bits(128).lifetime(KeyLifetime.PERSISTENT)
                .usage(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.EXPORT)).algorithm(Algorithm.CTR).id(id).build();
    }

    @Test
    void keyFileIsTfmsLayoutAndUidEncodesTheOwner() {
        byte[] file = KeyFile.encode(persistentAes(1), KEY);
        // magic, version 0, lifetime 1, type 0x2400, bits 128, usage 0x101, alg CTR, alg2 0, length 16, material
        assertThat(HexFormat.of().formatHex(file)).isEqualTo("50534100"+"4b455900" + "00000000" + "01000000"
                + "0024" + "8000" + "01010000" + "0010c004" + "00000000" + "10000000"
                + "000102030405060708090a0b0c0d0e0f");
        assertThat(KeyFile.uid(NS, 1)).isEqualTo(0xC4000000_00000001L);
        KeyFile.Decoded d = KeyFile.decode(file, 1);
        assertThat(d.attributes()).isEqualTo(persistentAes(1));
        assertThat(d.material()).isEqualTo(KEY);
    }

    @Test
    void malformedKeyFilesDoNotDecode() {
        byte[] file = KeyFile.encode(persistentAes(1), KEY);
        byte[] badMagic = file.clone();
        badMagic[3] = 1;
        byte[] badVersion = file.clone();
        badVersion[8] = 1;
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 1);
        assertThat(KeyFile.decode(badMagic, 1)).isNull();
        assertThat(KeyFile.decode(badVersion, 1)).isNull();
        assertThat(KeyFile.decode(truncated, 1)).isNull();
        assertThat(KeyFile.decode(new byte[3], 1)).isNull();
    }

    @Test
    void persistentKeysSurviveEvictionAndPurgeAndAreRemovedByDestroy() {
        InMemoryKeyStorage storage = new InMemoryKeyStorage();
        KeyStore store = new KeyStore(1, storage, null);
        assertThat(store.addPersistent(NS, persistentAes(7), SecretBytes.copyOf(KEY)))
                .isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(storage.size()).isEqualTo(1);
        assertThat(store.addPersistent(NS, persistentAes(7), SecretBytes.copyOf(KEY)))
                .isEqualTo(PsaStatus.ALREADY_EXISTS.value());

        // A volatile key needs the only slot: the cached persistent key is evicted, not lost.
        KeySlot v = store.add(NS, KeyAttributes.builder().type(KeyType.AES).bits(128).build(),
                SecretBytes.copyOf(KEY));
        assertThat(v).isNotNull();
        assertThatThrownBy(() -> store.get(NS, 7)).isInstanceOf(KeyStoreException.class)
                .satisfies(e -> assertThat(((KeyStoreException) e).status())
                        .isEqualTo(PsaStatus.INSUFFICIENT_MEMORY.value()));
        assertThat(store.destroy(NS, v.id())).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(store.get(NS, 7).material.copy()).isEqualTo(KEY);
    }

    @Test
    void aPersistentKeyIsLoadedAgainAfterPurge() {
        InMemoryKeyStorage storage = new InMemoryKeyStorage();
        KeyStore store = new KeyStore(2, storage, null);
        store.addPersistent(NS, persistentAes(7), SecretBytes.copyOf(KEY));
        KeySlot first = store.get(NS, 7);
        assertThat(store.purge(NS, 7)).isTrue();
        assertThat(first.material.isZeroized()).isTrue();
        KeySlot again = store.get(NS, 7);
        assertThat(again).isNotSameAs(first);
        assertThat(again.material.copy()).isEqualTo(KEY);
        assertThat(store.get(NS + 1, 7)).isNull();
        assertThat(store.destroy(NS, 7)).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(storage.size()).isZero();
        assertThat(store.get(NS, 7)).isNull();
        assertThat(store.purge(NS, 7)).isFalse();
    }

    @Test
    void aCorruptKeyFileGivesDataInvalidAndCanBeDestroyed() {
        InMemoryKeyStorage storage = new InMemoryKeyStorage();
        storage.create(KeyFile.uid(NS, 9), new byte[] {1, 2, 3});
        KeyStore store = new KeyStore(2, storage, null);
        assertThatThrownBy(() -> store.get(NS, 9)).isInstanceOf(KeyStoreException.class)
                .satisfies(e -> assertThat(((KeyStoreException) e).status())
                        .isEqualTo(PsaStatus.DATA_INVALID.value()));
        assertThat(store.destroy(NS, 9)).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(storage.size()).isZero();
    }

    @Test
    void hukSubkeysAreHkdfOfTheHukWithTheOwnerAsInfo() throws Exception {
        byte[] huk = new byte[32];
        huk[0] = 1;
        BuiltinKeys builtins = BuiltinKeys.hukOnly(huk);
        KeyFile.Decoded forNs = builtins.load(NS, BuiltinKeys.HUK_ID);
        KeyFile.Decoded forPs = builtins.load(PartitionIds.PROTECTED_STORAGE, BuiltinKeys.HUK_ID);
        KeyFile.Decoded forCrypto = builtins.load(PartitionIds.CRYPTO, BuiltinKeys.HUK_ID);
        assertThat(forCrypto.material()).isEqualTo(huk);
        assertThat(forNs.material()).isNotEqualTo(forPs.material()).hasSize(32);
        // RFC 5869 by hand: PRK = HMAC(zeros, IKM); OKM = HMAC(PRK, info || 0x01)
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(huk);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(new byte[] {0x00, 0x01, 0x00, 0x00}); // LE32(256)
        assertThat(forPs.material()).isEqualTo(mac.doFinal(new byte[] {1}));
        assertThat(forNs.attributes().usage()).isEqualTo(KeyUsage.DERIVE);
        assertThat(forNs.attributes().type()).isEqualTo(KeyType.DERIVE);
        assertThat(forNs.attributes().lifetime().value()).isEqualTo(0x80000101);
    }

    @Test
    void builtinKeysCannotBeDestroyedAndTheIakIsForAttestationOnly() {
        KeyStore store = new KeyStore(4, new InMemoryKeyStorage(), new BuiltinKeys(new byte[32], new byte[32]));
        assertThat(store.destroy(NS, BuiltinKeys.HUK_ID)).isEqualTo(PsaStatus.NOT_PERMITTED.value());
        assertThatThrownBy(() -> store.get(NS, BuiltinKeys.IAK_ID)).isInstanceOf(KeyStoreException.class)
                .satisfies(e -> assertThat(((KeyStoreException) e).status())
                        .isEqualTo(PsaStatus.NOT_PERMITTED.value()));
        KeySlot iak = store.get(PartitionIds.INITIAL_ATTESTATION, BuiltinKeys.IAK_ID);
        assertThat(iak.attributes.usage().contains(KeyUsage.SIGN_HASH)).isTrue();
        assertThat(iak.attributes.usage().contains(KeyUsage.EXPORT)).isFalse();
        assertThat(store.get(NS, BuiltinKeys.HUK_ID + 0x100)).isNull();
    }
}
