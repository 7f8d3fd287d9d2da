package dev.citadel.psa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PsaStatusTest {

    /** The spec table: PSA Status code API, FF-M 1.1, Crypto API and Firmware Update API. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "SUCCESS,                 0",
        "SUCCESS_REBOOT,          1",
        "SUCCESS_RESTART,         2",
        "PROGRAMMER_ERROR,     -129",
        "CONNECTION_REFUSED,   -130",
        "CONNECTION_BUSY,      -131",
        "GENERIC_ERROR,        -132",
        "NOT_PERMITTED,        -133",
        "NOT_SUPPORTED,        -134",
        "INVALID_ARGUMENT,     -135",
        "INVALID_HANDLE,       -136",
        "BAD_STATE,            -137",
        "BUFFER_TOO_SMALL,     -138",
        "ALREADY_EXISTS,       -139",
        "DOES_NOT_EXIST,       -140",
        "INSUFFICIENT_MEMORY,  -141",
        "INSUFFICIENT_STORAGE, -142",
        "INSUFFICIENT_DATA,    -143",
        "SERVICE_FAILURE,      -144",
        "COMMUNICATION_FAILURE,-145",
        "STORAGE_FAILURE,      -146",
        "HARDWARE_FAILURE,     -147",
        "INSUFFICIENT_ENTROPY, -148",
        "INVALID_SIGNATURE,    -149",
        "INVALID_PADDING,      -150",
        "CORRUPTION_DETECTED,  -151",
        "DATA_CORRUPT,         -152",
        "DATA_INVALID,         -153",
        "DEPENDENCY_NEEDED,    -156",
        "FLASH_ABUSE,          -160",
        "INSUFFICIENT_POWER,   -161",
        "OPERATION_INCOMPLETE, -248",
    })
    void valueMatchesTheSpecification(PsaStatus status, int expected) {
        assertThat(status.value()).isEqualTo(expected);
    }

    @Test
    void theSpecTableListsEveryConstant() {
        // Guards the table above: a new constant must be added to it with its spec value.
        assertThat(PsaStatus.values()).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(PsaStatus.class)
    void fromValueReturnsTheStatusWithThatValue(PsaStatus status) {
        assertThat(PsaStatus.fromValue(status.value())).isSameAs(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 100, Integer.MAX_VALUE, -1, -128, -154, -155, -157, -159, -162, -247, -249, -250,
        Integer.MIN_VALUE})
    void fromValueOfAnUndefinedValueIsNull(int value) {
        assertThat(PsaStatus.fromValue(value)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SUCCESS,              PSA_SUCCESS",
        "SUCCESS_REBOOT,       PSA_SUCCESS_REBOOT",
        "SUCCESS_RESTART,      PSA_SUCCESS_RESTART",
        "INVALID_ARGUMENT,     PSA_ERROR_INVALID_ARGUMENT",
        "PROGRAMMER_ERROR,     PSA_ERROR_PROGRAMMER_ERROR",
        "DATA_INVALID,         PSA_ERROR_DATA_INVALID",
        "FLASH_ABUSE,          PSA_ERROR_FLASH_ABUSE",
        "OPERATION_INCOMPLETE, PSA_OPERATION_INCOMPLETE",
    })
    void cNameIsTheNameOfTheCMacro(PsaStatus status, String cName) {
        assertThat(status.cName()).isEqualTo(cName);
    }

    @Test
    void describeNamesADefinedStatusWithItsValue() {
        assertThat(PsaStatus.describe(-135)).isEqualTo("PSA_ERROR_INVALID_ARGUMENT (-135)");
    }

    @Test
    void describeOfSuccessUsesTheSuccessName() {
        assertThat(PsaStatus.describe(0)).isEqualTo("PSA_SUCCESS (0)");
    }

    @Test
    void describeOfAnUndefinedValueGivesTheNumber() {
        assertThat(PsaStatus.describe(-7)).isEqualTo("status -7");
    }

    @Test
    void nonNegativeStatusesAreSuccessesAndNegativeOnesAreNot() {
        assertThat(PsaStatus.SUCCESS_RESTART.isSuccess()).isTrue();
        assertThat(PsaStatus.SUCCESS.isSuccess()).isTrue();
        assertThat(PsaStatus.OPERATION_INCOMPLETE.isSuccess()).isFalse();
    }
}
