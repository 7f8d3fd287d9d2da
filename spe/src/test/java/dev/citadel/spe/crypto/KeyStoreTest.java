package dev.citadel.spe.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import dev.citadel.psa.crypto.KeyType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyStoreTest {
    private static final KeyAttributes AES = KeyAttributes.builder().type(KeyType.AES).bits(128).build();

    private static byte[] material() {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xA0 + i);
        }
        return b;
    }

    @Test
    void destroyZeroesTheMaterialAndFreesTheSlot() {
        KeyStore store = new KeyStore(4);
        SecretBytes secret = SecretBytes.copyOf(material());
        KeySlot slot = store.add(-1, AES, secret);
        assertThat(secret.allZero()).isFalse();

        assertThat(store.destroy(-1, slot.id())).isEqualTo(PsaStatus.SUCCESS.value());

        assertThat(secret.isZeroized()).isTrue();
        assertThat(secret.allZero()).isTrue();
        assertThatThrownBy(secret::copy).isInstanceOf(IllegalStateException.class);
        assertThat(store.get(-1, slot.id())).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.destroy(-1, slot.id())).isEqualTo(PsaStatus.INVALID_HANDLE.value());
    }

    @Test
    void secretBytesCopiesDefensivelyAndNeverPrintsItsContent() {
        byte[] original = material();
        SecretBytes secret = SecretBytes.copyOf(original);
        original[0] = 0;
        byte[] copy = secret.copy();
        assertThat(copy[0]).isEqualTo((byte) 0xA0);
        copy[1] = 0;
        assertThat(secret.copy()[1]).isEqualTo((byte) 0xA1);
        assertThat(secret.toString()).isEqualTo("SecretBytes[16 bytes]").doesNotContain("a0", "A0", "-96");
        assertThat(new KeySlot(-1, AES, secret).toString()).doesNotContain("a0", "A0", "-96");
    }

    @Test
    void volatileIdsAreVendorRangeSlotIdsUniqueAcrossOwners() {
        KeyStore store = new KeyStore(3);
        Set<Integer> ids = new HashSet<>();
        for (int owner = -1; owner >= -3; owner--) {
            KeySlot s = store.add(owner, AES, SecretBytes.copyOf(material()));
            assertThat(s.id()).isBetween(KeyStore.VOLATILE_MIN, store.volatileMax());
            assertThat(KeyId.isVendor(s.id())).isTrue();
            assertThat(s.attributes.id()).isEqualTo(s.id());
            ids.add(s.id());
        }
        assertThat(ids).hasSize(3);
        assertThat(store.volatileMax()).isEqualTo(0x40000002);
        SecretBytes rejected = SecretBytes.copyOf(material());
        assertThat(store.add(-1, AES, rejected)).isNull();
    }

    @Test
    void anotherOwnersKeyIsInvisible() {
        KeyStore store = new KeyStore(2);
        KeySlot s = store.add(-1, AES, SecretBytes.copyOf(material()));
        assertThat(store.get(-2, s.id())).isNull();
        assertThat(store.destroy(-2, s.id())).isEqualTo(PsaStatus.INVALID_HANDLE.value());
        assertThat(store.get(-1, s.id())).isSameAs(s);
        assertThat(store.get(-1, KeyId.NULL)).isNull();
        assertThat(store.get(-1, KeyStore.VOLATILE_MIN - 1)).isNull();
        assertThat(store.get(-1, Integer.MIN_VALUE)).isNull();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new KeyStore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
