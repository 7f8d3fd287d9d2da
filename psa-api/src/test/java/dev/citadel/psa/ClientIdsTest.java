package dev.citadel.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIdsTest {

    @Test
    void defaultNsidTranslatesToTheTrustZoneLimit() {
        assertThat(ClientIds.translate(ClientIds.TZ_NS_AGENT_LIMIT, -1)).isEqualTo(-0x3C000000);
    }

    @Test
    void lowestNsidTranslatesToTheTrustZoneBase() {
        assertThat(ClientIds.translate(ClientIds.TZ_NS_AGENT_LIMIT, -0x10000)).isEqualTo(-0x3C00FFFF);
    }

    @Test
    void trustZoneBaseIsTheTranslationOfTheLowestNsid() {
        assertThat(ClientIds.TZ_NS_AGENT_BASE).isEqualTo(-0x3C00FFFF);
    }

    @Test
    void translationUsesTheAgentsLimit() {
        assertThat(ClientIds.translate(ClientIds.MAILBOX_NS_AGENT_LIMIT, -2)).isEqualTo(-0x04000001);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -0x10001, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void translateRejectsAnNsidOutsideTheRange(int nsid) {
        assertThatThrownBy(() -> ClientIds.translate(ClientIds.TZ_NS_AGENT_LIMIT, nsid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(nsid));
    }

    @Test
    void defaultNsClientIsTheTrustZoneLimit() {
        assertThat(ClientIds.DEFAULT_NS_CLIENT).isEqualTo(-0x3C000000);
    }

    @Test
    void onlyNegativeClientIdsAreNonSecure() {
        assertThat(ClientIds.isNonSecure(-1)).isTrue();
        assertThat(ClientIds.isNonSecure(0)).isFalse();
        assertThat(ClientIds.isNonSecure(256)).isFalse();
    }
}
