package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CryptoFunctionTest {

    /** Values from reference/tfm.md §2.2, "Function IDs". */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "GENERATE_RANDOM,           0x0100",
        "GET_KEY_ATTRIBUTES,        0x0200",
        "ABANDONED_OPEN_KEY,        0x0201",
        "ABANDONED_CLOSE_KEY,       0x0202",
        "IMPORT_KEY,                0x0203",
        "DESTROY_KEY,               0x0204",
        "EXPORT_KEY,                0x0205",
        "EXPORT_PUBLIC_KEY,         0x0206",
        "PURGE_KEY,                 0x0207",
        "COPY_KEY,                  0x0208",
        "GENERATE_KEY,              0x0209",
        "HASH_COMPUTE,              0x0300",
        "HASH_COMPARE,              0x0301",
        "HASH_SETUP,                0x0302",
        "HASH_UPDATE,               0x0303",
        "HASH_CLONE,                0x0304",
        "HASH_FINISH,               0x0305",
        "HASH_VERIFY,               0x0306",
        "HASH_ABORT,                0x0307",
        "CAN_DO_HASH,               0x0308",
        "MAC_COMPUTE,               0x0400",
        "MAC_VERIFY,                0x0401",
        "MAC_SIGN_SETUP,            0x0402",
        "MAC_VERIFY_SETUP,          0x0403",
        "MAC_UPDATE,                0x0404",
        "MAC_SIGN_FINISH,           0x0405",
        "MAC_VERIFY_FINISH,         0x0406",
        "MAC_ABORT,                 0x0407",
        "CIPHER_ENCRYPT,            0x0500",
        "CIPHER_DECRYPT,            0x0501",
        "CIPHER_ENCRYPT_SETUP,      0x0502",
        "CIPHER_DECRYPT_SETUP,      0x0503",
        "CIPHER_GENERATE_IV,        0x0504",
        "CIPHER_SET_IV,             0x0505",
        "CIPHER_UPDATE,             0x0506",
        "CIPHER_FINISH,             0x0507",
        "CIPHER_ABORT,              0x0508",
        "CAN_DO_CIPHER,             0x0509",
        "AEAD_ENCRYPT,              0x0600",
        "AEAD_DECRYPT,              0x0601",
        "AEAD_ENCRYPT_SETUP,        0x0602",
        "AEAD_DECRYPT_SETUP,        0x0603",
        "AEAD_GENERATE_NONCE,       0x0604",
        "AEAD_SET_NONCE,            0x0605",
        "AEAD_SET_LENGTHS,          0x0606",
        "AEAD_UPDATE_AD,            0x0607",
        "AEAD_UPDATE,               0x0608",
        "AEAD_FINISH,               0x0609",
        "AEAD_VERIFY,               0x060A",
        "AEAD_ABORT,                0x060B",
        "ASYMMETRIC_SIGN_MESSAGE,   0x0700",
        "ASYMMETRIC_VERIFY_MESSAGE, 0x0701",
        "ASYMMETRIC_SIGN_HASH,      0x0702",
        "ASYMMETRIC_VERIFY_HASH,    0x0703",
        "ASYMMETRIC_ENCRYPT,        0x0800",
        "ASYMMETRIC_DECRYPT,        0x0801",
        "RAW_KEY_AGREEMENT,         0x0900",
        "KEY_DERIVATION_SETUP,      0x0901",
        "KD_GET_CAPACITY,           0x0902",
        "KD_SET_CAPACITY,           0x0903",
        "KD_INPUT_BYTES,            0x0904",
        "KD_INPUT_KEY,              0x0905",
        "KD_INPUT_INTEGER,          0x0906",
        "KD_KEY_AGREEMENT,          0x0907",
        "KD_OUTPUT_BYTES,           0x0908",
        "KD_OUTPUT_KEY,             0x0909",
        "KD_ABORT,                  0x090A",
    })
    void functionIdsAreTfmsValues(CryptoFunction function, String expected) {
        assertThat(function.value()).isEqualTo(Integer.decode(expected));
        assertThat(CryptoFunction.fromValue(Integer.decode(expected))).contains(function);
    }

    @Test
    void tfmDefines67CryptoFunctions() {
        assertThat(CryptoFunction.values()).hasSize(67);
    }

    @Test
    void everyFunctionIdIsDistinct() {
        assertThat(Arrays.stream(CryptoFunction.values()).map(CryptoFunction::value)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(CryptoFunction.class)
    void theHighByteIsTheGroup(CryptoFunction function) {
        assertThat(function.value() >> 8).isEqualTo(function.group().id());
        assertThat(CryptoFunction.Group.ofFunctionId(function.value())).contains(function.group());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "RANDOM, 1", "KEY_MANAGEMENT, 2", "HASH, 3", "MAC, 4", "CIPHER, 5", "AEAD, 6",
        "ASYMMETRIC_SIGN, 7", "ASYMMETRIC_ENCRYPT, 8", "KEY_DERIVATION, 9",
    })
    void groupIdsAreTfmsValues(CryptoFunction.Group group, int id) {
        assertThat(group.id()).isEqualTo(id);
    }

    @Test
    void unknownFunctionIdsAreEmpty() {
        assertThat(CryptoFunction.fromValue(0x030A)).isEmpty();
        assertThat(CryptoFunction.fromValue(0x0000)).isEmpty();
        assertThat(CryptoFunction.fromValue(0x0A00)).isEmpty();
    }

    @Test
    void aFunctionIdInAnUnknownGroupHasNoGroup() {
        assertThat(CryptoFunction.Group.ofFunctionId(0x0A00)).isEmpty();
        assertThat(CryptoFunction.Group.ofFunctionId(0x0000)).isEmpty();
        assertThat(CryptoFunction.Group.ofFunctionId(0x03FF)).contains(CryptoFunction.Group.HASH);
    }
}
