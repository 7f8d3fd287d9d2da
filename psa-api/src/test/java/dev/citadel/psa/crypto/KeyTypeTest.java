package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTypeTest {

    private static KeyType constant(String name) throws ReflectiveOperationException {
        return (KeyType) KeyType.class.getField(name).get(null);
    }

    /** Values from psa-constants.md, "Key types (psa_key_type_t, uint16)". */
    @ParameterizedTest(name = "PSA_KEY_TYPE_{0} = {1}")
    @CsvSource({
        "NONE,           0x0000",
        "RAW_DATA,       0x1001",
        "HMAC,           0x1100",
        "DERIVE,         0x1200",
        "PASSWORD,       0x1203",
        "PASSWORD_HASH,  0x1205",
        "PEPPER,         0x1206",
        "AES,            0x2400",
        "ARIA,           0x2406",
        "DES,            0x2301",
        "CAMELLIA,       0x2403",
        "SM4,            0x2405",
        "ARC4,           0x2002",
        "CHACHA20,       0x2004",
        "XCHACHA20,      0x2007",
        "RSA_PUBLIC_KEY, 0x4001",
        "RSA_KEY_PAIR,   0x7001",
    })
    void namedKeyTypesHaveTheSpecValues(String name, String expected) throws ReflectiveOperationException {
        assertThat(constant(name).value()).isEqualTo(Integer.decode(expected));
    }

    /** Values from psa-constants.md: PSA_KEY_TYPE_ECC_KEY_PAIR(f) and PSA_KEY_TYPE_ECC_PUBLIC_KEY(f). */
    @ParameterizedTest(name = "{0}: pair {1}, public {2}")
    @CsvSource({
        "SECP_K1,         0x7117, 0x4117",
        "SECP_R1,         0x7112, 0x4112",
        "SECP_R2,         0x711b, 0x411b",
        "SECT_K1,         0x7127, 0x4127",
        "SECT_R1,         0x7122, 0x4122",
        "SECT_R2,         0x712b, 0x412b",
        "BRAINPOOL_P_R1,  0x7130, 0x4130",
        "FRP,             0x7133, 0x4133",
        "MONTGOMERY,      0x7141, 0x4141",
        "TWISTED_EDWARDS, 0x7142, 0x4142",
    })
    void eccKeyTypesEncodeTheFamilyInTheLowByte(EccFamily family, String pair, String pub) {
        assertThat(KeyType.eccKeyPair(family).value()).isEqualTo(Integer.decode(pair));
        assertThat(KeyType.eccPublicKey(family).value()).isEqualTo(Integer.decode(pub));
    }

    @Test
    void dhKeyTypesForRfc7919HaveTheSpecValues() {
        assertThat(KeyType.dhKeyPair(DhFamily.RFC7919).value()).isEqualTo(0x7203);
        assertThat(KeyType.dhPublicKey(DhFamily.RFC7919).value()).isEqualTo(0x4203);
    }

    /** Values from psa-constants.md, "ECC / DH families (uint8)". */
    @ParameterizedTest(name = "PSA_ECC_FAMILY_{0} = {1}")
    @CsvSource({
        "SECP_K1,         0x17",
        "SECP_R1,         0x12",
        "SECP_R2,         0x1b",
        "SECT_K1,         0x27",
        "SECT_R1,         0x22",
        "SECT_R2,         0x2b",
        "BRAINPOOL_P_R1,  0x30",
        "FRP,             0x33",
        "MONTGOMERY,      0x41",
        "TWISTED_EDWARDS, 0x42",
    })
    void eccFamiliesHaveTheSpecValues(EccFamily family, String expected) {
        assertThat(family.value()).isEqualTo(Integer.decode(expected));
        assertThat(EccFamily.fromValue(Integer.decode(expected))).contains(family);
    }

    @Test
    void theSpecDefinesTenEccFamilies() {
        assertThat(EccFamily.values()).hasSize(10);
    }

    @Test
    void dhFamilyRfc7919Is3() {
        assertThat(DhFamily.RFC7919.value()).isEqualTo(0x03);
        assertThat(DhFamily.fromValue(0x03)).contains(DhFamily.RFC7919);
        assertThat(DhFamily.values()).hasSize(1);
    }

    @Test
    void familiesFromUnknownValuesAreEmpty() {
        assertThat(EccFamily.fromValue(0x19)).isEmpty();
        assertThat(DhFamily.fromValue(0x05)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: unstructured={1} asymmetric={2} public={3} pair={4} ecc={5} rsa={6} dh={7}")
    @CsvSource({
        "0x1001, true,  false, false, false, false, false, false",
        "0x1200, true,  false, false, false, false, false, false",
        "0x2400, true,  false, false, false, false, false, false",
        "0x2004, true,  false, false, false, false, false, false",
        "0x4001, false, true,  true,  false, false, true,  false",
        "0x7001, false, true,  false, true,  false, true,  false",
        "0x4112, false, true,  true,  false, true,  false, false",
        "0x7112, false, true,  false, true,  true,  false, false",
        "0x7141, false, true,  false, true,  true,  false, false",
        "0x4203, false, true,  true,  false, false, false, true",
        "0x7203, false, true,  false, true,  false, false, true",
        "0x0000, false, false, false, false, false, false, false",
    })
    void predicatesFollowTheCategoryBits(String type, boolean unstructured, boolean asymmetric, boolean isPublic,
            boolean pair, boolean ecc, boolean rsa, boolean dh) {
        KeyType t = KeyType.of(Integer.decode(type));
        assertThat(t.isUnstructured()).as("isUnstructured").isEqualTo(unstructured);
        assertThat(t.isAsymmetric()).as("isAsymmetric").isEqualTo(asymmetric);
        assertThat(t.isPublicKey()).as("isPublicKey").isEqualTo(isPublic);
        assertThat(t.isKeyPair()).as("isKeyPair").isEqualTo(pair);
        assertThat(t.isEcc()).as("isEcc").isEqualTo(ecc);
        assertThat(t.isRsa()).as("isRsa").isEqualTo(rsa);
        assertThat(t.isDh()).as("isDh").isEqualTo(dh);
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({"0x7112, 0x4112", "0x7001, 0x4001", "0x7203, 0x4203", "0x7142, 0x4142"})
    void keyPairAndPublicKeyDifferOnlyInThePairBits(String pair, String pub) {
        KeyType p = KeyType.of(Integer.decode(pair));
        KeyType q = KeyType.of(Integer.decode(pub));
        assertThat(p.publicKeyOf()).isEqualTo(q);
        assertThat(q.keyPairOf()).isEqualTo(p);
        assertThat(p.value() ^ q.value()).isEqualTo(0x3000);
    }

    @Test
    void publicKeyOfAPublicKeyAndKeyPairOfAKeyPairAreTheTypeItself() {
        assertThat(KeyType.RSA_PUBLIC_KEY.publicKeyOf()).isEqualTo(KeyType.RSA_PUBLIC_KEY);
        assertThat(KeyType.RSA_KEY_PAIR.keyPairOf()).isEqualTo(KeyType.RSA_KEY_PAIR);
    }

    @Test
    void publicKeyOfASymmetricTypeIsAProgrammingError() {
        assertThatThrownBy(KeyType.AES::publicKeyOf).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(KeyType.HMAC::keyPairOf).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eccFamilyIsReadFromEitherHalfOfThePair() {
        assertThat(KeyType.eccKeyPair(EccFamily.SECP_R1).eccFamily()).contains(EccFamily.SECP_R1);
        assertThat(KeyType.eccPublicKey(EccFamily.MONTGOMERY).eccFamily()).contains(EccFamily.MONTGOMERY);
        assertThat(KeyType.dhKeyPair(DhFamily.RFC7919).dhFamily()).contains(DhFamily.RFC7919);
    }

    @Test
    void familiesOfOtherTypesAreEmpty() {
        assertThat(KeyType.RSA_KEY_PAIR.eccFamily()).isEmpty();
        assertThat(KeyType.eccKeyPair(EccFamily.SECP_R1).dhFamily()).isEmpty();
        assertThat(KeyType.AES.familyValue()).isZero();
    }

    @Test
    void anEccTypeWithAnUnknownFamilyKeepsItsRawFamily() {
        KeyType t = KeyType.of(0x4119);
        assertThat(t.isEcc()).isTrue();
        assertThat(t.eccFamily()).isEmpty();
        assertThat(t.familyValue()).isEqualTo(0x19);
        assertThat(t).hasToString("PSA_KEY_TYPE_ECC_PUBLIC_KEY(0x19)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0x2400 | PSA_KEY_TYPE_AES",
        "0x0000 | PSA_KEY_TYPE_NONE",
        "0x7001 | PSA_KEY_TYPE_RSA_KEY_PAIR",
        "0x7112 | PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)",
        "0x4141 | PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_MONTGOMERY)",
        "0x7203 | PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919)",
        "0x4203 | PSA_KEY_TYPE_DH_PUBLIC_KEY(PSA_DH_FAMILY_RFC7919)",
        "0x2fff | 0x2fff",
        "0x5112 | 0x5112",
    })
    void toStringIsTheCExpression(String value, String expected) {
        assertThat(KeyType.of(Integer.decode(value))).hasToString(expected);
    }

    @Test
    void typesWithTheSameValueAreEqual() {
        assertThat(KeyType.of(0x2400)).isEqualTo(KeyType.AES).hasSameHashCodeAs(KeyType.AES);
        assertThat(KeyType.of(0x2400)).isNotEqualTo(KeyType.ARIA);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x10000, 0x12345})
    void ofRejectsValuesWiderThan16Bits(int value) {
        assertThatThrownBy(() -> KeyType.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bits");
    }

    @Test
    void vendorFlagIsBit15() {
        assertThat(KeyType.of(0x8001).isVendorDefined()).isTrue();
        assertThat(KeyType.AES.isVendorDefined()).isFalse();
    }
}
