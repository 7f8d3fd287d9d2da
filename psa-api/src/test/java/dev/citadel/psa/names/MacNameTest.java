package dev.citadel.psa.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MacNameTest {
    /** HMAC 256/256, 384/384, 512/512: RFC 9053 §3.1 (table 7). */
    private static final Map<MacName, Integer> RFC_9053 = Map.of(
            MacName.HMAC_SHA256, 5, MacName.HMAC_SHA384, 6, MacName.HMAC_SHA512, 7);

    /** {@code CKM_SHA256_HMAC} and so on, PKCS#11 2.40's pkcs11t.h. */
    private static final Map<MacName, Long> CKM = Map.of(
            MacName.HMAC_SHA256, 0x251L, MacName.HMAC_SHA384, 0x261L, MacName.HMAC_SHA512, 0x271L);

    /** {@code PSA_ALG_HMAC(PSA_ALG_SHA_256)} and so on (psa-constants.md). */
    private static final Map<MacName, Integer> PSA = Map.of(
            MacName.HMAC_SHA256, 0x03800009, MacName.HMAC_SHA384, 0x0380000A, MacName.HMAC_SHA512, 0x0380000B);

    @ParameterizedTest
    @EnumSource(MacName.class)
    void theOidNamesTheSameMacInTheJdk(MacName m) {
        assertThat(Jdk.serviceByOid("Mac", m.oid())).hasValue(m.jcaName());
    }

    @ParameterizedTest
    @EnumSource(MacName.class)
    void theLengthIsTheJdkMacLength(MacName m) throws Exception {
        assertThat(m.length()).isEqualTo(Mac.getInstance(m.jcaName()).getMacLength());
    }

    @ParameterizedTest
    @EnumSource(MacName.class)
    void theIdentitiesAreTheSpecsValues(MacName m) {
        assertThat(m.cose()).isEqualTo(RFC_9053.get(m));
        assertThat(m.ckm()).isEqualTo(CKM.get(m));
        assertThat(m.psa().value()).isEqualTo(PSA.get(m));
    }

    @ParameterizedTest
    @EnumSource(MacName.class)
    void everyIdentityLeadsBackToTheRow(MacName m) {
        assertThat(MacName.byHash(m.hash())).hasValue(m);
        assertThat(MacName.byCose(m.cose())).hasValue(m);
        assertThat(MacName.byCkm(m.ckm())).hasValue(m);
    }

    @Test
    void unknownMacsGiveEmpty() {
        assertThat(MacName.byHash(HashName.SHA_1)).isEmpty();
        assertThat(MacName.byCose(4)).isEmpty(); // HMAC 256/64
        assertThat(MacName.byCkm(0x221)).isEmpty(); // CKM_SHA_1_HMAC
    }
}
