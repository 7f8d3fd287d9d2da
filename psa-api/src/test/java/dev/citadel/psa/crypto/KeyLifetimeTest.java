package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyLifetimeTest {

    /** Values from psa-constants.md, "Lifetimes, persistence, locations". */
    @Test
    void lifetimeConstantsHaveTheSpecValues() {
        assertThat(KeyLifetime.VOLATILE.value()).isEqualTo(0x00000000);
        assertThat(KeyLifetime.PERSISTENT.value()).isEqualTo(0x00000001);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "PERSISTENCE_VOLATILE,            0x00",
        "PERSISTENCE_DEFAULT,             0x01",
        "PERSISTENCE_READ_ONLY,           0xff",
        "LOCATION_LOCAL_STORAGE,          0x000000",
        "LOCATION_PRIMARY_SECURE_ELEMENT, 0x000001",
        "LOCATION_VENDOR_FLAG,            0x800000",
    })
    void persistenceAndLocationConstantsHaveTheSpecValues(String name, String expected)
            throws ReflectiveOperationException {
        assertThat(KeyLifetime.class.getField(name).getInt(null)).isEqualTo(Integer.decode(expected));
    }

    @ParameterizedTest(name = "persistence {0}, location {1} -> {2}")
    @CsvSource({
        "0xff, 0x000000, 0x000000ff",
        "0x01, 0x800001, 0x80000101",
        "0x00, 0x000000, 0x00000000",
        "0x01, 0x000000, 0x00000001",
        "0x02, 0x000001, 0x00000102",
    })
    void lifetimeIsLocationShiftedOverPersistence(String persistence, String location, String lifetime) {
        KeyLifetime l = KeyLifetime.fromPersistenceAndLocation(Integer.decode(persistence), Integer.decode(location));
        assertThat(l.value()).isEqualTo(Integer.parseUnsignedInt(lifetime.substring(2), 16));
        assertThat(l.persistence()).isEqualTo(Integer.decode(persistence));
        assertThat(l.location()).isEqualTo(Integer.decode(location));
    }

    @Test
    void tfmBuiltInKeysArePersistentInAVendorLocation() {
        KeyLifetime builtIn = KeyLifetime.of(0x80000101);
        assertThat(builtIn.isPersistent()).isTrue();
        assertThat(builtIn.isVendorLocation()).isTrue();
        assertThat(builtIn.isLocalStorage()).isFalse();
        assertThat(builtIn.isReadOnly()).isFalse();
    }

    @Test
    void volatileIsPersistenceZeroInAnyLocation() {
        assertThat(KeyLifetime.VOLATILE.isVolatile()).isTrue();
        assertThat(KeyLifetime.fromPersistenceAndLocation(0, 0x000001).isVolatile()).isTrue();
        assertThat(KeyLifetime.PERSISTENT.isVolatile()).isFalse();
    }

    @Test
    void readOnlyIsPersistence0xff() {
        assertThat(KeyLifetime.fromPersistenceAndLocation(0xff, 0).isReadOnly()).isTrue();
        assertThat(KeyLifetime.PERSISTENT.isReadOnly()).isFalse();
    }

    @Test
    void outOfRangePersistenceOrLocationIsRejected() {
        assertThatThrownBy(() -> KeyLifetime.fromPersistenceAndLocation(0x100, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyLifetime.fromPersistenceAndLocation(1, 0x1000000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyLifetime.fromPersistenceAndLocation(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesTheStandardLifetimes() {
        assertThat(KeyLifetime.VOLATILE).hasToString("PSA_KEY_LIFETIME_VOLATILE");
        assertThat(KeyLifetime.PERSISTENT).hasToString("PSA_KEY_LIFETIME_PERSISTENT");
        assertThat(KeyLifetime.of(0x80000101))
                .hasToString("PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(0x01, 0x800001)");
    }

    /** Values from psa-constants.md, "Key identifiers (psa_key_id_t)". */
    @ParameterizedTest(name = "PSA_KEY_ID_{0} = {1}")
    @CsvSource({
        "NULL,       0x00000000",
        "USER_MIN,   0x00000001",
        "USER_MAX,   0x3fffffff",
        "VENDOR_MIN, 0x40000000",
        "VENDOR_MAX, 0x7fffffff",
    })
    void keyIdConstantsHaveTheSpecValues(String name, String expected) throws ReflectiveOperationException {
        assertThat(KeyId.class.getField(name).getInt(null)).isEqualTo(Integer.decode(expected));
    }

    @ParameterizedTest(name = "{0}: user={1} vendor={2} valid={3}")
    @CsvSource({
        "0x00000000, false, false, false",
        "0x00000001, true,  false, true",
        "0x3fffffff, true,  false, true",
        "0x40000000, false, true,  true",
        "0x7fff815c, false, true,  true",
        "0x7fffffff, false, true,  true",
        "0x80000000, false, false, false",
        "0xffffffff, false, false, false",
    })
    void keyIdRanges(String id, boolean user, boolean vendor, boolean valid) {
        int v = Integer.parseUnsignedInt(id.substring(2), 16);
        assertThat(KeyId.isUser(v)).as("isUser").isEqualTo(user);
        assertThat(KeyId.isVendor(v)).as("isVendor").isEqualTo(vendor);
        assertThat(KeyId.isValid(v)).as("isValid").isEqualTo(valid);
    }
}
