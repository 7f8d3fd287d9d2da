package dev.citadel.psa.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyUsageTest {

    /** Values from psa-constants.md, "Key usage flags (psa_key_usage_t)". */
    @ParameterizedTest(name = "PSA_KEY_USAGE_{0} = {1}")
    @CsvSource({
        "EXPORT,            0x00000001",
        "COPY,              0x00000002",
        "CACHE,             0x00000004",
        "ENCRYPT,           0x00000100",
        "DECRYPT,           0x00000200",
        "SIGN_MESSAGE,      0x00000400",
        "VERIFY_MESSAGE,    0x00000800",
        "SIGN_HASH,         0x00001000",
        "VERIFY_HASH,       0x00002000",
        "DERIVE,            0x00004000",
        "VERIFY_DERIVATION, 0x00008000",
    })
    void usageFlagsHaveTheSpecValues(String name, String expected) throws ReflectiveOperationException {
        KeyUsage flag = (KeyUsage) KeyUsage.class.getField(name).get(null);
        assertThat(flag.value()).isEqualTo(Integer.decode(expected));
    }

    @Test
    void signHashImpliesSignMessage() {
        assertThat(KeyUsage.SIGN_HASH.withImplied()).isEqualTo(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.SIGN_MESSAGE));
    }

    @Test
    void verifyHashImpliesVerifyMessage() {
        assertThat(KeyUsage.VERIFY_HASH.withImplied())
                .isEqualTo(KeyUsage.of(KeyUsage.VERIFY_HASH, KeyUsage.VERIFY_MESSAGE));
    }

    @Test
    void messageFlagsImplyNothing() {
        KeyUsage usage = KeyUsage.of(KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE, KeyUsage.EXPORT);
        assertThat(usage.withImplied()).isEqualTo(usage);
        assertThat(usage.withImplied().contains(KeyUsage.SIGN_HASH)).isFalse();
    }

    @Test
    void withImpliedKeepsTheOtherFlags() {
        assertThat(KeyUsage.of(0x1001).withImplied().value()).isEqualTo(0x1401);
    }

    @Test
    void withAddsAndWithoutRemovesFlags() {
        KeyUsage usage = KeyUsage.NONE.with(KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        assertThat(usage.value()).isEqualTo(0x300);
        assertThat(usage.without(KeyUsage.ENCRYPT)).isEqualTo(KeyUsage.DECRYPT);
    }

    @Test
    void containsRequiresEveryFlagOfTheArgument() {
        KeyUsage usage = KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
        assertThat(usage.contains(KeyUsage.ENCRYPT)).isTrue();
        assertThat(usage.contains(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT))).isTrue();
        assertThat(usage.contains(KeyUsage.of(KeyUsage.ENCRYPT, KeyUsage.EXPORT))).isFalse();
        assertThat(usage.contains(KeyUsage.NONE)).isTrue();
    }

    @Test
    void valuesAreImmutable() {
        KeyUsage usage = KeyUsage.EXPORT;
        usage.with(KeyUsage.COPY);
        assertThat(usage.value()).isEqualTo(1);
    }

    @Test
    void undefinedBitsSurviveARoundTrip() {
        assertThat(KeyUsage.of(0x80000001).value()).isEqualTo(0x80000001);
    }

    @Test
    void toStringListsTheCNamesInBitOrder() {
        assertThat(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.EXPORT))
                .hasToString("PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_HASH");
        assertThat(KeyUsage.NONE).hasToString("0");
        assertThat(KeyUsage.of(0x00010001)).hasToString("PSA_KEY_USAGE_EXPORT | 0x00010000");
    }
}
